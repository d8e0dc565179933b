import path from 'path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { makeBinary, runNode, setBinaryDataMode } from '../harness/engine';
import { cannedServer } from '../support/canned-server';
import { expectGeneratedSection } from '../support/generated-doc';
import { startServer, type LocalServer, DEFAULT_BODY_LIMIT } from '../support/local-server';

// The bad-input matrix: each bad input, the message it gets, and whether anything was sent.
// docs/bad-inputs.md is this table; `UPDATE_DOCS=1 npm test` rewrites it, and otherwise the test
// fails when the page and the node's real messages differ.
const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const TOKEN = 'bad-inputs-token-0123456789';

let server: LocalServer;
let storeId: string;

interface Case {
	what: string;
	params?: INodeParameters;
	item?: () => Promise<INodeExecutionData> | INodeExecutionData;
	credentials?: () => IDataObject;
	/** Prepares the server or a stand-in; returns what to undo. */
	setup?: () => Promise<(() => Promise<unknown> | void) | void>;
	/** Whether the problem is visible before any request. */
	local: boolean;
	message: RegExp;
	/** What the description holds beside the fix: the status and Apify's error type, for an API answer. */
	details?: RegExp;
}

let baseOverride: string | undefined;
const canned = (status: number, body: string, headers?: Record<string, string>) => async () => {
	const srv = await cannedServer(status, body, headers);
	baseOverride = srv.url;
	return async () => {
		baseOverride = undefined;
		await srv.close();
	};
};
const store = (value: string, mode = 'id') => ({ storeId: { __rl: true, mode, value } });

