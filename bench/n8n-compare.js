#!/usr/bin/env node
// @ts-check
'use strict';
// What a user at a distance gets in a real n8n (2.x, the package installed as users install it):
// n8n's HTTP Request node at its defaults against this node at its defaults, each writing the same
// records over verified https through the latency proxy (90 ms by default), to the local server
// enforcing Apify's 200 requests a second per store, 429s counted. And the CPU per record of n8n's
// own process for this node, now and before (DISTANCE_BASELINE: the credential read for every
// request, Concurrency 5 by default), at the same Concurrency 10. Each variant is a published
// workflow (Webhook → Code → the PUT) called once; its time is the PUT node's execution time.
const fs = require('fs');
const { parse } = require('flatted');
const { createInstance } = require('../scripts/n8n/instance');
const { freePort } = require('../scripts/system/ports');
const { baselinePackage, DISTANCE_BASELINE } = require('./baseline');
const { startProxyProcess, startServerProcess } = require('./processes');

const RECORDS = Number(process.env.BENCH_N8N_RECORDS ?? 1000);
const RTT_MS = Number(process.env.BENCH_N8N_RTT ?? 90);
const REPEATS = Number(process.env.BENCH_N8N_REPEATS ?? 3);
const CREDENTIAL = { id: 'benchDistCred001', name: 'Apify (bench)' };
/** Linux counts a process's CPU time in clock ticks of 10 ms. */
const TICK_MS = 10;

/** CPU milliseconds a process has used so far (user and system), from /proc. @param {number} pid */
function cpuMs(pid) {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** The PUT of a variant: this node (with options) or the HTTP Request node. @param {string} storeId @param {string} baseUrl */
function putNodes(storeId, baseUrl) {
	const credentials = { apifyKeyValueStoreApi: CREDENTIAL };
	const node = (/** @type {object} */ options) => ({
		type: 'n8n-nodes-apify-key-value-store.apifyKeyValueStore',
		typeVersion: 1,
		credentials,
		parameters: { resource: 'record', operation: 'store', storeId: { __rl: true, mode: 'id', value: storeId }, recordKey: '={{ $json.key }}', valueSource: 'itemJson', compression: 'auto', options },
	});
	return {
		'HTTP Request node (defaults)': {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			credentials,
			parameters: {
				method: 'PUT',
				url: `=${baseUrl}/v2/key-value-stores/${storeId}/records/{{ $json.key }}`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'apifyKeyValueStoreApi',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			},
		},
		'this node (defaults)': node({}),
		'this node (Concurrency 10)': node({ concurrency: 10 }),
	};
}

/** A published workflow: a webhook that answers when the PUT has run, records made by a Code node. @param {string} id @param {object} put */
function workflow(id, put) {
	return {
		id,
		name: `bench ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'hook', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: id, parameters: { httpMethod: 'POST', path: id, responseMode: 'lastNode', responseData: 'noData', options: {} } },
			{
				id: 'make',
				name: 'Make Records',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				// About 930 bytes of JSON each, as in the throughput benchmark.
				parameters: { jsCode: `return Array.from({ length: $input.first().json.body.records }, (_, i) => ({ json: { key: 'rec-' + i, id: i, title: 'Record number ' + i, text: String(i).padStart(8, '0').repeat(110) } }));` },
			},
			{ id: 'put', name: 'Put', position: [400, 0], ...put },
		],
		connections: { Webhook: { main: [[{ node: 'Make Records', type: 'main', index: 0 }]] }, 'Make Records': { main: [[{ node: 'Put', type: 'main', index: 0 }]] } },
	};
}

/** The run data of the newest execution, from n8n's REST API. @param {string} url @param {string} cookie */
async function lastRun(url, cookie) {
	const get = async (/** @type {string} */ p) => /** @type {any} */ (await (await fetch(`${url}/rest${p}`, { headers: { cookie } })).json());
	const list = await get('/executions?limit=1');
	const detail = await get(`/executions/${list.data.results[0].id}`);
	return parse(detail.data.data);
}

/** n8n's own CPU while it waits for nothing, per millisecond (timers, metrics), to take out of a run's. @param {number} pid */
async function idleCpuPerMs(pid) {
	const before = cpuMs(pid);
	await new Promise((resolve) => setTimeout(resolve, 3000));
	return (cpuMs(pid) - before) / 3000;
}

/**
 * One measured call of a variant's webhook: records a second (the PUT node's own time), n8n's CPU
 * per record (its idle CPU taken out), and the 429s the server gave meanwhile.
 * @param {{ name: string, records: number, call: (count: number) => Promise<Response>, pid: number, url: string, cookie: string, server: Awaited<ReturnType<typeof startServerProcess>> }} run
 */
async function measureRun({ name, records, call, pid, url, cookie, server }) {
	const idle = await idleCpuPerMs(pid);
	const refusedBefore = (await server.counts()).refused;
	const cpuBefore = cpuMs(pid);
	const started = Date.now();
	const answer = await call(records);
	const cpu = cpuMs(pid) - cpuBefore - idle * (Date.now() - started);
	// A failed run (the HTTP Request node stops at its first error) is reported, not thrown.
	const run = await lastRun(url, cookie);
	const put = run.resultData.runData.Put?.[0];
	const ok = answer.ok && put && !put.error && (put.data.main[0] ?? []).length === records;
	const seconds = (put?.executionTime ?? 0) / 1000;
	const error = ok ? undefined : String(put?.error?.message ?? run.resultData.error?.message ?? answer.status).slice(0, 160);
	const row = { client: name, records, ok, recordsPerSecond: ok ? Math.round(records / seconds) : 0, cpuMsPerRecord: Math.round((cpu / records) * 100) / 100, refused: (await server.counts()).refused - refusedBefore, error };
	process.stderr.write(`  ${JSON.stringify(row)}\n`);
	return row;
}

/** The run in the middle by records a second (this machine's speed moves from run to run). @template {{ recordsPerSecond: number }} T @param {T[]} runs */
function median(runs) {
	return [...runs].sort((a, b) => a.recordsPerSecond - b.recordsPerSecond)[Math.floor(runs.length / 2)];
}

/**
 * Runs each variant's workflow REPEATS times in an n8n with the given build of the package.
 * @param {{ label: string, tarball?: string, variants: string[], records: (variant: string) => number }} plan
 * @param {{ server: Awaited<ReturnType<typeof startServerProcess>>, proxyUrl: string }} target
 */
async function measurePackage(plan, target) {
	const n8n = await createInstance({ line: '2', tarball: plan.tarball });
	const rows = [];
	try {
		await n8n.importCredential({ ...CREDENTIAL, type: 'apifyKeyValueStoreApi', data: { apiToken: target.server.token, baseUrl: target.proxyUrl } });
		const ids = {};
		for (const [i, name] of plan.variants.entries()) {
			const storeId = await target.server.createStore(`bench-${plan.label.replace(/\W/g, '')}-${i}`);
			const id = `benchDist${i}${plan.tarball ? 'b' : 'n'}`.padEnd(16, '0');
			await n8n.importWorkflow(workflow(id, /** @type {any} */ (putNodes(storeId, target.proxyUrl))[name]));
			await n8n.activate(id);
			/** @type {any} */ (ids)[name] = id;
		}
		const editor = await n8n.start({ port: await freePort(), brokerPort: await freePort() });
		const cookie = await editor.setupOwner({ email: 'bench@example.com', firstName: 'Bench', lastName: 'Mark', password: 'Bench-mark-pass-1' });
		try {
			for (const name of plan.variants) {
				const call = async (/** @type {number} */ count) =>
					await fetch(`${editor.url}/webhook/${/** @type {any} */ (ids)[name]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ records: count }) });
				await call(20); // warm-up: compiled code, the proxy's first connections
				const runs = [];
				for (let repeat = 0; repeat < REPEATS; repeat++) runs.push(await measureRun({ name, records: plan.records(name), call, pid: /** @type {number} */ (editor.process.pid), url: editor.url, cookie, server: target.server }));
				rows.push({ package: plan.label, ...median(runs) });
				process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
			}
		} finally {
			await editor.stop();
		}
	} finally {
		n8n.cleanup();
	}
	return rows;
}

