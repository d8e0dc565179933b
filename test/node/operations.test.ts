import crypto from 'crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import { binaryBytes, makeBinary, runListSearch, runNode, setBinaryDataMode } from '../harness/engine';
import { startServer, type LocalServer } from '../support/local-server';
import { compressionsHere } from '../support/runtime';

const TOKEN = `ops-token-${crypto.randomBytes(4).toString('hex')}`;
let server: LocalServer;
let storeId: string;

beforeAll(async () => {
	server = await startServer({ tokens: [{ token: TOKEN, username: 'fay' }, { token: 'other-token', username: 'gus', userId: 'GusUserId00000000' }] });
	await setBinaryDataMode('filesystem');
});
afterAll(async () => server.close());
beforeEach(() => {
	server.reset();
	storeId = server.ensureStore('ops').id;
});

const credentials = { apiToken: TOKEN, baseUrl: '' };
const store = () => ({ __rl: true, mode: 'id', value: storeId });
const key = (value: string) => ({ __rl: true, mode: 'key', value });
const run = (parameters: INodeParameters, items: INodeExecutionData[] = [{ json: {} }], onError?: 'continueRegularOutput' | 'continueErrorOutput') =>
	runNode({ parameters: { options: { retryDelay: 10 }, ...parameters }, items, credentials: { ...credentials, baseUrl: server.url }, onError });

async function storeThenGet(storeParams: INodeParameters, item: INodeExecutionData, getOptions: INodeParameters = {}) {
	const stored = await run({ resource: 'record', operation: 'store', storeId: store(), recordKey: 'rt', ...storeParams }, [item]);
	expect(stored.error).toBeUndefined();
	const got = await run({ resource: 'record', operation: 'get', storeId: store(), recordKey: key('rt'), options: getOptions });
	expect(got.error).toBeUndefined();
	return { stored: stored.outputs[0][0].json, got: got.outputs[0][0] };
}

describe('Get Record after Store Record: a round trip for each value source and compression', () => {
	const compressions = compressionsHere(['none', 'gzip', 'deflate', 'br', 'auto']);
	const payload = { id: 7, text: 'é'.repeat(800), nested: { list: [1, 2, 3], flag: true, none: null } };

	it.each(compressions)('item JSON, %s: parsed back into the item, equal', async (compression) => {
		const { stored, got } = await storeThenGet({ valueSource: 'itemJson', compression }, { json: payload });
		expect(got.json).toEqual(payload);
		expect(stored.bytes).toBe(Buffer.byteLength(JSON.stringify(payload)));
	});

	it.each(compressions)('custom JSON array, %s: given back as value', async (compression) => {
		const { got } = await storeThenGet({ valueSource: 'customJson', jsonValue: '[1, "two", {"three": 3}]', compression }, { json: {} });
		expect(got.json.value).toEqual([1, 'two', { three: 3 }]);
	});

	it.each(compressions)('text, %s: the same string', async (compression) => {
		const text = 'line one\nzwei – drei\n'.repeat(200);
		const { got } = await storeThenGet({ valueSource: 'text', textValue: text, compression }, { json: {} });
		expect(got.json).toMatchObject({ key: 'rt', value: text, contentType: 'text/plain; charset=utf-8', bytes: Buffer.byteLength(text) });
	});

	it.each(compressions)('binary, %s: the same bytes, MIME type and a file name', async (compression) => {
		const bytes = crypto.randomBytes(20_000);
		const binary = await makeBinary(bytes, 'application/pdf', 'report.pdf');
		const { got } = await storeThenGet({ valueSource: 'binary', binaryPropertyName: 'data', compression }, { json: {}, binary: { data: binary } });
		const out = got.binary!.data;
		expect(out.mimeType).toBe('application/pdf');
		expect(out.fileName).toBe('rt');
		expect((await binaryBytes(out)).equals(bytes)).toBe(true);
		expect(got.json).toMatchObject({ key: 'rt', contentType: 'application/pdf', bytes: bytes.length });
	});

	it('binary in filesystem mode comes back in filesystem mode, bytes identical', async () => {
		await setBinaryDataMode('filesystem');
		try {
			const bytes = crypto.randomBytes(100_000);
			const { got } = await storeThenGet(
				{ valueSource: 'binary', binaryPropertyName: 'data', compression: 'gzip' },
				{ json: {}, binary: { data: await makeBinary(bytes, 'image/webp', 'a.webp') } },
				{ binaryPropertyName: 'file' },
			);
			const out = got.binary!.file;
			expect(out.id).toBeDefined();
			expect((await Container.get(BinaryDataService).getAsBuffer(out)).equals(bytes)).toBe(true);
		} finally {
			await setBinaryDataMode('filesystem');
		}
	});

	it('JSON as Text keeps a JSON record as written', async () => {
		const { got } = await storeThenGet({ valueSource: 'customJson', jsonValue: '{ "a" : 1 }' }, { json: {} }, { jsonAsText: true });
		expect(got.json.value).toBe('{ "a" : 1 }');
	});
});

