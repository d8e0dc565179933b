import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode, setBinaryDataMode, storeRecordParameters } from '../harness/engine';
import { useLocalServer } from '../support/fixture';

const local = useLocalServer({ tokens: [{ token: 'conc-token' }], store: 'conc' });
beforeAll(async () => await setBinaryDataMode('filesystem'));

const run = (options: INodeParameters, items: INodeExecutionData[]) =>
	runNode({
		parameters: storeRecordParameters(local.storeId, { options: { retryDelay: 10, ...options } }),
		items,
		credentials: local.credentials(),
	});

describe('Store Record in parallel', () => {
	it('keeps the output in input order while responses come back out of order', async () => {
		// Every third write is slow, so later items finish first.
		local.server.faults.set([{ kind: 'delay', ms: 60, fraction: 0.34, method: 'PUT' }], 7);
		const items = Array.from({ length: 60 }, (_, i) => ({ json: { key: `k-${i}`, i } }));
		const { outputs, error } = await run({ concurrency: 10 }, items);
		expect(error).toBeUndefined();
		expect(outputs[0].map((o) => o.json.key)).toEqual(items.map((i) => i.json.key));
		expect(outputs[0].map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		expect(local.server.faults.injected.delay).toBeGreaterThan(5);
	});

	it('writes items with the same key in input order, so the last one wins', async () => {
		// The first write of "a" is slow: in parallel without lanes it would land last.
		local.server.faults.set([{ kind: 'delay', ms: 150, count: 1, method: 'PUT', path: '/records/a$' }]);
		const items = [1, 2, 3, 4, 5, 6].map((n) => ({ json: { key: n % 2 ? 'a' : `b${n}`, n } }));
		const { error } = await run({ concurrency: 6 }, items);
		expect(error).toBeUndefined();
		expect(JSON.parse(local.server.getRecord(local.storeId, 'a')!.decoded.toString())).toEqual({ key: 'a', n: 5 });
	});

	it('stays under the per-store rate: no 429 from a server limiting to 200 a second', async () => {
		local.server.setRateLimit(200);
		try {
			const items = Array.from({ length: 500 }, (_, i) => ({ json: { key: `r-${i}` } }));
			const started = Date.now();
			const { error } = await run({ concurrency: 20 }, items);
			expect(error).toBeUndefined();
			expect(local.server.stats.byStatus['429']).toBeUndefined();
			// 180 at once, then 320 more at 180 a second.
			expect(Date.now() - started).toBeGreaterThanOrEqual(1700);
		} finally {
			local.server.setRateLimit(0);
		}
	});

	it('shares the store\'s budget between executions running at once in one process', async () => {
		// Two executions at 60 a second each would send 120 a second; sharing the gate, they send 60.
		local.server.setRateLimit(80);
		try {
			const items = (run: string) => Array.from({ length: 150 }, (_, i) => ({ json: { key: `shared-${run}-${i}` } }));
			const [a, b] = await Promise.all([run({ concurrency: 10, requestsPerSecond: 60 }, items('a')), run({ concurrency: 10, requestsPerSecond: 60 }, items('b'))]);
			expect(a.error).toBeUndefined();
			expect(b.error).toBeUndefined();
			expect(local.server.stats.byStatus['429']).toBeUndefined();
			expect(local.server.stats.byStatus['201']).toBe(300);
		} finally {
			local.server.setRateLimit(0);
		}
	});

	it('slows down when the API refuses with 429, so every record arrives within the retries', async () => {
		// The store allows 50 a second (others share it); the node is set to 150. Without slowing
		// down, about 100 requests a second would be refused, each retried into the same limit.
		local.server.setRateLimit(50);
		try {
			const items = Array.from({ length: 400 }, (_, i) => ({ json: { key: `slow-${i}` } }));
			const { outputs, error } = await run({ concurrency: 20, requestsPerSecond: 150, retryDelay: 500 }, items);
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(400);
			for (const item of items) expect(local.server.getRecord(local.storeId, String(item.json.key))).toBeDefined();
			const refused = local.server.stats.byStatus['429'] ?? 0;
			process.stderr.write(`[pacing] 400 records into a store limited to 50/s: ${refused} refused with 429\n`);
			expect(refused).toBeLessThan(80);
		} finally {
			local.server.setRateLimit(0);
		}
	}, 60_000);
});
