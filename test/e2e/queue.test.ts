import type { ChildProcess } from 'child_process';
import fs from 'fs';
import { startServer, type LocalServer } from '../support/local-server';

// n8n 2.x in queue mode as scaled-out deployments run it: Redis (Bull) as the queue, PostgreSQL 17
// as the shared database, a main process taking webhooks and two `n8n worker` processes running the
// executions, binary data in the database; this package installed as users install it; every
// record checked byte for byte on the local Apify-compatible server.

interface WorkItem {
	key: string;
	kind: 'json' | 'binary';
	compression: string;
}
interface BatchAnswer {
	ok: boolean;
	status: number;
	text: string;
	records: Array<{ key: string; location: string }>;
}
interface QueueCluster {
	url: string;
	main: { setupOwner(owner: object): Promise<string> };
	workers: Array<{ process: ChildProcess }>;
	setupSeconds: number;
	workerExecutions(): Array<{ started: string[]; finished: string[] }>;
	logs: { main: string; workers: string[] };
	stop(): Promise<void>;
}
/* eslint-disable @typescript-eslint/no-var-requires */
const { startQueueCluster } = require('../../scripts/queue/cluster') as { startQueueCluster: (options: object) => Promise<QueueCluster> };
const workload = require('../../scripts/queue/workload') as {
	queueWorkflow(options?: object): { id: string };
	makeBatches(spec: { batches: number; size: number; prefix?: string }): WorkItem[][];
	verifyRecords(server: LocalServer, items: WorkItem[]): { checked: number; missing: string[]; wrong: string[] };
	sendBatch(url: string, items: WorkItem[]): Promise<BatchAnswer>;
	sendBatches(server: LocalServer, url: string, batches: WorkItem[][]): Promise<{ answers: BatchAnswer[]; seconds: number; peak: number; stored: number; refused: number }>;
	STORE_NAME: string;
	CREDENTIAL: { id: string; name: string };
};
/* eslint-enable @typescript-eslint/no-var-requires */

const TOKEN = 'queueLocalToken7f3a9c2e1b';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const report = (line: string) => process.stderr.write(`[queue] ${line}\n`);

let server: LocalServer;
let cluster: QueueCluster;
let cookie: string;

interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
}
async function executions(): Promise<ExecutionSummary[]> {
	const res = await fetch(`${cluster.url}/rest/executions?limit=200`, { headers: { cookie } });
	return ((await res.json()) as { data: { results: ExecutionSummary[] } }).data.results;
}

beforeAll(async () => {
	server = await startServer({ tokens: [{ token: TOKEN, username: 'queue' }], rateLimitPerSecond: 200 });
	server.ensureStore(workload.STORE_NAME);
	cluster = await startQueueCluster({
		credentials: [{ ...workload.CREDENTIAL, type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: server.url } }],
		workflows: [workload.queueWorkflow()],
		// A dead worker's job is noticed once its lock expires (n8n's default: 60 s, checked every 30 s);
		// shorter here so the kill test takes seconds.
		env: { QUEUE_WORKER_LOCK_DURATION: '10000', QUEUE_WORKER_LOCK_RENEW_TIME: '2000', QUEUE_WORKER_STALLED_INTERVAL: '5000' },
	});
	cookie = await cluster.main.setupOwner({ email: 'queue@example.com', firstName: 'Queue', lastName: 'Test', password: 'Queue-test-pass-1' });
	report(`set up in ${Math.round(cluster.setupSeconds)} s`);
}, 30 * 60_000);

afterAll(async () => {
	await cluster?.stop();
	await server?.close();
});

beforeEach(() => {
	server.faults.clear();
	server.setRateLimit(200);
});


it('stores 1,000 records from 20 webhook executions at once on two workers, byte for byte, under a 200/s store limit', async () => {
	const batches = workload.makeBatches({ batches: 20, size: 50, prefix: 'load' });
	const startedBefore = cluster.workerExecutions().map((w) => w.started.length);
	const { answers, seconds, peak, stored, refused } = await workload.sendBatches(server, cluster.url, batches);
	expect(answers.filter((a) => !a.ok)).toEqual([]);
	for (const [i, answer] of answers.entries()) expect(answer.records.map((r) => r.key).sort()).toEqual(batches[i].map((item) => item.key).sort());
	expect(workload.verifyRecords(server, batches.flat())).toEqual({ checked: 1000, missing: [], wrong: [] });
	// Each record written once: no write was lost and repeated, none duplicated.
	expect(stored).toBe(1000);
	const perWorker = cluster.workerExecutions().map((w, i) => w.started.length - startedBefore[i]);
	expect(perWorker.every((n) => n > 0)).toBe(true);
	expect(perWorker.reduce((a, b) => a + b, 0)).toBe(20);
	report(`1,000 records in ${seconds.toFixed(1)} s: ${Math.round(1000 / seconds)} records/s across both workers (executions per worker: ${perWorker.join(', ')}); peak ${peak} writes in one second; ${refused} refused with 429`);
}, 300_000);

