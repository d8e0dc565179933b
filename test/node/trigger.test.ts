import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { binaryBytes, makePoller, setBinaryDataMode } from '../harness/engine';
import path from 'path';
import { scriptedServer } from '../support/canned-server';
import { useLocalServer } from '../support/fixture';
import { expectGeneratedSection } from '../support/generated-doc';
import { docRows } from '../support/hostile';

// The Apify Key-Value Store Trigger, polled through n8n-core's PollContext and TriggersAndPollers
// against the local server: the baseline, each kind of event, the cap per poll, what an idle poll
// costs, the state it keeps, and the errors n8n shows on the trigger.

const TOKEN = 'trigger-token-0123456789';
const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'watcher' }], store: 'watched' });
beforeAll(async () => await setBinaryDataMode('filesystem'));

const params = (overrides: INodeParameters = {}, options: IDataObject = {}): INodeParameters => ({
	storeId: { __rl: true, mode: 'id', value: local.storeId },
	events: ['added', 'changed', 'deleted'],
	options: { retryDelay: 10, ...options },
	...overrides,
});
const put = (key: string, body: string | Buffer, type = 'application/json') => local.server.putRecord(local.storeId, key, Buffer.from(body), type);
const requests = () => local.server.stats.requests;
const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const doc = docRows();