async function main() {
	const key = process.env.BENCH_TLS_KEY;
	const cert = process.env.BENCH_TLS_CERT;
	if (!key || !cert) throw new Error('run through "npm run bench", which makes the certificates and trusts their CA');
	const server = await startServerProcess(['--tls-key', key, '--tls-cert', cert, '--rate-limit', '200']);
	const proxy = await startProxyProcess(server.port, RTT_MS);
	const target = { server, proxyUrl: `https://127.0.0.1:${proxy.port}` };
	const slow = Math.min(RECORDS, 300);
	try {
		const rows = [
			...(await measurePackage({ label: 'now', variants: ['HTTP Request node (defaults)', 'this node (defaults)', 'this node (Concurrency 10)'], records: () => RECORDS }, target)),
			...(await measurePackage({ label: `before (${DISTANCE_BASELINE})`, tarball: baselinePackage(DISTANCE_BASELINE), variants: ['this node (defaults)', 'this node (Concurrency 10)'], records: (name) => (name.includes('defaults') ? slow : RECORDS) }, target)),
		];
		console.table(rows);
		const out = require('path').resolve(__dirname, '../bench-results');
		fs.mkdirSync(out, { recursive: true });
		fs.writeFileSync(require('path').join(out, 'n8n-distance.json'), `${JSON.stringify({ rttMs: RTT_MS, records: RECORDS, rows }, null, 2)}\n`);
	} finally {
		proxy.stop();
		server.stop();
	}
}

main().catch((error) => {
	console.error(error.stack || error.message);
	process.exit(1);
});