it('keeps binary data in the database, as queue mode needs', async () => {
	const done = (await executions()).filter((e) => e.status === 'success');
	expect(done.length).toBeGreaterThan(0);
	const res = await fetch(`${cluster.url}/rest/executions/${done[0].id}`, { headers: { cookie } });
	const text = await res.text();
	// Binary references are "<mode>:<id>": the files the workers made went to PostgreSQL.
	expect(text).toMatch(/"database:[0-9a-zA-Z-]+/);
	expect(text).not.toMatch(/"filesystem(-v2)?:/);
});

it('shares a store limit the two workers exceed: every record arrives, and few requests are refused', async () => {
	// 60 a second is below what the two workers send here (the node's default pacing is 180):
	// each worker's gate halves at a 429 and grows back, so they settle near the limit.
	server.setRateLimit(60);
	const batches = workload.makeBatches({ batches: 12, size: 50, prefix: 'limited' });
	const { answers, seconds, peak, stored, refused } = await workload.sendBatches(server, cluster.url, batches);
	expect(answers.filter((a) => !a.ok)).toEqual([]);
	expect(workload.verifyRecords(server, batches.flat())).toEqual({ checked: 600, missing: [], wrong: [] });
	expect(stored).toBe(600);
	report(`600 records into a store limited to 60/s: ${seconds.toFixed(1)} s (${Math.round(600 / seconds)}/s), peak ${peak} in one second, ${refused} refused with 429 and retried`);
	// Without slowing down, most requests above the limit would be refused and retried into it.
	expect(refused).toBeLessThan(200);
}, 300_000);

it('a worker killed mid-execution: n8n fails that execution, every execution it reports successful has all its records, and a re-run completes the store', async () => {
	// Slow writes make one large execution last long enough to kill its worker halfway.
	server.faults.set([{ kind: 'delay', ms: 40, method: 'PUT' }]);
	const [large] = workload.makeBatches({ batches: 1, size: 800, prefix: 'large' });
	const known = new Set((await executions()).map((e) => e.id));
	const largeAnswer = workload.sendBatch(cluster.url, large);
	let victim = -1;
	let largeId = '';
	for (const started = Date.now(); victim < 0 && Date.now() - started < 60_000; await sleep(100)) {
		cluster.workerExecutions().forEach((w, i) => {
			const id = w.started.find((e) => !known.has(e));
			if (id) [victim, largeId] = [i, id];
		});
	}
	expect(victim).toBeGreaterThanOrEqual(0);
	// Other executions arrive meanwhile, on both workers.
	const others = workload.makeBatches({ batches: 6, size: 50, prefix: 'beside' });
	const otherAnswers = others.map((batch) => workload.sendBatch(cluster.url, batch));
	const storedOfLarge = () => large.filter((item) => server.getRecord(`~${workload.STORE_NAME}`, item.key)).length;
	for (const started = Date.now(); storedOfLarge() < 150 && Date.now() - started < 60_000; ) await sleep(100);
	const before = storedOfLarge();
	expect(before).toBeGreaterThanOrEqual(150);
	cluster.workers[victim].process.kill('SIGKILL');
	const killedAt = Date.now();
	const [largeResult, ...otherResults] = await Promise.all([largeAnswer, ...otherAnswers]);
	report(`killed worker ${victim + 1} with ${before} of 800 records of execution ${largeId} stored; its webhook answered ${largeResult.status} after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);

	// n8n reports the killed execution as failed (its job stalled: n8n never hands it to another worker)...
	expect(largeResult.ok).toBe(false);
	const statuses = new Map((await executions()).filter((e) => !known.has(e.id)).map((e) => [e.id, e.status]));
	// 'error' in every run here ("job stalled more than maxStalledCount"); n8n's recovery may call it 'crashed'.
	expect(statuses.get(largeId)).toMatch(/^(error|crashed)$/);
	// ...and every execution it reports successful stored every record it answered with.
	for (const [i, answer] of otherResults.entries()) {
		if (!answer.ok) continue;
		expect(workload.verifyRecords(server, others[i])).toEqual({ checked: 50, missing: [], wrong: [] });
	}
	const succeeded = [...statuses.values()].filter((s) => s === 'success').length;
	expect(succeeded).toBe(otherResults.filter((a) => a.ok).length);
	report(`after the kill: ${succeeded} executions successful, ${[...statuses.values()].filter((s) => s !== 'success').length} failed`);

	// The same call again (the caller's retry after the error answer) writes the same keys: the store converges.
	server.faults.clear();
	const again = await workload.sendBatch(cluster.url, large);
	expect(again.ok).toBe(true);
	expect(workload.verifyRecords(server, large)).toEqual({ checked: 800, missing: [], wrong: [] });
	for (const [i, answer] of otherResults.entries()) if (!answer.ok) expect((await workload.sendBatch(cluster.url, others[i])).ok).toBe(true);
	expect(workload.verifyRecords(server, others.flat())).toEqual({ checked: 300, missing: [], wrong: [] });
}, 300_000);

it('leaves the token in no webhook answer, execution data or log of the main process and the workers', async () => {
	const answer = await workload.sendBatch(cluster.url, workload.makeBatches({ batches: 1, size: 10, prefix: 'token' })[0]);
	expect(answer.ok).toBe(true);
	expect(JSON.stringify(answer.records)).not.toContain(TOKEN);
	const all = await executions();
	expect(all.length).toBeGreaterThan(30);
	for (const execution of all) {
		const res = await fetch(`${cluster.url}/rest/executions/${execution.id}`, { headers: { cookie } });
		expect(await res.text()).not.toContain(TOKEN);
	}
	for (const file of [cluster.logs.main, ...cluster.logs.workers]) expect(fs.readFileSync(file, 'utf8')).not.toContain(TOKEN);
}, 120_000);