describe('the trigger', () => {
	it('takes a baseline first, costs one request per idle poll, then reports additions, changes and deletions in key order', async () => {
		put('b', '{"v":1}');
		put('keep', '{"v":1}');
		const poller = makePoller(params(), local.credentials());
		let before = requests();
		expect((await poller.poll()).items).toBeNull();
		// Get Store, then the keys for the baseline.
		expect(requests() - before).toBe(2);
		before = requests();
		expect((await poller.poll()).items).toBeNull();
		const idleCost = requests() - before;
		expect(idleCost).toBe(1);
		process.stderr.write(`[trigger] requests per idle poll: ${idleCost}\n`);

		put('a', '{"v":1}');
		put('b', '{"v":22}');
		local.server.deleteRecord(local.storeId, 'keep');
		const { items, error } = await poller.poll();
		expect(error).toBeUndefined();
		expect(items!.map((item) => item.json)).toEqual([
			{ event: 'added', key: 'a', size: 7, store: local.storeId, storeName: 'watched' },
			{ event: 'changed', key: 'b', size: 8, previousSize: 7, store: local.storeId, storeName: 'watched' },
			{ event: 'deleted', key: 'keep', size: 7, store: local.storeId, storeName: 'watched' },
		]);
		// Each event is reported once.
		expect((await poller.poll()).items).toBeNull();
	});

	it('reports only the events chosen, and the others never pile up', async () => {
		put('x', '1');
		const poller = makePoller(params({ events: ['deleted'] }), local.credentials());
		await poller.poll();
		put('y', '2');
		expect((await poller.poll()).items).toBeNull();
		local.server.deleteRecord(local.storeId, 'x');
		expect((await poller.poll()).items!.map((item) => [item.json.event, item.json.key])).toEqual([['deleted', 'x']]);
	});

	it('outputs at most "Max Events per Poll", in key order; the rest come with the next polls', async () => {
		const poller = makePoller(params({}, { maxEvents: 10 }), local.credentials());
		await poller.poll();
		for (let i = 0; i < 25; i++) put(`k${String(i).padStart(2, '0')}`, '{}');
		const batches: string[][] = [];
		for (let poll = 0; poll < 4; poll++) batches.push(((await poller.poll()).items ?? []).map((item) => String(item.json.key)));
		expect(batches.map((b) => b.length)).toEqual([10, 10, 5, 0]);
		expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`));
	});

	it('includes the value when asked, by Get Record\'s rule: JSON and text into "value", anything else as a file; a bad JSON record as text with a note; a record over the limit with a note', async () => {
		const poller = makePoller(params({ events: ['added'] }, { includeValue: true, maxRecordBytes: 100, publicUrl: true }), local.credentials());
		await poller.poll();
		put('doc', '{"title":"report"}');
		put('page.txt', 'hello', 'text/plain');
		put('pic', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
		put('broken', '{"title":', 'application/json');
		put('huge', 'x'.repeat(500), 'text/plain');
		const items = (await poller.poll()).items!;
		const byKey = Object.fromEntries(items.map((item) => [item.json.key, item]));
		expect(byKey.doc.json.value).toEqual({ title: 'report' });
		expect(byKey['page.txt'].json).toMatchObject({ contentType: 'text/plain', value: 'hello' });
		expect(byKey['page.txt'].binary).toBeUndefined();
		expect(byKey.pic.binary?.data.mimeType).toBe('image/png');
		expect(await binaryBytes(byKey.pic.binary!.data)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
		// Get Record fails such an item; a poll cannot fail one event without losing the others.
		expect(byKey.broken.json).toMatchObject({ value: '{"title":', valueNote: expect.stringMatching(/"broken" says it is JSON but does not parse/) });
		expect(String(byKey.huge.json.valueNote)).toMatch(/larger than 100 bytes/);
		expect(byKey.huge.json.value).toBeUndefined();
		expect(String(byKey.doc.json.publicUrl)).toMatch(new RegExp(`/v2/key-value-stores/${local.storeId}/records/doc\\?signature=`));
	});

	it('watches only a prefix', async () => {
		put('img-1', '1');
		const poller = makePoller(params({}, { prefix: 'img-' }), local.credentials());
		await poller.poll();
		put('img-2', '2');
		put('doc-1', '3');
		expect((await poller.poll()).items!.map((item) => item.json.key)).toEqual(['img-2']);
	});

	it('"Fetch Test Event" gives the last record in key order, as an added one', async () => {
		put('first', '{"n":1}');
		put('zlast', '{"n":2}');
		const poller = makePoller(params({}, { includeValue: true }), local.credentials());
		const { items } = await poller.poll('manual');
		expect(items!.map((item) => item.json)).toEqual([{ event: 'added', key: 'zlast', size: 7, store: local.storeId, storeName: 'watched', contentType: 'application/json', value: { n: 2 } }]);
		// A test event leaves the baseline to the published workflow.
		expect(poller.staticData()).toEqual({});
	});

	it('keeps its state small: 10,000 keys', async () => {
		for (let i = 0; i < 10_000; i++) put(`record-${String(i).padStart(6, '0')}`, '{}');
		const poller = makePoller(params(), local.credentials());
		await poller.poll();
		const bytes = JSON.stringify(poller.staticData()).length;
		process.stderr.write(`[trigger] state for 10,000 keys: ${bytes} bytes\n`);
		expect(bytes).toBeLessThan(150_000);
		put('record-010000', '{}');
		expect((await poller.poll()).items!.map((item) => item.json.key)).toEqual(['record-010000']);
	}, 60_000);

	it('survives a storm of 429s: every event arrives, paced and retried', async () => {
		const poller = makePoller(params({ events: ['added'] }, { includeValue: true, maxRetries: 8 }), local.credentials());
		await poller.poll();
		for (let i = 0; i < 30; i++) put(`storm-${i}`, `{"i":${i}}`);
		local.server.faults.set([{ kind: 'rate-limit', retryAfter: 0, fraction: 0.4 }], 3);
		try {
			const { items, error } = await poller.poll();
			expect(error).toBeUndefined();
			expect(items).toHaveLength(30);
			expect(local.server.faults.injected['rate-limit']).toBeGreaterThan(5);
		} finally {
			local.server.faults.clear();
		}
	});
});

describe('a store watched by name, and listings that are not whole', () => {
	it('watching "~name" watches the name: a store made again under it reports its records as added and the old ones as deleted, with the new ID', async () => {
		put('old-1', '{}');
		put('old-2', '{}');
		const poller = makePoller(params({ storeId: { __rl: true, mode: 'name', value: '~watched' } }), local.credentials());
		await poller.poll();
		local.server.deleteStore(local.storeId);
		const again = local.server.ensureStore('watched').id;
		expect(again).not.toBe(local.storeId);
		local.server.putRecord(again, 'new-1', Buffer.from('{}'), 'application/json');
		const { items } = await poller.poll();
		expect(items!.map((item) => item.json)).toEqual([
			{ event: 'added', key: 'new-1', size: 2, store: again, storeName: 'watched' },
			{ event: 'deleted', key: 'old-1', size: 2, store: again, storeName: 'watched' },
			{ event: 'deleted', key: 'old-2', size: 2, store: again, storeName: 'watched' },
		]);
		doc.note('Store', 'the store watched as "~name" deleted and made again, one record written to it', 'its record reported as added and the two old ones as deleted, each with the new ID');
	});

	/** A store whose second listing is cut short as `lastPage` says: the baseline is whole, the next listing not. */
	async function partialListing(lastPage: (keys: Array<{ key: string; size: number }>) => IDataObject) {
		let listings = 0;
		const all = Array.from({ length: 30 }, (_, i) => ({ key: `k${String(i).padStart(2, '0')}`, size: 1 }));
		const srv = await scriptedServer((req, res) => {
			const url = new URL(req.url ?? '', 'http://x');
			const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
			if (!url.pathname.endsWith('/keys')) return void json({ data: { id: 'PartialStore00001', modifiedAt: `m${listings}`, stats: {} } });
			listings++;
			const start = url.searchParams.get('exclusiveStartKey');
			if (listings === 1) return void json({ data: { items: all, isTruncated: false } });
			// Later listings: a first whole page of 10, then the page the case is about.
			if (!start) return void json({ data: { items: all.slice(0, 10), isTruncated: true, nextExclusiveStartKey: 'k09' } });
			return void json({ data: lastPage(all.slice(10, 20)) });
		});
		return { srv, poller: makePoller(params({ storeId: { __rl: true, mode: 'id', value: 'PartialStore00001' } }, { requestsPerSecond: 0 }), { apiToken: TOKEN, baseUrl: srv.url }) };
	}

	it.each([
		['a truncated page without items', () => ({ items: [], isTruncated: true, nextExclusiveStartKey: 'k19' }), /gave no keys on the page/],
		['a truncated page with items but no cursor', (keys: Array<{ key: string; size: number }>) => ({ items: keys, isTruncated: true, nextExclusiveStartKey: null }), /gave no cursor to the next page/],
	])('%s fails the poll and leaves the state as it was: no event for a key it did not see', async (_case, lastPage, message) => {
		const { srv, poller } = await partialListing(lastPage);
		try {
			expect((await poller.poll()).items).toBeNull();
			const before = JSON.stringify(poller.staticData());
			for (let poll = 0; poll < 2; poll++) {
				const { items, error } = await poller.poll();
				expect(items).toBeNull();
				expect(error?.message).toMatch(message);
				expect(error?.message).toMatch(/^Listing \/v2\/key-value-stores\/PartialStore00001\/keys was not complete/);
				expect(JSON.stringify(poller.staticData())).toBe(before);
			}
			doc.note('Listing', `${_case} on the second page`, `the poll fails, twice alike, and keeps its state: ${String((await poller.poll()).error?.message)}`);
		} finally {
			await srv.close();
		}
	});
});

describe('state the trigger did not write', () => {
	it.each([
		['a key list that does not decode', { keys: 'not,a,snapshot\nat all' }],
		['a field of another type', { scope: 42, keys: '' }],
		['a count that is not a count', { polls: -3 }],
	])('%s becomes one fresh baseline, logged once, and the next change is reported', async (_case, edited) => {
		put('there', '{}');
		const poller = makePoller(params(), local.credentials());
		await poller.poll();
		const state = poller.staticData();
		for (const key of Object.keys(state)) delete state[key];
		Object.assign(state, edited);
		const dropped = await poller.poll();
		expect(dropped.items).toBeNull();
		expect(dropped.logs.filter((line) => line.includes('could not be read'))).toHaveLength(1);
		put('after', '{}');
		const next = await poller.poll();
		expect(next.items!.map((item) => [item.json.event, item.json.key])).toEqual([['added', 'after']]);
		expect(next.logs.filter((line) => line.includes('could not be read'))).toHaveLength(0);
		doc.note('State', `static data with ${_case}`, `one new baseline, logged once (${dropped.logs.find((line) => line.includes('could not be read'))?.replace(/^\S+ /, '').replace(/ \{.*\}$/, '')}); the next record reported`);
	});

	it.each([
		['a string', 'edited by hand'],
		['a number', 7],
		['a list', [1, 2]],
	])('%s, which n8n hands over as it is and cannot be written to: the state moves to the global static data from one new baseline, logged once', async (_case, value) => {
		put('there', '{}');
		const poller = makePoller(params(), local.credentials());
		poller.setStaticData(value);
		const first = await poller.poll();
		expect(first.error).toBeUndefined();
		expect(first.items).toBeNull();
		const moved = first.logs.filter((line) => line.includes('it is kept in the workflow\'s global static data'));
		expect(moved).toHaveLength(1);
		expect(Object.keys(poller.globalStaticData() as object)).toEqual(['apifyKeyValueStoreTrigger:Apify KVS Trigger']);
		put('later', '{}');
		const next = await poller.poll();
		expect(next.items!.map((item) => [item.json.event, item.json.key])).toEqual([['added', 'later']]);
		expect(next.logs.filter((line) => line.includes('global static data'))).toHaveLength(0);
		// Set whole on every save, so n8n sees the change and stores it.
		expect(String((poller.globalStaticData() as Record<string, { keys?: string }>)['apifyKeyValueStoreTrigger:Apify KVS Trigger'].keys)).toContain('later');
		doc.note('State', `static data replaced by ${_case}`, `one new baseline, its state kept in the global static data from then on, logged once (${moved[0].replace(/^\S+ /, '').replace(/ \{.*\}$/, '')}); the next record reported`);
		// Once the node's own static data is an object again, the state goes back there, and the spare goes.
		poller.setStaticData({});
		expect((await poller.poll()).items).toBeNull();
		expect(Object.keys(poller.globalStaticData() as object)).toEqual([]);
	});

	it('nowhere to keep it at all (the global static data a string too) fails the poll with how to clear it', async () => {
		const poller = makePoller(params(), local.credentials());
		poller.setStaticData('edited');
		poller.setStaticData('edited too', 'global');
		const { error } = await poller.poll();
		expect(error?.message).toMatch(/is a string and its global static data a string, so the trigger has nowhere to keep track of the store/);
		expect((error as { description?: string }).description).toMatch(/Remove "staticData" from the workflow/);
		doc.note('State', 'static data and global static data both replaced by strings', `${error?.message}. ${(error as { description?: string }).description}`);
	});
});

describe('errors n8n shows on the trigger', () => {
	it('a store that disappears', async () => {
		const poller = makePoller(params(), local.credentials());
		await poller.poll();
		local.server.deleteStore(local.storeId);
		const { error } = await poller.poll();
		expect(error?.message).toBe(`Store "${local.storeId}" was not found`);
		expect((error as { description?: string }).description).toMatch(/Check the store.* Apify API answered 404 \(record-or-token-not-found/);
	});

	it('a wrong token', async () => {
		const poller = makePoller(params(), local.credentials({ apiToken: 'wrong-token-0123456789' }));
		const { error } = await poller.poll();
		expect(error?.message).toMatch(/^The API token in the credential ".+" was not accepted$/);
		expect((error as { description?: string }).description).toMatch(/^Copy the token again from Apify Console/);
	});

	it('a store with more keys than the trigger watches', async () => {
		let pages = 0;
		const srv = await scriptedServer((req, res) => {
			const url = new URL(req.url ?? '', 'http://x');
			if (!url.pathname.endsWith('/keys')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"id":"BigStoreXXXXXXXXX","modifiedAt":"x","stats":{}}}');
			const start = Number(url.searchParams.get('exclusiveStartKey') ?? -1);
			pages++;
			const items = Array.from({ length: 1000 }, (_, i) => ({ key: String(start + 1 + i).padStart(7, '0'), size: 1 }));
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { items, isTruncated: true, nextExclusiveStartKey: String(start + 1000) } }));
		});
		try {
			const poller = makePoller(params({ storeId: { __rl: true, mode: 'id', value: 'BigStoreXXXXXXXXX' } }, { requestsPerSecond: 0 }), { apiToken: TOKEN, baseUrl: srv.url });
			const { error } = await poller.poll();
			expect(error?.message).toBe('The store has more than 100000 records to watch, more than the trigger keeps track of');
			expect(pages).toBe(101);
		} finally {
			await srv.close();
		}
	});
});

describe('docs', () => {
	it('docs/bad-inputs.md has what this run saw of the trigger', () => {
		const table = doc.table('### The trigger', 'Generated from `test/node/trigger.test.ts`: a store made again, listings cut short and states edited by hand, and what the trigger does.');
		expectGeneratedSection(DOC, 'hostile answers: the trigger', table);
	});
});
