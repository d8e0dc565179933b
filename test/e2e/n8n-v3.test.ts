import fs from 'fs';
import path from 'path';
import type { IDataObject } from 'n8n-workflow';
import { startServer, type LocalServer } from '../support/local-server';

// n8n 3.0's changes, tried on n8n 2.40.7 where it has the switch: queue mode with manual executions
// offloaded to the workers (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true, 3.0's only mode), where a
// manual run, the trigger's Fetch Test Event and the pickers must work, and the trigger in queue mode:
// main polls, the workers run the executions, 1,000 records written in bursts while the workers are
// busy are each reported exactly once, also across a restart of main. Then, on a plain instance
// with every example imported: n8n's own breaking-change report for 3.0, and what an admin sees with
// N8N_UNVERIFIED_PACKAGES_ENABLED=false.

/* eslint-disable @typescript-eslint/no-var-requires */
const { freePort } = require('../../scripts/system/ports') as { freePort: () => Promise<number> };
const { startQueueCluster } = require('../../scripts/queue/cluster') as { startQueueCluster: (options: object) => Promise<QueueCluster> };
const { createInstance } = require('../../scripts/n8n/instance') as { createInstance: (options: { line: string }) => Promise<N8nInstance> };
const { listExecutions, nodeOutput } = require('../../scripts/n8n/executions') as {
	listExecutions: (url: string, cookie: string, limit?: number) => Promise<Array<{ id: string; status: string; mode: string; workflowId: string; runData: Record<string, unknown> }>>;
	nodeOutput: (runData: Record<string, unknown>, node: string) => Array<{ json: IDataObject }>;
};
const workload = require('../../scripts/queue/workload') as {
	queueWorkflow(options?: object): { id: string };
	makeBatches(spec: { batches: number; size: number; prefix?: string }): unknown[][];
	sendBatches(server: LocalServer, url: string, batches: unknown[][]): Promise<{ stored: number }>;
	STORE_NAME: string;
	CREDENTIAL: { id: string; name: string };
};
/* eslint-enable @typescript-eslint/no-var-requires */

interface Editor {
	url: string;
	setupOwner(owner: IDataObject): Promise<string>;
	login(user: { email: string; password: string }): Promise<string>;
	stop(): Promise<void>;
}
interface N8nInstance {
	version: string;
	importCredential(credential: IDataObject): Promise<void>;
	importWorkflow(workflow: IDataObject): Promise<void>;
	activate(id: string): Promise<void>;
	start(options: { port: number; brokerPort: number; stdio?: unknown; env?: Record<string, string> }): Promise<Editor>;
	cleanup(): void;
}
interface QueueCluster {
	n8n: N8nInstance;
	url: string;
	main: Editor;
	logs: { main: string; workers: string[] };
	workerExecutions(): Array<{ started: string[]; finished: string[] }>;
	stop(): Promise<void>;
}

const TOKEN = 'n8n-v3-token-0123456789';
const OWNER = { email: 'v3@example.com', password: 'Three-oh-pass-1' };
const REPORT_OWNER = { email: 'report@example.com', password: 'Report-pass-123' };
const TRIGGER_STORE = 'queue-trigger';
const CREDENTIAL = { ...workload.CREDENTIAL, type: 'apifyKeyValueStoreApi' };
const NODE = 'n8n-nodes-apify-key-value-store.apifyKeyValueStore';
const TRIGGER = 'n8n-nodes-apify-key-value-store.apifyKeyValueStoreTrigger';
const credentials = { apifyKeyValueStoreApi: workload.CREDENTIAL };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const report = (line: string) => process.stderr.write(`[n8n 3.0] ${line}\n`);

/** Polls ten seconds apart (n8n 2.x takes one number in a cron's seconds field, so six poll times). */
const POLL_EVERY_10_SECONDS = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };

const manualWorkflow = {
	id: 'v3ManualRun00001',
	name: 'Manual run on a worker',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'store',
			name: 'Store Record',
			type: NODE,
			typeVersion: 1,
			position: [220, 0],
			credentials,
			parameters: { resource: 'record', operation: 'store', storeId: { __rl: true, mode: 'name', value: `~${TRIGGER_STORE}` }, recordKey: 'manual-run', valueSource: 'customJson', jsonValue: '{"ran":"on a worker"}', options: {} },
		},
	],
	connections: { Start: { main: [[{ node: 'Store Record', type: 'main', index: 0 }]] } },
};

const triggerWorkflow = {
	id: 'v3QueueTrigger01',
	name: 'Trigger in queue mode',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'trigger',
			name: 'New Record',
			type: TRIGGER,
			typeVersion: 1,
			position: [0, 0],
			credentials,
			parameters: { storeId: { __rl: true, mode: 'name', value: `~${TRIGGER_STORE}` }, events: ['added'], pollTimes: POLL_EVERY_10_SECONDS, options: { maxEvents: 200 } },
		},
	],
	connections: {},
};

async function rest(url: string, cookie: string, method: string, p: string, body?: unknown) {
	const res = await fetch(`${url}/rest${p}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	return { status: res.status, json: (text.startsWith('{') ? JSON.parse(text) : undefined) as { data?: any; message?: string } | undefined, text };
}

/** Waits for an execution to finish and returns it with its run data. */
async function finished(url: string, cookie: string, id: string) {
	for (let waited = 0; waited < 60_000; waited += 500) {
		const found = (await listExecutions(url, cookie, 250)).find((e) => e.id === id);
		if (found && !['new', 'running', 'waiting'].includes(found.status)) return found;
		await sleep(500);
	}
	throw new Error(`execution ${id} did not finish within 60 s`);
}

describe('queue mode with manual executions on the workers (3.0), n8n 2.40.7', () => {
	let server: LocalServer;
	let cluster: QueueCluster;
	let main: Editor;
	let cookie = '';

	beforeAll(async () => {
		server = await startServer({ tokens: [{ token: TOKEN, username: 'v3' }] });
		server.ensureStore(TRIGGER_STORE);
		server.ensureStore(workload.STORE_NAME);
		server.putRecord(`~${TRIGGER_STORE}`, 'before-0', Buffer.from('{"n":0}'), 'application/json');
		cluster = await startQueueCluster({
			credentials: [{ ...CREDENTIAL, data: { apiToken: TOKEN, baseUrl: server.url } }],
			workflows: [triggerWorkflow, workload.queueWorkflow()],
			env: { OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true' },
		});
		await cluster.n8n.importWorkflow(manualWorkflow);
		main = cluster.main;
		cookie = await main.setupOwner({ ...OWNER, firstName: 'Three', lastName: 'Oh' });
	}, 30 * 60_000);
	afterAll(async () => {
		if (main !== cluster?.main) await main?.stop();
		await cluster?.stop();
		await server?.close();
	});

	const ranOnWorker = (id: string) => cluster.workerExecutions().some((w) => w.started.includes(id));

	it('a manual run of the node runs on a worker and stores its record', async () => {
		const run = await rest(main.url, cookie, 'POST', `/workflows/${manualWorkflow.id}/run`, { triggerToStartFrom: { name: 'Start' } });
		expect(run.status).toBe(200);
		const id = String(run.json?.data?.executionId);
		const execution = await finished(main.url, cookie, id);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution.runData, 'Store Record')[0].json).toMatchObject({ key: 'manual-run' });
		expect(server.getRecord(`~${TRIGGER_STORE}`, 'manual-run')?.decoded.toString()).toBe('{"ran":"on a worker"}');
		expect(ranOnWorker(id)).toBe(true);
	});

	it("the trigger's Fetch Test Event runs on a worker and gives the last record in key order", async () => {
		const run = await rest(main.url, cookie, 'POST', `/workflows/${triggerWorkflow.id}/run`, { triggerToStartFrom: { name: 'New Record' } });
		expect(run.status).toBe(200);
		const id = String(run.json?.data?.executionId);
		const execution = await finished(main.url, cookie, id);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution.runData, 'New Record').map((i) => [i.json.event, i.json.key])).toEqual([['added', 'manual-run']]);
		expect(ranOnWorker(id)).toBe(true);
	});

	it('the Store and Record Key pickers answer from main', async () => {
		const ask = async (methodName: string, currentNodeParameters: IDataObject) =>
			await rest(main.url, cookie, 'POST', '/dynamic-node-parameters/resource-locator-results', {
				path: methodName === 'searchStores' ? 'parameters.storeId' : 'parameters.recordKey',
				nodeTypeAndVersion: { name: NODE, version: 1 },
				methodName,
				currentNodeParameters,
				credentials,
			});
		const stores = await ask('searchStores', { resource: 'record', operation: 'get' });
		expect(stores.status).toBe(200);
		expect((stores.json?.data.results as Array<{ name: string }>).map((r) => r.name).join(' ')).toContain(TRIGGER_STORE);
		const keys = await ask('searchRecordKeys', { resource: 'record', operation: 'get', storeId: { __rl: true, mode: 'name', value: `~${TRIGGER_STORE}` } });
		expect((keys.json?.data.results as Array<{ value: string }>).map((r) => r.value)).toEqual(['before-0', 'manual-run']);
	});

	it('main polls, the workers run the executions: 1,000 records in bursts, while the workers are busy and across a restart of main, each reported exactly once', async () => {
		const bursts = [250, 250, 250, 250];
		const busy = workload.sendBatches(server, main.url, workload.makeBatches({ batches: 20, size: 50, prefix: 'busy' }));
		let written = 0;
		const writeBurst = (count: number) => {
			for (let i = 0; i < count; i++, written++) server.putRecord(`~${TRIGGER_STORE}`, `burst-${String(written).padStart(4, '0')}`, Buffer.from(`{"n":${written}}`), 'application/json');
		};
		const keysListed = () => server.stats.byRoute.keys ?? 0;
		const afterPolls = async (polls: number) => {
			const from = keysListed();
			for (let waited = 0; keysListed() < from + polls && waited < 60_000; waited += 250) await sleep(250);
		};
		writeBurst(bursts[0]);
		await afterPolls(1);
		writeBurst(bursts[1]);
		await afterPolls(1);
		// main stops between polls; a burst lands while it is down; a new main takes over the polls.
		await main.stop();
		writeBurst(bursts[2]);
		main = await cluster.n8n.start({ port: await freePort(), brokerPort: await freePort() });
		cookie = await main.login(OWNER);
		await afterPolls(1);
		writeBurst(bursts[3]);
		await busy;
		const expected = written;
		let events: string[] = [];
		let runs: Array<{ id: string; runData: Record<string, unknown> }> = [];
		for (let waited = 0; waited < 120_000; waited += 2000) {
			runs = (await listExecutions(main.url, cookie, 250)).filter((e) => e.workflowId === triggerWorkflow.id && e.mode === 'trigger');
			events = runs.flatMap((e) => nodeOutput(e.runData, 'New Record').map((i) => String(i.json.key)));
			if (events.filter((k) => k.startsWith('burst-')).length >= expected) break;
			await sleep(2000);
		}
		const reported = events.filter((k) => k.startsWith('burst-'));
		const duplicated = reported.length - new Set(reported).size;
		report(`queue-mode trigger: ${expected} records written in ${bursts.length} bursts, ${reported.length} events reported, ${new Set(reported).size} distinct, ${duplicated} duplicated`);
		expect(duplicated).toBe(0);
		expect([...new Set(reported)].sort()).toEqual(Array.from({ length: expected }, (_, i) => `burst-${String(i).padStart(4, '0')}`));
		expect(events).not.toContain('before-0');
		// Main polled; the workers ran every execution the polls started.
		expect(runs.length).toBeGreaterThanOrEqual(bursts.length);
		expect(runs.filter((r) => !ranOnWorker(r.id))).toEqual([]);
	}, 10 * 60_000);
});

describe("n8n's report of 3.0's breaking changes, and unverified packages turned off, n8n 2.40.7", () => {
	let n8n: N8nInstance;
	let editor: Editor | undefined;

	beforeAll(async () => {
		n8n = await createInstance({ line: '2' });
		await n8n.importCredential({ id: 'apifyLocalCred01', name: 'Apify API', type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: 'http://127.0.0.1:9' } });
		const examples = path.resolve(__dirname, '../../examples');
		for (const file of fs.readdirSync(examples).filter((f) => f.endsWith('.json'))) await n8n.importWorkflow(JSON.parse(fs.readFileSync(path.join(examples, file), 'utf8')));
	}, 30 * 60_000);
	afterAll(async () => {
		await editor?.stop();
		n8n?.cleanup();
	});

	it('lists nothing the package or its examples cause: every workflow rule finds no example affected; the instance rules are its own settings', async () => {
		editor = await n8n.start({ port: await freePort(), brokerPort: await freePort() });
		const cookie = await editor.setupOwner({ ...REPORT_OWNER, firstName: 'Re', lastName: 'Port' });
		const result = await rest(editor.url, cookie, 'GET', '/breaking-changes/report?version=v3');
		expect(result.status).toBe(200);
		const { workflowResults, instanceResults } = result.json?.data.report as {
			workflowResults: Array<{ ruleId: string; nbAffectedWorkflows: number }>;
			instanceResults: Array<{ ruleId: string; isAffected?: boolean }>;
		};
		report(`breaking-changes report (v3): workflow rules ${workflowResults.map((r) => `${r.ruleId}=${r.nbAffectedWorkflows}`).join(', ') || '(none affected)'}; instance rules ${instanceResults.map((r) => `${r.ruleId}${r.isAffected ? ' (affected)' : ''}`).join(', ')}`);
		expect(workflowResults.filter((r) => r.nbAffectedWorkflows > 0)).toEqual([]);
		// The instance rules report this instance's settings (unverified packages allowed by default,
		// binary data in memory, a deployment outside Docker): none names a package or a workflow.
		for (const rule of instanceResults) expect(JSON.stringify(rule)).not.toMatch(/apify|n8n-nodes-apify-key-value-store/i);
		await editor.stop();
		editor = undefined;
	});

	it('with N8N_UNVERIFIED_PACKAGES_ENABLED=false, 2.40.7 still loads the package installed with npm, and refuses to install it from the editor', async () => {
		editor = await n8n.start({ port: await freePort(), brokerPort: await freePort(), env: { N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' } });
		const cookie = await editor.login(REPORT_OWNER);
		const settings = await rest(editor.url, cookie, 'GET', '/settings');
		expect(settings.json?.data.unverifiedCommunityNodesEnabled).toBe(false);
		const types = (await (await fetch(`${editor.url}/types/nodes.json`, { headers: { cookie } })).json()) as Array<{ name: string }>;
		const loaded = types.map((t) => t.name).filter((n) => n.startsWith('n8n-nodes-apify-key-value-store.'));
		const install = await rest(editor.url, cookie, 'POST', '/community-packages', { name: 'n8n-nodes-apify-key-value-store' });
		report(`N8N_UNVERIFIED_PACKAGES_ENABLED=false: settings.unverifiedCommunityNodesEnabled=false; node types still loaded: ${loaded.join(', ')}; installing from the editor answers ${install.status}: ${install.json?.message ?? install.text.slice(0, 200)}`);
		expect(loaded).toEqual(expect.arrayContaining([NODE, TRIGGER]));
		expect(install.status).toBeGreaterThanOrEqual(400);
		expect(install.json?.message ?? install.text).toMatch(/unverified community packages is forbidden/i);
	});
});