const cases: Case[] = [
	{ what: 'Empty key', item: () => ({ json: { key: '' } }), local: true, message: /record key is empty/ },
	{ what: 'Key "." (a URL dot segment)', item: () => ({ json: { key: '.' } }), local: true, message: /means the current folder/ },
	{ what: 'Key ".." (the store itself once in a URL)', item: () => ({ json: { key: '..' } }), local: true, message: /means the folder above/ },
	{ what: 'Key with a space', item: () => ({ json: { key: 'my key' } }), local: true, message: /does not allow: " "/ },
	{ what: 'Key with a slash', item: () => ({ json: { key: 'a/b' } }), local: true, message: /does not allow: "\/"/ },
	{ what: 'Key with a non-ASCII letter', item: () => ({ json: { key: 'café' } }), local: true, message: /does not allow: "é"/ },
	{ what: 'Key with ? and #', item: () => ({ json: { key: 'a?b#c' } }), local: true, message: /does not allow: "\?", "#"/ },
	{ what: '257-character key', item: () => ({ json: { key: 'k'.repeat(257) } }), local: true, message: /257 characters long/ },
	{ what: 'Key expression giving an object', params: { recordKey: '={{ $json.obj }}' }, item: () => ({ json: { obj: { a: 1 } } }), local: true, message: /must be text of .*, but it is object/ },
	{ what: 'Store name without ~', params: store('={{ "my-store" }}'), local: true, message: /write "~my-store"/ },
	{ what: 'Store reference "user~" without a name', params: store('={{ "user~" }}'), local: true, message: /not a valid store name/ },
	{ what: 'Store name with an underscore', params: store('={{ "~bad_name" }}'), local: true, message: /not a valid store name/ },
	{ what: 'Store ID of 16 characters', params: store('={{ "WkzbQMuFYuamGv3Y" }}'), local: true, message: /not a key-value store ID/ },
	{ what: 'Empty store reference', params: store('={{ "" }}'), local: true, message: /No key-value store is set/ },
	{ what: 'Store reference with a slash', params: store('={{ "a/b" }}'), local: true, message: /not a key-value store ID/ },
	{ what: 'Username with a space', params: store('={{ "jane doe~store" }}'), local: true, message: /not a valid Apify username/ },
	{
		what: 'Missing binary property (others present)',
		params: { valueSource: 'binary', binaryPropertyName: 'file' },
		item: async () => ({ json: { key: 'k' }, binary: { data: await makeBinary(Buffer.from('x'), 'text/plain') } }),
		local: true,
		message: /no binary property "file"/,
	},
	{ what: 'Item without binary data', params: { valueSource: 'binary', binaryPropertyName: 'data' }, local: true, message: /no binary property "data"/ },
	{ what: 'Custom JSON that does not parse', params: { valueSource: 'customJson', jsonValue: '{ "a": }' }, local: true, message: /is not valid JSON/ },
	{
		what: 'Item JSON with a circular reference',
		item: () => {
			const json: IDataObject = { key: 'k', inner: {} };
			(json.inner as IDataObject).loop = json;
			return { json };
		},
		local: true,
		message: /\$\.inner\.loop refers back/,
	},
	{ what: 'Text expression giving an object', params: { valueSource: 'text', textValue: '={{ $json.obj }}' }, item: () => ({ json: { key: 'k', obj: { a: 1 } } }), local: true, message: /^"Text" is an object, not text$/ },
	{ what: 'Content type without a subtype', params: { contentType: 'json' }, local: true, message: /not a valid content type/ },
	{ what: 'Content type with a header injection', params: { contentType: '={{ "text/plain\\r\\nX-Evil: 1" }}' }, local: true, message: /not a valid content type/ },
	{ what: 'Unknown compression', params: { compression: 'zstd' }, local: true, message: /"Compression" is "zstd", but it must be one of: auto, none, gzip, deflate, br/ },
	{ what: 'Base URL with plain http to a remote host', credentials: () => ({ baseUrl: 'http://api.example.com' }), local: true, message: /does not use https/ },
	{ what: 'Base URL that is not a URL', credentials: () => ({ baseUrl: 'api.apify.com' }), local: true, message: /is not a URL/ },
	{ what: 'Base URL with a user and password', credentials: () => ({ baseUrl: 'https://u:p@api.apify.com' }), local: true, message: /must not carry a user/ },
	{ what: 'Wrong API token', credentials: () => ({ apiToken: 'wrong-token-000000' }), local: false, message: /^The API token in the credential "Apify API \(test\)" was not accepted$/, details: /Apify API answered 401 \(invalid-token/ },
	{ what: 'Token without write permission', credentials: () => ({ apiToken: `ro-${TOKEN}` }), local: false, message: /^The API token has no permission for record "k" in store "\w+"$/, details: /Apify API answered 403 \(insufficient-permissions/ },
	{ what: 'Store that does not exist', params: store('~no-such-store', 'name'), local: false, message: /^Store "~no-such-store" was not found$/, details: /Apify API answered 404 \(record-or-token-not-found/ },
	{
		what: 'Body over the size limit',
		params: { valueSource: 'text', textValue: 'x'.repeat(3000) },
		setup: async () => {
			server.setBodyLimit(1000);
			return () => server.setBodyLimit(DEFAULT_BODY_LIMIT);
		},
		local: false,
		message: /^Record "k" in store "\w+" is larger than Apify accepts$/,
		details: /Apify API answered 413 \(request-too-large/,
	},
	{
		what: 'Content-Encoding refused by the server',
		setup: canned(415, JSON.stringify({ error: { type: 'unsupported-content-encoding', message: 'Content-Encoding "gzip" is not supported.' } })),
		local: false,
		message: /^Apify did not accept the compression of record "k" in store "\w+"$/,
		details: /Apify API answered 415 \(unsupported-content-encoding/,
	},
	{
		what: 'Rate limit that does not lift',
		setup: async () => {
			server.faults.set([{ kind: 'rate-limit', retryAfter: 0 }]);
		},
		local: false,
		message: /^Apify kept limiting the request rate for record "k" in store "\w+"$/,
		details: /Apify API answered 429 \(rate-limit-exceeded/,
	},
	{
		what: 'Server error that persists',
		setup: async () => {
			server.faults.set([{ kind: 'status', status: 503 }]);
		},
		local: false,
		message: /^Apify had a server problem with record "k" in store "\w+"$/,
		details: /Apify API answered 503 \(internal-server-error/,
	},
	{ what: 'Server answering HTML', setup: canned(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }), local: false, message: /^The server at http:\/\/127\.0\.0\.1:\d+ did not answer like the Apify API$/, details: /Apify API answered 502$/ },
	{ what: 'Redirect', setup: canned(302, '', { location: 'http://127.0.0.2:9/elsewhere' }), local: false, message: /^The server at http:\/\/127\.0\.0\.1:\d+ did not answer like the Apify API$/, details: /Apify API answered 302$/ },
	{
		what: 'Refused connection',
		setup: async () => {
			const srv = await cannedServer(200, '{}');
			await srv.close();
			baseOverride = srv.url;
			return () => {
				baseOverride = undefined;
			};
		},
		local: false,
		message: /connection refused after 2 attempts/,
	},
	{
		what: 'Timeout',
		params: { options: { maxRetries: 1, retryDelay: 10, timeout: 1000 } },
		setup: async () => {
			server.faults.set([{ kind: 'delay', ms: 1500 }]);
		},
		local: false,
		message: /timed out after 1000 ms after 2 attempts/,
	},
	{ what: 'Timeout of 0 from an expression', params: { options: { timeout: '={{ 0 }}' } }, local: true, message: /"Timeout" is 0, but it must be a whole number from 1 to 2147483647/ },
	{ what: 'Store reference with CR/LF', params: store('={{ "a\\r\\nb" }}'), local: true, message: /"a\\r\\nb" is not a key-value store ID/ },
];

beforeAll(async () => {
	server = await startServer({ tokens: [{ token: TOKEN, username: 'bad' }, { token: `ro-${TOKEN}`, username: 'bad', userId: 'LocalUser00000000', readOnly: true }] });
	await setBinaryDataMode('filesystem');
});
afterAll(async () => server.close());
beforeEach(() => {
	server.reset();
	storeId = server.ensureStore('bad-inputs').id;
});

const seen: Array<{ what: string; message: string; description: string; sent: string }> = [];
// The store's ID is new in every run: the page names it by what it is.
const normalise = (text: string, id: string) => text.split(id).join('<store ID>').replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:<port>').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

describe('bad-input matrix: a clear message naming the item, nothing sent where it shows locally, the item kept', () => {
	it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

	it.each(cases.map((c, i) => [i + 1, c.what, c] as const))('%i. %s', async (n, _what, c) => {
		const undo = await c.setup?.();
		try {
			const item: INodeExecutionData = c.item ? await c.item() : { json: { key: 'k' } };
			item.json.case = n;
			const { outputs, error } = await runNode({
				parameters: {
					resource: 'record',
					operation: 'store',
					...store(storeId),
					recordKey: '={{ $json.key }}',
					valueSource: 'itemJson',
					compression: 'auto',
					options: { maxRetries: 1, retryDelay: 10 },
					...c.params,
				},
				items: [item],
				credentials: { apiToken: TOKEN, baseUrl: baseOverride ?? server.url, ...c.credentials?.() },
				onError: 'continueErrorOutput',
			});
			expect(error).toBeUndefined();
			expect(outputs[0]).toEqual([]);
			const failed = outputs[1][0];
			// The item arrives on the error output with its input data and the error.
			expect(failed.json.case).toBe(n);
			expect(failed.pairedItem).toEqual({ item: 0 });
			expect(String(failed.json.error)).toMatch(c.message);
			if (c.details) expect(String(failed.json.message)).toMatch(c.details);
			if (c.local) expect(server.stats.requests).toBe(0);
			// Only { error, message } of its own beside the input data: what n8n 1.x needs to route it.
			const own = Object.keys(failed.json).filter((k) => !(k in item.json));
			expect(own).toEqual(failed.json.message ? ['error', 'message'] : ['error']);
			seen[n - 1] = {
				what: c.what,
				message: normalise(String(failed.json.error), storeId),
				description: normalise(String(failed.json.message ?? ''), storeId),
				sent: c.local ? 'no' : 'yes',
			};
		} finally {
			await undo?.();
		}
	});

	it('docs/bad-inputs.md lists every case with the message it gets', () => {
		const table = [
			'## Bad inputs',
			'',
			'Generated from `test/node/bad-inputs.test.ts` (`UPDATE_DOCS=1 npm test` rewrites it; the test fails when this page and the node disagree).',
			'Each case runs the Store Record operation in n8n\'s engine with "On Error: Continue (using error output)": the item arrives on the error',
			'output with its input data, the message below and the fix in `message`. "Sent" says whether any request went out.',
			'',
			'| # | Bad input | Message | What to do (description) | Sent |',
			'| --- | --- | --- | --- | --- |',
			...seen.map((s, i) => `| ${i + 1} | ${s.what} | ${s.message} | ${s.description} | ${s.sent} |`),
		].join('\n');
		expectGeneratedSection(DOC, 'bad inputs', table);
	});
});
