import { ApifyClient } from 'apify-client';
import { startServer, type LocalServer } from '../support/local-server';

// The official client against the local server: what it stores and reads must survive byte for byte.
let server: LocalServer;
let client: ApifyClient;

beforeAll(async () => {
	server = await startServer({ tokens: [{ token: 'client-token', username: 'carol' }] });
	client = new ApifyClient({ baseUrl: server.url, token: 'client-token', maxRetries: 0 });
});
afterAll(async () => server.close());
beforeEach(() => server.reset());

describe('apify-client round trips', () => {
	it('getOrCreate returns the same store for the same name', async () => {
		const first = await client.keyValueStores().getOrCreate('round-trip');
		const second = await client.keyValueStores().getOrCreate('round-trip');
		expect(second.id).toBe(first.id);
		expect(first.name).toBe('round-trip');
		const byName = await client.keyValueStore('carol~round-trip').get();
		expect(byName?.id).toBe(first.id);
	});

	const values: Array<[string, unknown, string | undefined]> = [
		['a small JSON object', { a: 1, nested: { b: [true, null, 'x'] } }, undefined],
		['a large JSON array (sent compressed)', Array.from({ length: 500 }, (_, i) => ({ i, text: `item ${i}` })), undefined],
		['a short text', 'hello, world', 'text/plain; charset=utf-8'],
		['a long text (sent compressed)', 'lorem ipsum '.repeat(500), 'text/plain; charset=utf-8'],
		['binary bytes', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)), 'application/octet-stream'],
	];

	it.each(values)('setRecord then getRecord keeps %s intact', async (_label, value, contentType) => {
		const store = await client.keyValueStores().getOrCreate('values');
		const kvs = client.keyValueStore(store.id);
		await kvs.setRecord({ key: 'value', value: value as never, contentType });
		const stored = server.getRecord(store.id, 'value')!;
		const expectedBytes = Buffer.isBuffer(value)
			? value
			: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
		// What the client sent, decoded, is the value's own serialisation, byte for byte.
		expect(stored.decoded.equals(expectedBytes)).toBe(true);
		if (expectedBytes.length >= 1024) expect(stored.contentEncoding).toBe('br');

		const record = await kvs.getRecord('value', { buffer: true });
		expect(Buffer.isBuffer(record?.value)).toBe(true);
		expect((record!.value as Buffer).equals(expectedBytes)).toBe(true);
		const parsed = await kvs.getRecord('value');
		expect(parsed?.value).toEqual(value);
	});

	it('lists keys across pages and deletes a record', async () => {
		const store = await client.keyValueStores().getOrCreate('keys');
		const kvs = client.keyValueStore(store.id);
		const keys = Array.from({ length: 25 }, (_, i) => `key-${String(i).padStart(2, '0')}`);
		for (const key of keys) await kvs.setRecord({ key, value: { key } });
		const seen: string[] = [];
		let exclusiveStartKey: string | undefined;
		for (let page = 0; page < 10; page++) {
			const list = await kvs.listKeys({ limit: 10, exclusiveStartKey });
			seen.push(...list.items.map((i) => i.key));
			if (!list.isTruncated) break;
			exclusiveStartKey = list.nextExclusiveStartKey;
		}
		expect(seen).toEqual(keys);
		expect(await kvs.recordExists('key-03')).toBe(true);
		await kvs.deleteRecord('key-03');
		expect(await kvs.recordExists('key-03')).toBe(false);
		expect(await kvs.getRecord('key-03')).toBeUndefined();
	});
});
