import path from 'path';
import type { INodeParameters } from 'n8n-workflow';
import { runNode, storeRecordParameters } from '../harness/engine';
import { scriptedServer, type ScriptedServer } from '../support/canned-server';
import { expectGeneratedSection } from '../support/generated-doc';

// Every option and parameter accepts a stated type and range, and refuses anything else with its
// own name in the message, before any request. Values come from expressions, as a careless
// workflow author's would. Each case adds a row to docs/bad-inputs.md.

const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const TOKEN = 'apify_api_ParamValuesToken0123456789abcdef';
const STORE = { __rl: true, mode: 'id', value: 'ParamValuesStore1' };
const KEY = { __rl: true, mode: 'key', value: 'k' };

let srv: ScriptedServer;
beforeAll(async () => {
	srv = await scriptedServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"id":"ParamValuesStore1","items":[]}}'));
	});
});
afterAll(async () => await srv.close());

const expr = (value: unknown) => `={{ ${JSON.stringify(value)} }}`;
const getRecord = (options: INodeParameters): INodeParameters => ({ resource: 'record', operation: 'get', storeId: STORE, recordKey: KEY, options });
const listKeys = (extra: INodeParameters): INodeParameters => ({ resource: 'record', operation: 'listKeys', storeId: STORE, ...extra });
const download = (options: INodeParameters): INodeParameters => ({ resource: 'store', operation: 'downloadRecords', storeId: STORE, options });
const update = (updateFields: INodeParameters): INodeParameters => ({ resource: 'store', operation: 'update', storeId: STORE, updateFields });

const cases: Array<{ what: string; params: INodeParameters; message: RegExp }> = [
	{ what: 'Timeout 1500.5', params: getRecord({ timeout: expr(1500.5) }), message: /^"Timeout" is 1500\.5, but it must be a whole number from 1 to 2147483647$/ },
	{ what: 'Timeout 3e9 (past what a timer holds)', params: getRecord({ timeout: expr(3e9) }), message: /^"Timeout" is 3000000000, but it must be a whole number from 1 to 2147483647$/ },
	{ what: 'Timeout 1e10', params: getRecord({ timeout: expr(1e10) }), message: /^"Timeout" is 10000000000, but/ },
	{ what: 'Timeout "soon"', params: getRecord({ timeout: expr('soon') }), message: /^"Timeout" is "soon", but it must be a whole number/ },
	{ what: 'Max Retries 2.5', params: getRecord({ maxRetries: expr(2.5) }), message: /^"Max Retries" is 2\.5, but it must be a whole number from 0 to 20$/ },
	{ what: 'Max Retries 21', params: getRecord({ maxRetries: expr(21) }), message: /^"Max Retries" is 21, but/ },
	{ what: 'Retry Delay -1', params: getRecord({ retryDelay: expr(-1) }), message: /^"Retry Delay" is -1, but it must be a whole number from 0 to 2147483647$/ },
	{ what: 'Rate Limit per Store true', params: getRecord({ requestsPerSecond: expr(true) }), message: /^"Rate Limit per Store" is true, but it must be a number from 0 to 100000$/ },
	{ what: 'Rate Limit per Store -5', params: getRecord({ requestsPerSecond: expr(-5) }), message: /^"Rate Limit per Store" is -5, but/ },
	{ what: 'Max Record Size 0', params: getRecord({ maxRecordBytes: expr(0) }), message: /^"Max Record Size" is 0, but it must be a whole number from 1 to/ },
	{ what: 'If Missing "maybe"', params: getRecord({ ifMissing: expr('maybe') }), message: /^"If Missing" is "maybe", but it must be one of: error, flag$/ },
	{ what: 'JSON as Text "yes"', params: getRecord({ jsonAsText: expr('yes') }), message: /^"JSON as Text" is "yes", but it must be true or false$/ },
	{ what: 'Add Public URL 1', params: getRecord({ publicUrl: expr(1) }), message: /^"Add Public URL" is 1, but it must be true or false$/ },
	{ what: 'Put Output File in Field an object', params: getRecord({ binaryPropertyName: '={{ { a: 1 } }}' }), message: /^"Put Output File in Field" is an object, but it must be text$/ },
	{ what: 'Download Records: Put Output File in Field a list', params: download({ binaryPropertyName: '={{ ["a"] }}' }), message: /^"Put Output File in Field" is a list \(\["a"\]\), but it must be text$/ },
	{ what: 'Download Records: Max Archive Size 1.5', params: download({ maxArchiveBytes: expr(1.5) }), message: /^"Max Archive Size" is 1\.5, but/ },
	{ what: 'Download Records: Expires After -1', params: download({ expiresAfter: expr(-1) }), message: /^"Expires After" is -1, but it must be a whole number from 0 to/ },
	{ what: 'List Keys: Limit 0', params: listKeys({ limit: expr(0) }), message: /^"Limit" is 0, but it must be a whole number from 1 to/ },
	{ what: 'List Keys: Prefix an object', params: listKeys({ options: { prefix: '={{ { p: 1 } }}' } }), message: /^"Prefix" is an object, but it must be text$/ },
	{ what: 'Get Many: Ownership "mine"', params: { resource: 'store', operation: 'getAll', options: { ownership: expr('mine') } }, message: /^"Ownership" is "mine", but it must be one of: all, ownedByMe, sharedWithMe$/ },
	{ what: 'Store Update: Name null', params: update({ name: expr(null) }), message: /^"Name" is null, but it must be text$/ },
	{ what: 'Store Update: Name true', params: update({ name: expr(true) }), message: /^"Name" is true, but it must be text$/ },
	{ what: 'Store Update: Name false', params: update({ name: expr(false) }), message: /^"Name" is false, but it must be text$/ },
	{ what: 'Store Update: Name ["ab"]', params: update({ name: '={{ ["ab"] }}' }), message: /^"Name" is a list \(\["ab"\]\), but it must be text$/ },
	{ what: 'Store Update: General Access "PUBLIC"', params: update({ generalAccess: expr('PUBLIC') }), message: /^"General Access" is "PUBLIC", but it must be one of: ANYONE_WITH_ID_CAN_READ/ },
	{ what: 'Get or Create: Store Name null', params: { resource: 'store', operation: 'getOrCreate', storeName: expr(null) }, message: /^"Store Name" is null, but it must be text$/ },
	{ what: 'Get or Create: Schema a list', params: { resource: 'store', operation: 'getOrCreate', storeName: 'ok', options: { schema: '[1]' } }, message: /^"Schema" must be a JSON object$/ },
	{ what: 'Store Record: Value Source "xml"', params: storeRecordParameters('ParamValuesStore1', { recordKey: 'k', valueSource: expr('xml') }), message: /^"Value Source" is "xml", but it must be one of: itemJson, customJson, text, binary$/ },
	{ what: 'Store Record: Content Type a number', params: storeRecordParameters('ParamValuesStore1', { recordKey: 'k', contentType: expr(5) }), message: /^"5" is not a valid content type/ },
];

