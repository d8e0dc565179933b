import crypto from 'crypto';
import type http from 'http';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode, setBinaryDataMode, storeRecordParameters } from '../harness/engine';
import path from 'path';
import { scriptedServer } from '../support/canned-server';
import { useLocalServer } from '../support/fixture';
import { expectGeneratedSection } from '../support/generated-doc';
import { docRows } from '../support/hostile';

// Concurrency "Auto", the default: each store's requests in flight grow to fill its pace at the
// latency measured, shrink when the API pushes back, stay within the run's byte budget, and keep
// per-key order; one store named two ways keeps one pace; archives are downloaded one at a time.
// Asserted from the server's side (how many requests it handled at once), never by timings.

const local = useLocalServer({ tokens: [{ token: 'auto-token', username: 'auto' }], store: 'auto' });
const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const doc = docRows();
beforeAll(async () => await setBinaryDataMode('filesystem'));

const run = (options: INodeParameters, items: INodeExecutionData[], overrides: INodeParameters = {}) =>
	runNode({
		parameters: storeRecordParameters(local.storeId, { options: { retryDelay: 10, ...options }, ...overrides }),
		items,
		credentials: local.credentials(),
	});

const keys = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ json: { key: `${prefix}-${i}`, i } }));

describe('Concurrency Auto', () => {
	afterEach(() => {
		local.server.faults.clear();
		local.server.setRateLimit(0);
	});

	it('grows the window to fill the pace at the latency it measures, and no further', async () => {
		// 100 ms a request at 100 requests a second: about 10 in flight fill the pace (Little's law).
		local.server.faults.set([{ kind: 'delay', ms: 100, method: 'PUT' }]);
		const samples: number[] = [];
		const sampler = setInterval(() => samples.push(local.server.stats.inFlight), 5);
		const { outputs, error } = await run({ requestsPerSecond: 100 }, keys('grow', 400)).finally(() => clearInterval(sampler));
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(400);
		const auto = local.server.stats.maxInFlight;
		// Once the first answers (and their cold start) have passed: the second half of the run.
		const steady = Math.max(...samples.slice(Math.floor(samples.length / 2)));
		local.server.reset();
		const storeId = local.server.ensureStore('auto').id;
		local.server.faults.set([{ kind: 'delay', ms: 100, method: 'PUT' }]);
		await runNode({ parameters: storeRecordParameters(storeId, { options: { concurrency: 4, requestsPerSecond: 100 } }), items: keys('fixed', 100), credentials: local.credentials() });
		const fixed = local.server.stats.maxInFlight;
		process.stderr.write(`[auto] 100 ms per request, pace 100/s: at most ${auto} in flight with Auto (${steady} in the second half), ${fixed} with Concurrency 4\n`);
		// It starts at 4 and grows past it, to about 16 for this pace and latency (1.5× headroom, and the
		// client's own time per request on top), far below the 256 it would reach with no pace.
		expect(auto).toBeGreaterThanOrEqual(10);
		expect(steady).toBeGreaterThanOrEqual(8);
		expect(steady).toBeLessThanOrEqual(40);
		expect(fixed).toBeLessThanOrEqual(4);
	});

	it('shrinks when the API answers 429: fewer in flight after the store starts refusing', async () => {
		local.server.faults.set([{ kind: 'delay', ms: 100, method: 'PUT' }]);
		const arrivals: number[] = [];
		let refusing = false;
		const timer = setInterval(() => {
			arrivals.push(local.server.stats.inFlight);
			// After 150 writes, the store (shared with others) allows only 20 a second.
			if (!refusing && (local.server.stats.byStatus['201'] ?? 0) >= 150) {
				refusing = true;
				arrivals.length = 0;
				local.server.setRateLimit(20);
			}
		}, 5);
		let before = 0;
		const watch = setInterval(() => {
			if (!refusing) before = Math.max(before, local.server.stats.inFlight);
		}, 5);
		try {
			const { outputs, error } = await run({ requestsPerSecond: 100, maxRetries: 10, retryDelay: 200 }, keys('shrink', 300));
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(300);
		} finally {
			clearInterval(timer);
			clearInterval(watch);
		}
		const refused = local.server.stats.byStatus['429'] ?? 0;
		// The last part of the run, once the window has reacted.
		const after = Math.max(...arrivals.slice(Math.floor(arrivals.length / 2)));
		process.stderr.write(`[auto] in flight before the store refused: up to ${before}; in the second half after: up to ${after}; ${refused} refused\n`);
		expect(refused).toBeGreaterThan(0);
		expect(after).toBeLessThan(before);
	}, 60_000);

	it("stays within the run's byte budget for bodies compressed into memory", async () => {
		// No pace: the window would grow towards its cap; 2 MiB bodies allow 32 within 64 MiB.
		local.server.faults.set([{ kind: 'delay', ms: 150, method: 'PUT' }]);
		const big = 'x'.repeat(2 * 1024 * 1024);
		const items = keys('big', 80).map((item) => ({ json: { ...item.json, pad: big } }));
		const { outputs, error } = await run({ requestsPerSecond: 0 }, items, { compression: 'gzip' });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(80);
		const most = local.server.stats.maxInFlight;
		process.stderr.write(`[auto] 2 MiB bodies compressed into memory, no pace: at most ${most} in flight (budget 64 MiB)\n`);
		expect(most).toBeGreaterThan(4);
		expect(most).toBeLessThanOrEqual(32);
	});

	it('keeps a window per store: a run writing to two stores fills both paces', async () => {
		// 100 ms a request at 60 a second per store: about 9 in flight fill one store's pace. Alone,
		// a store reaches its window; two stores in one run each reach theirs, so twice as many are in
		// flight in all. One window for the run would split about one store's number between them
		// (with one shared window this measured 9 and 9 against 13 alone).
		local.server.faults.set([{ kind: 'delay', ms: 100, method: 'PUT' }]);
		// Three new stores: the server counts the most in flight per store, the node keeps a window per store.
		const [single, first, second] = ['auto-alone', 'auto-one', 'auto-two'].map((name) => local.server.ensureStore(name).id);
		const byStore = (count: number, stores: string[]) =>
			Array.from({ length: count }, (_, i) => ({ json: { key: `two-${i}`, store: stores[i % stores.length] } }));
		const perStore = async (items: INodeExecutionData[]) => {
			const { outputs, error } = await run({ requestsPerSecond: 60 }, items, {
				storeId: { __rl: true, mode: 'id', value: '={{ $json.store }}' },
			});
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(items.length);
			return local.server.stats.maxInFlightByStore;
		};
		const alone = (await perStore(byStore(150, [single])))[single];
		const both = await perStore(byStore(300, [first, second]));
		process.stderr.write(`[auto] 100 ms per request, 60/s per store: one store alone ${alone} in flight; two stores ${both[first]} and ${both[second]}\n`);
		expect(alone).toBeGreaterThan(4);
		expect(both[first] + both[second]).toBeGreaterThanOrEqual(1.65 * alone);
		expect(Math.min(both[first], both[second])).toBeGreaterThan(4);
	});

	it('keeps per-key order: items writing one key still land in input order', async () => {
		local.server.faults.set([{ kind: 'delay', ms: 120, count: 1, method: 'PUT', path: '/records/same$' }]);
		const items = Array.from({ length: 40 }, (_, i) => ({ json: { key: i % 3 === 0 ? 'same' : `other-${i}`, i } }));
		const { error } = await run({}, items);
		expect(error).toBeUndefined();
		expect(JSON.parse(local.server.getRecord(local.storeId, 'same')!.decoded.toString()).i).toBe(39);
	});
});

