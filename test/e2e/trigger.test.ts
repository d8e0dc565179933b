import fs from 'fs';
import path from 'path';
import type { IDataObject } from 'n8n-workflow';
import { startServer, type LocalServer } from '../support/local-server';

// The trigger in a real n8n (2.x and the last 1.x), installed as users install the package: the
// example workflow published as it is but for its poll times (every 10 seconds, as six poll times of
// one second each: n8n 2.x refuses a cron whose seconds field is not one number; the demo keeps the
// example's minute), records
// written to the local server between polls, and every execution read back through n8n's REST
// API: each record is reported once, and an idle poll costs one request. About three polls a line.

/* eslint-disable @typescript-eslint/no-var-requires */
const { freePort } = require('../../scripts/system/ports') as { freePort: () => Promise<number> };
const { createInstance } = require('../../scripts/n8n/instance') as {
	createInstance: (options: { line: string }) => Promise<N8nInstance>;
};
const { listExecutions, untilExecutions: untilCount, nodeOutput } = require('../../scripts/n8n/executions') as {
	listExecutions: (url: string, cookie: string) => Promise<Array<{ id: string; status: string; runData: Record<string, unknown> }>>;
	untilExecutions: (url: string, cookie: string, count: number) => Promise<unknown>;
	nodeOutput: (runData: Record<string, unknown>, node: string) => Array<{ json: IDataObject }>;
};
/* eslint-enable @typescript-eslint/no-var-requires */

interface N8nInstance {
	version: string;
	importCredential(credential: IDataObject): Promise<void>;
	importWorkflow(workflow: IDataObject): Promise<void>;
	activate(id: string): Promise<void>;
	start(options: { port: number; brokerPort: number; stdio?: unknown }): Promise<{ url: string; setupOwner(owner: IDataObject): Promise<string>; stop(): Promise<void> }>;
	cleanup(): void;
}

const TOKEN = 'trigger-e2e-token-0123456789';
const STORE = 'n8n-kvs-demo';
const LINES = (process.env.E2E_TRIGGER_LINES ?? '2,1').split(',').map((line) => line.trim());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls ten seconds apart: six poll times, each a custom cron at one second of every minute. */
const POLL_EVERY_10_SECONDS = { item: [0, 10, 20, 30, 40, 50].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })) };

/** The example, unchanged but for the events it watches (deletions too) and how often it polls. */
function exampleWorkflow(): IDataObject {
	const workflow = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../examples/06-trigger-new-record.json'), 'utf8'));
	const trigger = workflow.nodes.find((node: IDataObject) => String(node.type).endsWith('.apifyKeyValueStoreTrigger'));
	trigger.parameters.events = ['added', 'deleted'];
	trigger.parameters.pollTimes = POLL_EVERY_10_SECONDS;
	return workflow;
}

describe.each(LINES)('the trigger in a published workflow, n8n line %s.x', (line) => {
	let server: LocalServer;
	let n8n: N8nInstance;
	let editor: { url: string; setupOwner(owner: IDataObject): Promise<string>; stop(): Promise<void> };
	let cookie = '';

	/** The trigger's executions, oldest first, with the events each reported. */
	async function executions(): Promise<Array<{ id: string; status: string; events: IDataObject[] }>> {
		return (await listExecutions(editor.url, cookie)).map(({ id, status, runData }) => ({ id, status, events: nodeOutput(runData, 'New Record').map((item) => item.json) }));
	}

	/** Waits until n8n has `count` executions (a poll interval and some). */
	const untilExecutions = async (count: number) => {
		await untilCount(editor.url, cookie, count);
		return await executions();
	};

	beforeAll(async () => {
		server = await startServer({ tokens: [{ token: TOKEN, username: 'e2e' }] });
		const { id: storeId } = server.ensureStore(STORE);
		server.putRecord(storeId, 'before-1', Buffer.from('{"n":0}'), 'application/json');
		n8n = await createInstance({ line });
		await n8n.importCredential({ id: 'apifyLocalCred01', name: 'Apify API', type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: server.url } });
		const workflow = exampleWorkflow();
		await n8n.importWorkflow(workflow);
		await n8n.activate(String(workflow.id));
		editor = await n8n.start({ port: await freePort(), brokerPort: await freePort() });
		cookie = await editor.setupOwner({ email: 'trigger@example.com', firstName: 'Trigger', lastName: 'Test', password: 'Trigger-test-pass-1' });
	}, 30 * 60_000);
	afterAll(async () => {
		await editor?.stop();
		await server?.close();
		n8n?.cleanup();
	});

	it('takes the baseline at activation, then reports each new and deleted record once, in an execution per poll', async () => {
		// Activation polls at once: the baseline (Get Store and the keys), and no execution.
		for (let waited = 0; !server.stats.byRoute.keys && waited < 30_000; waited += 250) await sleep(250);
		expect(server.stats.byRoute.keys).toBe(1);
		expect(await executions()).toEqual([]);

		const { id: storeId } = server.ensureStore(STORE);
		for (const key of ['rec-a', 'rec-b', 'rec-c']) server.putRecord(storeId, key, Buffer.from(`{"key":"${key}"}`), 'application/json');
		const first = await untilExecutions(1);
		expect(first[0].status).toBe('success');
		expect(first[0].events.map((e) => [e.event, e.key])).toEqual([
			['added', 'rec-a'],
			['added', 'rec-b'],
			['added', 'rec-c'],
		]);
		expect(String(first[0].events[0].publicUrl)).toMatch(new RegExp(`/v2/key-value-stores/${storeId}/records/rec-a\\?signature=`));

		server.putRecord(storeId, 'rec-d', Buffer.from('{}'), 'application/json');
		server.deleteRecord(storeId, 'before-1');
		const second = await untilExecutions(2);
		expect(second[1].events.map((e) => [e.event, e.key])).toEqual([
			['deleted', 'before-1'],
			['added', 'rec-d'],
		]);

		// Nothing new: the next poll asks for the store alone, and starts no execution.
		const requests = server.stats.requests;
		const stores = server.stats.byRoute['GET store'] ?? 0;
		for (let waited = 0; (server.stats.byRoute['GET store'] ?? 0) === stores && waited < 75_000; waited += 250) await sleep(250);
		await sleep(3000);
		expect(await executions()).toHaveLength(2);
		const idle = server.stats.requests - requests;
		process.stderr.write(`[e2e trigger] n8n ${n8n.version}: ${idle} request(s) for an idle poll\n`);
		expect(idle).toBe(1);
		expect(server.stats.byRoute['GET store']).toBe(stores + 1);

		// Every record reported exactly once over all executions.
		const reported = (await executions()).flatMap((execution) => execution.events.map((e) => `${e.event}:${e.key}`));
		expect(reported.sort()).toEqual(['added:rec-a', 'added:rec-b', 'added:rec-c', 'added:rec-d', 'deleted:before-1']);
	}, 300_000);
});
