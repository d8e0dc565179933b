import { ApifyClient } from 'apify-client';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { binaryBytes, runNode } from '../harness/engine';
import { useLocalServer } from '../support/fixture';

// The rest of apify-client 2.25's store features, through n8n's engine against the local server:
// collections of a store's schema, signed and expiring links to a key list and an archive (equal
// to apify-client's), Get or Create with a schema, Update with a title, Get Many by ownership.

const TOKEN = 'features-token-0123456789';
const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'fay' }] });

const SCHEMA = {
	actorKeyValueStoreSchemaVersion: 1,
	title: 'Crawl results',
	collections: {
		screenshots: { title: 'Screenshots', keyPrefix: 'shot-', contentTypes: ['image/png'] },
		output: { title: 'Output', key: 'OUTPUT' },
	},
};

const run = async (parameters: INodeParameters, items: INodeExecutionData[] = [{ json: {} }]) =>
	await runNode({ parameters: { ...parameters, options: { retryDelay: 10, ...(parameters.options as object) } }, items, credentials: local.credentials(), onError: 'continueErrorOutput' });
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const client = () => new ApifyClient({ baseUrl: local.server.url, publicBaseUrl: local.server.url, token: TOKEN, maxRetries: 0 });

let storeId = '';
beforeEach(async () => {
	local.server.reset();
	const made = await run({ resource: 'store', operation: 'getOrCreate', storeName: 'crawl', options: { schema: JSON.stringify(SCHEMA) } });
	storeId = String(made.outputs[0][0].json.id);
	for (const key of ['OUTPUT', 'shot-1', 'shot-2', 'log.txt']) local.server.putRecord(storeId, key, Buffer.from(`body of ${key}`), 'text/plain');
});

describe('Get or Create with a schema, Update with a title, Get Many by ownership', () => {
	it('creates the store with the schema, which Store > Get then shows', async () => {
		const { outputs } = await run({ resource: 'store', operation: 'get', storeId: byId(storeId) });
		expect(outputs[0][0].json.schema).toEqual(SCHEMA);
		// An existing store keeps its schema: Get or Create with another one returns it as it is.
		const again = await run({ resource: 'store', operation: 'getOrCreate', storeName: 'crawl', options: { schema: '{"actorKeyValueStoreSchemaVersion":1}' } });
		expect(again.outputs[0][0].json).toMatchObject({ id: storeId, created: false, schema: SCHEMA });
	});

	it('gives a store a title', async () => {
		const { outputs } = await run({ resource: 'store', operation: 'update', storeId: byId(storeId), updateFields: { title: 'Daily crawl' } });
		expect(outputs[0][0].json).toMatchObject({ id: storeId, name: 'crawl', title: 'Daily crawl' });
	});

	it('lists the stores owned by the account, and none shared with it here', async () => {
		const owned = await run({ resource: 'store', operation: 'getAll', returnAll: true, options: { ownership: 'ownedByMe' } });
		expect(owned.outputs[0].map((item) => item.json.id)).toEqual([storeId]);
		const shared = await run({ resource: 'store', operation: 'getAll', returnAll: true, options: { ownership: 'sharedWithMe' } });
		expect(shared.outputs[0]).toEqual([]);
	});
});

describe("collections of the store's schema", () => {
	it('List Keys and Download Records take a Collection', async () => {
		const listed = await run({ resource: 'record', operation: 'listKeys', storeId: byId(storeId), returnAll: true, options: { collection: 'screenshots' } });
		expect(listed.outputs[0].map((item) => item.json.key)).toEqual(['shot-1', 'shot-2']);
		const output = await run({ resource: 'record', operation: 'listKeys', storeId: byId(storeId), returnAll: true, options: { collection: 'output' } });
		expect(output.outputs[0].map((item) => item.json.key)).toEqual(['OUTPUT']);
		const archive = await run({ resource: 'store', operation: 'downloadRecords', storeId: byId(storeId), options: { collection: 'screenshots' } });
		const zip = await binaryBytes(archive.outputs[0][0].binary!.data);
		expect(zip.includes(Buffer.from('shot-1'))).toBe(true);
		expect(zip.includes(Buffer.from('log.txt'))).toBe(false);
	});
});

describe('signed, expiring links to a key list and an archive', () => {
	afterEach(() => jest.useRealTimers());

	it("List Keys adds keysPublicUrl, equal to apify-client's createKeysPublicUrl, which opens without a token", async () => {
		// One stopped clock for the node and apify-client (timers stay real), so both sign the same expiry.
		const now = Date.now();
		jest.useFakeTimers({ now, doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] });
		const listed = await run({ resource: 'record', operation: 'listKeys', storeId: byId(storeId), returnAll: true, options: { publicUrl: true, prefix: 'shot-', expiresAfter: 3600, requestsPerSecond: 0 } });
		const expected = await client().keyValueStore(storeId).createKeysPublicUrl({ expiresInSecs: 3600, prefix: 'shot-' });
		expect(Date.now()).toBe(now);
		jest.useRealTimers();
		const link = String(listed.outputs[0][0].json.keysPublicUrl);
		expect(link).toBe(expected);
		const opened = await fetch(link);
		expect(opened.status).toBe(200);
		expect(((await opened.json()) as { data: { items: Array<{ key: string }> } }).data.items.map((item) => item.key)).toEqual(['shot-1', 'shot-2']);
	});

	it('opens the key list and the archive without a token until it expires, then refuses', async () => {
		const listed = await run({ resource: 'record', operation: 'listKeys', storeId: byId(storeId), returnAll: true, options: { publicUrl: true, expiresAfter: 2 } });
		const archive = await run({ resource: 'store', operation: 'downloadRecords', storeId: byId(storeId), options: { publicUrl: true, expiresAfter: 2 } });
		const keysLink = String(listed.outputs[0][0].json.keysPublicUrl);
		const archiveLink = String(archive.outputs[0][0].json.publicUrl);
		expect(archiveLink).toMatch(new RegExp(`^${local.server.url}/v2/key-value-stores/${storeId}/records\\?signature=`));
		const keys = await fetch(keysLink);
		expect(keys.status).toBe(200);
		expect(((await keys.json()) as { data: { items: unknown[] } }).data.items).toHaveLength(4);
		const zip = await fetch(archiveLink);
		expect(zip.status).toBe(200);
		expect(zip.headers.get('content-type')).toBe('application/zip');
		await new Promise((resolve) => setTimeout(resolve, 2200));
		expect((await fetch(keysLink)).status).toBe(403);
		expect((await fetch(archiveLink)).status).toBe(403);
	});

	it('Expires After 0 signs a link that never expires, as apify-client does without expiresInSecs', async () => {
		const listed = await run({ resource: 'record', operation: 'listKeys', storeId: byId(storeId), limit: 1, options: { publicUrl: true, expiresAfter: 0 } });
		expect(String(listed.outputs[0][0].json.keysPublicUrl)).toBe(await client().keyValueStore(storeId).createKeysPublicUrl());
	});
});