describe('a slow store never holds back a fast one', () => {
	it('600 Get Record items alternating between two stores: the fast store gets every request in while the slow one answers none, the output in input order', async () => {
		// The slow store answers nothing until the fast store has had all its 300 requests (or 20 s
		// pass). Items waiting for the slow store's window must leave the fast store's items room to
		// run; when they held the run's places, the fast store stalled until the 20 s ran out.
		const SLOW = 'SlowStore00000001';
		const FAST = 'FastStore00000001';
		const started = Date.now();
		const held: Array<() => void> = [];
		let fast = 0;
		let releasedBy = '';
		const release = (by: string) => {
			if (!releasedBy) releasedBy = by;
			for (const answer of held.splice(0)) answer();
		};
		const safety = setTimeout(() => release('the 20 s safety'), 20_000);
		const srv = await scriptedServer((req: http.IncomingMessage, res: http.ServerResponse) => {
			const key = decodeURIComponent(/records\/([^?]+)/.exec(req.url ?? '')?.[1] ?? '');
			const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ key }));
			if (!req.url?.includes(SLOW)) {
				answer();
				if (++fast === 300) release(`the fast store's last request, at ${Date.now() - started} ms`);
			} else if (releasedBy) answer();
			else held.push(answer);
		});
		try {
			const items = Array.from({ length: 600 }, (_, i) => ({ json: { key: `k${i}`, store: i % 2 ? FAST : SLOW } }));
			const { outputs, error } = await runNode({
				parameters: { resource: 'record', operation: 'get', storeId: { __rl: true, mode: 'id', value: '={{ $json.store }}' }, recordKey: { __rl: true, mode: 'key', value: '={{ $json.key }}' }, options: { maxRetries: 0 } },
				items,
				credentials: { apiToken: 'auto-token', baseUrl: srv.url },
			});
			expect(error).toBeUndefined();
			expect(outputs[0].map((item) => item.json.key)).toEqual(items.map((item) => item.json.key));
			process.stderr.write(`[auto] the slow store was released by ${releasedBy}; all 600 done at ${Date.now() - started} ms\n`);
			expect(releasedBy).toMatch(/^the fast store's last request/);
			doc.note('Pacing', '600 Get Record items alternating between two stores; one answers nothing until the other has had all its 300 requests', 'the other store gets all its requests in (its items hold places of their own); the output keeps the input order');
		} finally {
			clearTimeout(safety);
			await srv.close();
		}
	}, 60_000);
});