const rows: string[] = [];

describe('parameter values out of type or range are refused, named, before any request', () => {
	it.each(cases.map((c) => [c.what, c] as const))('%s', async (what, c) => {
		const before = srv.requests();
		const { outputs, error } = await runNode({ parameters: c.params, items: [{ json: {} }], credentials: { apiToken: TOKEN, baseUrl: srv.url }, onError: 'continueErrorOutput' });
		expect(error).toBeUndefined();
		expect(outputs[0]).toEqual([]);
		const message = String(outputs[1][0].json.error);
		expect(message).toMatch(c.message);
		expect(srv.requests()).toBe(before);
		rows.push(`| ${what} | ${message.replace(/\|/g, '\\|')} |`);
	});

	it('a number given to a text parameter is read as its text: Store Update renames to "42"', async () => {
		const bodies: string[] = [];
		const echo = await scriptedServer((req, res) => {
			let body = '';
			req.on('data', (c: Buffer) => (body += c.toString()));
			req.on('end', () => {
				bodies.push(body);
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"id":"ParamValuesStore1","name":"42"}}');
			});
		});
		try {
			const { outputs } = await runNode({ parameters: update({ name: expr(42) }), items: [{ json: {} }], credentials: { apiToken: TOKEN, baseUrl: echo.url } });
			expect(JSON.parse(bodies[0])).toEqual({ name: '42' });
			expect(outputs[0][0].json.name).toBe('42');
		} finally {
			await echo.close();
		}
	});

	it('Concurrency 1.5 refuses the run, naming the option, before any request', async () => {
		const before = srv.requests();
		const { error } = await runNode({ parameters: getRecord({ concurrency: expr(1.5) }), items: [{ json: {} }], credentials: { apiToken: TOKEN, baseUrl: srv.url } });
		expect(error?.message).toBe('"Concurrency" is 1.5, but it must be a whole number from 0 to 256');
		expect(srv.requests()).toBe(before);
		rows.push(`| Concurrency 1.5 (read once per run: the node fails) | ${String(error?.message)} |`);
	});

	it('docs/bad-inputs.md lists every case with its message', () => {
		const table = [
			'### Parameter values',
			'',
			'Generated from `test/node/parameter-values.test.ts`: each value comes from an expression; none of these sends a request.',
			'',
			'| Value | Message |',
			'| --- | --- |',
			...rows,
		].join('\n');
		expectGeneratedSection(DOC, 'bad inputs: parameter values', table);
	});
});
