import zlib from 'zlib';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode, storeRecordParameters } from '../harness/engine';
import { useLocalServer } from '../support/fixture';

// Store Record's "All Items in One Record": every item's JSON as one record (a JSON array, JSON
// Lines or CSV), through n8n's engine against the local server.

const TOKEN = 'all-items-token-0123456789';
const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'ada' }], store: 'reports' });
const LIMIT = 9 * 1024 * 1024;

const params = (overrides: INodeParameters = {}) =>
	storeRecordParameters('~reports', { storeId: { __rl: true, mode: 'name', value: '~reports' }, recordKey: 'daily-report', inputMode: 'all', options: { retryDelay: 10 }, ...overrides });
const run = (parameters: INodeParameters, items: INodeExecutionData[], onError: 'stopWorkflow' | 'continueErrorOutput' = 'stopWorkflow') =>
	runNode({ parameters, items, credentials: local.credentials(), onError });
const stored = (key = 'daily-report') => local.server.getRecord('~reports', key);
const items = (...values: IDataObject[]) => values.map((json) => ({ json }));

describe('Store Record: all items in one record', () => {
	it('stores the items as one JSON array (not { data: [...] }) and outputs one item paired with every input item', async () => {
		const input = items({ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }, { sku: 'c', qty: 3, note: 'last' });
		const { outputs } = await run(params({ batchFormat: 'jsonArray' }), input);
		const record = stored()!;
		expect(JSON.parse(record.decoded.toString())).toEqual(input.map((i) => i.json));
		expect(record.contentType).toBe('application/json; charset=utf-8');
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json).toMatchObject({ key: 'daily-report', itemCount: 3, contentEncoding: 'identity', bytes: record.decoded.length, uploadedBytes: record.body.length });
		expect(outputs[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(local.server.stats.byRoute['PUT record']).toBe(1);
	});

	it('stores JSON Lines, gzipped by Automatic once the text passes 1 KiB', async () => {
		const input = Array.from({ length: 200 }, (_, i) => ({ json: { i, text: `row ${i}` } }));
		const { outputs } = await run(params({ batchFormat: 'jsonLines', compression: 'auto' }), input);
		const record = stored()!;
		expect(record.contentEncoding).toBe('gzip');
		expect(record.contentType).toBe('application/jsonl; charset=utf-8');
		expect(zlib.gunzipSync(record.body).equals(record.decoded)).toBe(true);
		const lines = record.decoded.toString().split('\n');
		expect(lines.pop()).toBe('');
		expect(lines.map((l) => JSON.parse(l))).toEqual(input.map((i) => i.json));
		expect(outputs[0][0].json).toMatchObject({ itemCount: 200, contentEncoding: 'gzip', uploadedBytes: record.body.length });
		const small = await run(params({ batchFormat: 'jsonLines', recordKey: 'small' }), items({ a: 1 }));
		expect(small.outputs[0][0].json.contentEncoding).toBe('identity');
	});

	it('stores CSV by RFC 4180: columns the union of the keys in first-seen order, nested values as JSON, fields quoted as needed', async () => {
		const input = items(
			{ name: 'Ann', city: 'Prague' },
			{ name: 'Bob, Jr.', age: 40, tags: ['a', 'b'] },
			{ city: 'Line\nbreak', quote: 'say "hi"', name: null, address: { zip: '110 00' } },
		);
		await run(params({ batchFormat: 'csv', contentType: '' }), input);
		const record = stored()!;
		expect(record.contentType).toBe('text/csv; charset=utf-8');
		expect(record.decoded.toString()).toBe(
			[
				'name,city,age,tags,quote,address',
				'Ann,Prague,,,,',
				'"Bob, Jr.",,40,"[""a"",""b""]",,',
				',"Line\nbreak",,,"say ""hi""","{""zip"":""110 00""}"',
				'',
			].join('\r\n'),
		);
	});

	it("refuses a record over Apify's 9 MiB limit (counted uncompressed) before sending anything, with the item count and the size", async () => {
		const input = Array.from({ length: 10 }, (_, i) => ({ json: { i, text: 'x'.repeat(1024 * 1024) } }));
		for (const compression of ['none', 'gzip']) {
			const { error } = await run(params({ batchFormat: 'jsonLines', compression }), input);
			expect(error?.message).toMatch(new RegExp(`^10 items as one JSON Lines record would be 10485\\d{3} bytes \\(10\\.0 MiB\\), more than Apify's record limit of ${LIMIT} bytes \\(9\\.0 MiB\\)$`));
			expect((error as unknown as { description: string }).description).toMatch(/^Nothing was sent\. Apify counts a record uncompressed/);
		}
		expect(local.server.stats.byRoute['PUT record']).toBeUndefined();
		expect(stored()).toBeUndefined();
		// Just under the limit it is stored.
		const nine = Array.from({ length: 9 }, (_, i) => ({ json: { i, text: 'x'.repeat(1024 * 1024 - 100) } }));
		const { outputs } = await run(params({ batchFormat: 'jsonLines', compression: 'gzip' }), nine);
		expect(outputs[0][0].json).toMatchObject({ itemCount: 9, contentEncoding: 'gzip' });
		expect(Number(outputs[0][0].json.bytes)).toBeLessThanOrEqual(LIMIT);
		expect(stored()!.decoded.length).toBe(outputs[0][0].json.bytes);
	});

	it('fails by name on an item that cannot be written, sends nothing, and with the error output pairs the error with every item', async () => {
		const circular: IDataObject = { id: 2, nested: {} };
		(circular.nested as IDataObject).self = circular;
		const input = [{ json: { id: 0 } }, { json: { id: 1 } }, { json: circular }];
		const { error } = await run(params({ batchFormat: 'jsonArray' }), input);
		expect(error?.message).toMatch(/^Item 2's JSON cannot be turned into JSON: \$\.nested\.self refers back/);
		expect((error as unknown as { description: string }).description).toMatch(/Nothing was stored: all 3 items go into one record.*Fix or remove item 2/);
		expect(local.server.stats.byRoute['PUT record']).toBeUndefined();
		const routed = await run(params({ batchFormat: 'csv' }), input, 'continueErrorOutput');
		expect(routed.outputs[0] ?? []).toEqual([]);
		expect(routed.outputs[1]).toHaveLength(1);
		expect(String(routed.outputs[1][0].json.error)).toMatch(/Item 2's field "nested" cannot be turned into JSON/);
	});

	it("writes one record into a run's store too, and leaves one record per item as it was (the default)", async () => {
		const actor = local.server.createActor('batcher');
		const r = local.server.createRun({ actorId: actor.id });
		const { outputs } = await run(params({ storeSource: 'run', runId: { __rl: true, mode: 'id', value: r.id }, recordKey: 'OUTPUT' }), items({ a: 1 }, { a: 2 }));
		expect(outputs[0][0].json).toMatchObject({ key: 'OUTPUT', itemCount: 2, storeId: r.defaultKeyValueStoreId, runId: r.id });
		expect(JSON.parse(local.server.getRecord(r.defaultKeyValueStoreId, 'OUTPUT')!.decoded.toString())).toEqual([{ a: 1 }, { a: 2 }]);
		const each = await run({ ...params({ recordKey: '={{ "k" + $json.a }}' }), inputMode: undefined } as INodeParameters, items({ a: 1 }, { a: 2 }));
		expect(each.outputs[0].map((o) => o.json.key)).toEqual(['k1', 'k2']);
	});
});