describe('one store, one pace', () => {
	it('a store named by its ID and by "~name" in one run takes turns at one budget', async () => {
		// The node keeps 25 a second; the store allows 30. Two budgets (one per name) would send 50.
		local.server.setRateLimit(30);
		try {
			const items = Array.from({ length: 150 }, (_, i) => ({ json: { key: `alias-${i}`, store: i % 2 ? local.storeId : '~auto' } }));
			const { outputs, error } = await run({ requestsPerSecond: 25, concurrency: 10, maxRetries: 0 }, items, {
				storeId: { __rl: true, mode: 'id', value: '={{ $json.store }}' },
			});
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(150);
			// One Get Store tells the ID behind "~auto"; every write is then paced under that ID.
			expect(local.server.stats.byRoute['GET store']).toBe(1);
			expect(local.server.stats.byStatus['429']).toBeUndefined();
		} finally {
			local.server.setRateLimit(0);
		}
	});
});

describe('one store, one pace, for store calls too', () => {
	it('List Keys on a store named by its ID and by "~name" takes turns at one budget', async () => {
		// Store calls are paced at the option's 25 a second (below Apify's 60); the store allows 30.
		// Paced under each name, the two would send 50 a second and meet 429s.
		local.server.putRecord(local.storeId, 'listed', Buffer.from('{}'), 'application/json');
		local.server.setRateLimit(30);
		try {
			const items = Array.from({ length: 120 }, (_, i) => ({ json: { store: i % 2 ? local.storeId : '~auto' } }));
			const { outputs, error } = await runNode({
				parameters: { resource: 'record', operation: 'listKeys', storeId: { __rl: true, mode: 'id', value: '={{ $json.store }}' }, limit: 1, options: { requestsPerSecond: 25, concurrency: 10, maxRetries: 0 } },
				items,
				credentials: local.credentials(),
			});
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(120);
			// One Get Store tells the ID behind "~auto"; every listing is then paced under that ID.
			expect(local.server.stats.byRoute['GET store']).toBe(1);
			expect(local.server.stats.byStatus['429']).toBeUndefined();
			doc.note('Pacing', 'List Keys, 120 items naming one store by its ID and by "~name", the store allowing 30 a second, the node pacing at 25', 'one Get Store learns the ID; every listing is paced under it: none refused');
		} finally {
			local.server.setRateLimit(0);
		}
	});
});

describe('Download Records holds one archive at a time', () => {
	it('five items at once: the server serves one archive at a time (peak memory: npm run bench)', async () => {
		// One ready 40 MiB archive, served to every request: the server's own memory stays flat.
		const archive = Buffer.concat([Buffer.from('504b0304', 'hex'), crypto.randomBytes(40 * 1024 * 1024)]);
		let inFlight = 0;
		let most = 0;
		const srv = await scriptedServer((_req: http.IncomingMessage, res: http.ServerResponse) => {
			inFlight++;
			most = Math.max(most, inFlight);
			res.on('close', () => inFlight--);
			res.writeHead(200, { 'content-type': 'application/zip', 'content-length': archive.length }).end(archive);
		});
		try {
			const items = Array.from({ length: 5 }, () => ({ json: {} }));
			const { outputs, error } = await runNode({
				parameters: { resource: 'store', operation: 'downloadRecords', storeId: { __rl: true, mode: 'id', value: 'AutoDownloads0001' }, options: { concurrency: 5 } },
				items,
				credentials: { apiToken: 'auto-token', baseUrl: srv.url },
			});
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(5);
			expect(outputs[0].every((item) => item.json.bytes === archive.length)).toBe(true);
			expect(most).toBe(1);
		} finally {
			await srv.close();
		}
	}, 60_000);
});

describe('docs', () => {
	it('docs/bad-inputs.md has what this run saw of pacing', () => {
		const table = doc.table('### Pacing', 'Generated from `test/node/auto-concurrency.test.ts`: stores that answer slowly or limit the rate, and what the node does.');
		expectGeneratedSection(DOC, 'hostile answers: pacing', table);
	});
});