describe('Get, Delete and Check Record Exists', () => {
	beforeEach(() => server.putRecord(storeId, 'present', Buffer.from('{"x":1}'), 'application/json'));

	it('a missing record is an error by default, a flagged item by option', async () => {
		const failed = await run({ resource: 'record', operation: 'get', storeId: store(), recordKey: key('absent') });
		expect(failed.error?.message).toBe(`Record "absent" was not found in store "${storeId}"`);
		expect(failed.error?.description).toMatch(/Check the record key.* Apify API answered 404 \(record-not-found/);
		const flagged = await run({ resource: 'record', operation: 'get', storeId: store(), recordKey: key('absent'), options: { ifMissing: 'flag' } });
		expect(flagged.outputs[0][0].json).toEqual({ key: 'absent', found: false });
	});

	it('checks existence with HEAD, never failing for a missing record', async () => {
		const { outputs, error } = await run({ resource: 'record', operation: 'exists', storeId: store(), recordKey: { __rl: true, mode: 'key', value: '={{ $json.k }}' } }, [
			{ json: { k: 'present' } },
			{ json: { k: 'absent' } },
		]);
		expect(error).toBeUndefined();
		expect(outputs[0].map((i) => i.json)).toEqual([{ key: 'present', exists: true }, { key: 'absent', exists: false }]);
		expect(server.stats.byRoute['HEAD record']).toBe(2);
	});

	it('deletes a record', async () => {
		const { outputs } = await run({ resource: 'record', operation: 'delete', storeId: store(), recordKey: key('present') });
		expect(outputs[0][0].json).toEqual({ key: 'present', deleted: true });
		expect(server.getRecord(storeId, 'present')).toBeUndefined();
	});

	it('refuses an invalid key before sending, and reports a missing store', async () => {
		const bad = await run({ resource: 'record', operation: 'delete', storeId: store(), recordKey: key('no spaces') });
		expect(bad.error?.message).toMatch(/Apify does not allow: " "/);
		expect(server.stats.requests).toBe(0);
		const missing = await run({ resource: 'record', operation: 'get', storeId: { __rl: true, mode: 'name', value: '~nope' }, recordKey: key('present') });
		expect(missing.error?.message).toBe('Store "~nope" was not found');
	});
});

describe('List Keys', () => {
	const keys = Array.from({ length: 2500 }, (_, i) => `item-${String(i).padStart(5, '0')}`);
	beforeEach(() => {
		for (const k of keys) server.putRecord(storeId, k, Buffer.from(k));
		server.putRecord(storeId, 'other', Buffer.from('o'));
	});

	it('returns all keys across pages of 1,000 with Return All, in order', async () => {
		const { outputs, error } = await run({ resource: 'record', operation: 'listKeys', storeId: store(), returnAll: true });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(2501);
		expect(outputs[0].slice(0, 2500).map((i) => i.json.key)).toEqual(keys);
		// The server signs the link for a token that may write to the store, as Apify does.
		expect(outputs[0][2500].json).toEqual({
			key: 'other',
			size: 1,
			recordPublicUrl: expect.stringMatching(new RegExp(`^${server.url}/v2/key-value-stores/${storeId}/records/other\\?signature=[0-9a-zA-Z]+$`)),
		});
		expect(server.stats.byRoute.keys).toBe(3);
	});

	it('stops at the limit, filters by prefix and starts after a key', async () => {
		const limited = await run({ resource: 'record', operation: 'listKeys', storeId: store(), returnAll: false, limit: 1500 });
		expect(limited.outputs[0].map((i) => i.json.key)).toEqual(keys.slice(0, 1500));
		const prefixed = await run({ resource: 'record', operation: 'listKeys', storeId: store(), returnAll: true, options: { prefix: 'item-024' } });
		expect(prefixed.outputs[0]).toHaveLength(100);
		const after = await run({ resource: 'record', operation: 'listKeys', storeId: store(), returnAll: true, options: { exclusiveStartKey: 'item-02498' } });
		expect(after.outputs[0].map((i) => i.json.key)).toEqual(['item-02499', 'other']);
	});

	it('fails clearly for a store that does not exist', async () => {
		const { error } = await run({ resource: 'record', operation: 'listKeys', storeId: { __rl: true, mode: 'name', value: '~nope' }, returnAll: true });
		expect(error?.message).toBe('Store "~nope" was not found');
	});
});

describe('Stores', () => {
	it('gets or creates a store by name', async () => {
		const first = await run({ resource: 'store', operation: 'getOrCreate', storeName: 'fresh-store' });
		expect(first.outputs[0][0].json).toMatchObject({ name: 'fresh-store', username: 'fay', created: true });
		const again = await run({ resource: 'store', operation: 'getOrCreate', storeName: 'fresh-store' });
		expect(again.outputs[0][0].json).toMatchObject({ id: first.outputs[0][0].json.id, created: false });
		const bad = await run({ resource: 'store', operation: 'getOrCreate', storeName: 'no_underscores' });
		expect(bad.error?.message).toMatch(/not a valid store name/);
	});

	it('gets a store by name, and fails for a store of another account', async () => {
		const { outputs } = await run({ resource: 'store', operation: 'get', storeId: { __rl: true, mode: 'name', value: 'fay~ops' } });
		expect(outputs[0][0].json).toMatchObject({ id: storeId, name: 'ops' });
		const foreign = await runNode({
			parameters: { resource: 'store', operation: 'get', storeId: { __rl: true, mode: 'name', value: 'fay~ops' }, options: { retryDelay: 10 } },
			items: [{ json: {} }],
			credentials: { apiToken: 'other-token', baseUrl: server.url },
		});
		expect(foreign.error?.message).toBe('The API token has no permission for store "fay~ops"');
		expect(foreign.error?.description).toMatch(/Apify API answered 403 \(insufficient-permissions/);
	});

	it('lists stores with a limit, all of them, and unnamed ones on request', async () => {
		for (let i = 0; i < 30; i++) server.ensureStore(`s-${String(i).padStart(2, '0')}`);
		const limited = await run({ resource: 'store', operation: 'getAll', returnAll: false, limit: 10 });
		expect(limited.outputs[0]).toHaveLength(10);
		const all = await run({ resource: 'store', operation: 'getAll', returnAll: true });
		expect(all.outputs[0]).toHaveLength(31);
		await run({ resource: 'store', operation: 'getOrCreate', storeName: 'named' });
		const unnamedBefore = (await run({ resource: 'store', operation: 'getAll', returnAll: true, options: { unnamed: true } })).outputs[0].length;
		expect(unnamedBefore).toBe(32);
	});

	it('Get Many of version 2 simplifies each store by default; version 1 and Simplify off give every field', async () => {
		const parameters = { options: { retryDelay: 10 }, resource: 'store', operation: 'getAll', returnAll: true };
		const getMany = async (typeVersion: number, extra: INodeParameters = {}) =>
			(await runNode({ parameters: { ...parameters, ...extra }, items: [{ json: {} }], credentials: { ...credentials, baseUrl: server.url }, typeVersion })).outputs[0].map((item) => item.json);
		server.putRecord(storeId, 'sized', Buffer.from('12345'), 'text/plain');
		const [simple] = await getMany(2);
		expect(Object.keys(simple)).toEqual(['id', 'name', 'title', 'username', 'createdAt', 'modifiedAt', 'accessedAt', 'storageBytes', 'consoleUrl']);
		expect(simple).toMatchObject({ id: storeId, name: 'ops', title: null, username: 'fay', storageBytes: 5 });
		const [raw] = await getMany(2, { simple: false });
		const [v1] = await getMany(1);
		for (const full of [raw, v1]) {
			expect(full).toMatchObject({ id: storeId, name: 'ops', stats: expect.objectContaining({ storageBytes: 5 }) });
			expect(Object.keys(full).length).toBeGreaterThan(Object.keys(simple).length);
			expect(full).not.toHaveProperty('urlSigningSecretKey');
		}
		expect(Object.keys(v1)).toEqual(Object.keys(raw));
	});
});

describe('Pickers (list search)', () => {
	it('lists stores a page at a time and filters them', async () => {
		for (let i = 0; i < 120; i++) server.ensureStore(`pick-${i}`);
		const first = await runListSearch('searchStores', { parameters: {}, credentials: { ...credentials, baseUrl: server.url } });
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = await runListSearch('searchStores', { parameters: {}, credentials: { ...credentials, baseUrl: server.url }, paginationToken: '100' });
		expect(second.results).toHaveLength(21);
		expect(second.paginationToken).toBeUndefined();
		const filtered = await runListSearch('searchStores', { parameters: {}, credentials: { ...credentials, baseUrl: server.url }, filter: 'OPS' });
		// Random IDs may contain "ops" too: every result matches by name or ID, and the store named "ops" is there.
		expect(filtered.results).toContainEqual({ name: `ops (${storeId})`, value: storeId, url: `https://console.apify.com/storage/key-value-stores/${storeId}` });
		for (const result of filtered.results) expect(String(result.name).toLowerCase()).toContain('ops');
	});

	it('lists the store the field already names first, by its name, with the value as written', async () => {
		for (let i = 0; i < 120; i++) server.ensureStore(`pick-${i}`);
		const creds = { ...credentials, baseUrl: server.url };
		const url = `https://console.apify.com/storage/key-value-stores/${storeId}`;
		// Typed by name, then switched to the list: the store ("ops", older than the first page) comes first.
		const byName = await runListSearch('searchStores', { parameters: { storeId: { __rl: true, mode: 'list', value: '~ops' } }, credentials: creds });
		expect(byName.results[0]).toEqual({ name: `ops (${storeId})`, value: '~ops', url });
		expect(byName.results).toHaveLength(101);
		expect(byName.results.filter((r) => r.url === url)).toHaveLength(1);
		// An ID on the page is left where it is (n8n lifts it); a store that is not there leaves the list as it is.
		const newest = (await runListSearch('searchStores', { parameters: {}, credentials: creds })).results;
		const onPage = await runListSearch('searchStores', { parameters: { storeId: { __rl: true, mode: 'list', value: newest[5].value } }, credentials: creds });
		expect(onPage.results).toEqual(newest);
		const missing = await runListSearch('searchStores', { parameters: { storeId: { __rl: true, mode: 'list', value: '~no-such-store' } }, credentials: creds });
		expect(missing.results).toEqual(newest);
		// Later pages are as they were.
		const second = await runListSearch('searchStores', { parameters: { storeId: { __rl: true, mode: 'list', value: '~ops' } }, credentials: creds, paginationToken: '100' });
		expect(second.results).toHaveLength(21);
	});

	it("lists the chosen store's keys, by prefix, a page at a time", async () => {
		for (let i = 0; i < 150; i++) server.putRecord(storeId, `k-${String(i).padStart(3, '0')}`, Buffer.from('xy'));
		const parameters = { storeId: store() };
		const first = await runListSearch('searchRecordKeys', { parameters, credentials: { ...credentials, baseUrl: server.url } });
		expect(first.results[0]).toEqual({ name: 'k-000 (2 B)', value: 'k-000' });
		expect(first.results).toHaveLength(100);
		const second = await runListSearch('searchRecordKeys', { parameters, credentials: { ...credentials, baseUrl: server.url }, paginationToken: first.paginationToken });
		expect(second.results).toHaveLength(50);
		expect(second.paginationToken).toBeUndefined();
		const filtered = await runListSearch('searchRecordKeys', { parameters, credentials: { ...credentials, baseUrl: server.url }, filter: 'k-14' });
		expect(filtered.results).toHaveLength(10);
	});
});
