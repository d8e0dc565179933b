#!/usr/bin/env node
// @ts-check
'use strict';
// The main job: build the package, start the local Apify-compatible server (or use the real API
// with APIFY_TOKEN), run the example workflows in a real n8n, and print a verified report.
// With --queue: the same package in n8n's queue mode (scripts/queue/demo.js).
const { spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const { startServer } = require('../server');
const { createInstance } = require('./n8n/instance');
const { queueDemo } = require('./queue/demo');
const { listExecutions, untilExecutions, nodeOutput } = require('./n8n/executions');
const { freePort } = require('./system/ports');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');
const DEMO_STORE = 'n8n-kvs-demo';
/** The Actor example 7 reads the last successful run of (APIFY_ACTOR on the real API). */
const DEMO_ACTOR = 'apify~website-content-crawler';

/**
 * On the local server: the Actor of example 7, run twice by the demo's user (a successful run that
 * wrote OUTPUT, then a failed one that wrote another), as Apify keeps them. Returns the OUTPUT the
 * example must read: the successful run's.
 * @param {Awaited<ReturnType<typeof startServer>>} server
 */
function prepareActorRuns(server) {
	const [username, name] = DEMO_ACTOR.split('~');
	const actor = server.createActor(name, 'Website Content Crawler', username);
	const output = { pagesCrawled: 42, startUrl: 'https://docs.apify.com', finishedAt: new Date().toISOString() };
	const ok = server.createRun({ actorId: actor.id });
	server.putRecord(ok.defaultKeyValueStoreId, 'OUTPUT', Buffer.from(JSON.stringify(output)), 'application/json; charset=utf-8');
	const failed = server.createRun({ actorId: actor.id, status: 'FAILED' });
	server.putRecord(failed.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('{"error":"the later run failed"}'), 'application/json; charset=utf-8');
	return { output, run: ok };
}

/**
 * Checks what a Get Record of a run's store read: the successful run's OUTPUT, not the later failed one's.
 * @param {Record<string, any>} runData @param {{ output: object, run: { id: string } } | undefined} expected
 */
function verifyRunOutput(runData, expected) {
	const [read] = runData['Read Run Output']?.[0]?.data?.main?.[0] ?? [];
	console.log(`  Read Run Output: ${JSON.stringify(read?.json)}`);
	if (!expected) return 0;
	const ok = JSON.stringify(read?.json) === JSON.stringify(expected.output);
	console.log(`    the OUTPUT of the last successful run ${expected.run.id}: ${ok ? 'yes' : 'NO'}`);
	return ok ? 0 : 1;
}

/**
 * GET with the token in the header only (or, for a signed public link, no token); returns the decoded body.
 * @param {string} location @param {string | undefined} token
 * @returns {Promise<{ status?: number, contentType?: string, body: Buffer }>}
 */
function fetchRecord(location, token) {
	return new Promise((resolve, reject) => {
		const client = location.startsWith('https:') ? https : http;
		/** @type {Record<string, string>} */
		const headers = { 'accept-encoding': 'identity' };
		if (token) headers.authorization = `Bearer ${token}`;
		const req = client.get(location, { headers }, (res) => {
			/** @type {Buffer[]} */
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, contentType: res.headers['content-type'], body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
	});
}

const pad = (/** @type {unknown} */ value, /** @type {number} */ width) => String(value).padEnd(width);

const isTrigger = (/** @type {{ type: string }} */ node) => node.type.endsWith('.apifyKeyValueStoreTrigger');

/**
 * A trigger's workflow runs as users run it: published, n8n started, the trigger's first poll takes
 * the baseline, then a new record is written and the next poll (n8n polls once a minute at most)
 * must report it, its signed link opening without a token. Returns the number of problems.
 * @param {any} n8n @param {{ id: string, nodes: Array<{ name: string, type: string }> }} workflow
 * @param {{ baseUrl: string, token: string, storeName: string, keyListings: () => number | undefined }} api
 *   keyListings: how many key listings the local server has answered (the baseline is one); the real API gets 10 s
 */
async function runTriggerWorkflow(n8n, workflow, api) {
	const trigger = /** @type {{ name: string }} */ (workflow.nodes.find(isTrigger));
	const listed = api.keyListings() ?? 0;
	await n8n.activate(workflow.id);
	const editor = await n8n.start({ port: await freePort(), brokerPort: await freePort() });
	try {
		const cookie = await editor.setupOwner({ email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-pass-1234' });
		for (let waited = 0; waited < 60_000 && (api.keyListings() ?? 0) === listed; waited += 250) {
			if (api.keyListings() === undefined && waited >= 10_000) break;
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		const before = (await listExecutions(editor.url, cookie)).length;
		const key = `demo-new-${Date.now()}`;
		const put = await fetch(`${api.baseUrl}/v2/key-value-stores/~${api.storeName}/records/${key}`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ written: 'by the demo, after the baseline' }),
		});
		if (!put.ok) throw new Error(`writing ${key} answered ${put.status}`);
		console.log(`  published; the first poll took the baseline; wrote ${key}; waiting for the next poll (up to a minute)…`);
		const found = await untilExecutions(editor.url, cookie, before + 1);
		const { status, runData } = found[found.length - 1];
		const events = nodeOutput(runData, trigger.name);
		console.log(`  n8n run: ${status}, started by the trigger; ${trigger.name}: ${events.length} event(s)`);
		let problems = status === 'success' && events.length === 1 && events[0].json.key === key ? 0 : 1;
		for (const { json } of events) {
			const opened = await fetchRecord(json.publicUrl, undefined);
			const ok = opened.status === 200 && opened.body.length === json.size;
			if (!ok) problems++;
			console.log(`    ${json.event} ${pad(json.key, 26)}${pad(json.size, 9)}link opens without a token: ${ok ? 'yes' : `NO (${opened.status})`}`);
		}
		return problems;
	} finally {
		await editor.stop();
	}
}

/**
 * Reads back each record a Store Record node of the run stored, and prints what it sent and what
 * came back; returns the problems found.
 * @param {{ nodes: Array<{ name: string, type: string, parameters: Record<string, unknown> }> }} workflow
 * @param {Record<string, any>} runData
 * @param {string} token
 */
async function verifyStored(workflow, runData, token) {
	let failures = 0;
	for (const node of workflow.nodes) {
		if (!node.type.endsWith('.apifyKeyValueStore') || node.parameters.operation !== 'store') continue;
		const [main = [], errors = []] = runData[node.name]?.[0]?.data?.main ?? [];
		const stored = (main ?? []).filter((/** @type {{ json: any }} */ item) => item.json.location);
		console.log(`  ${node.name}: ${stored.length} stored${errors?.length ? `, ${errors.length} to the error output` : ''}`);
		console.log(`    ${pad('key', 22)}${pad('bytes', 9)}${pad('sent', 9)}${pad('encoding', 10)}${pad('read back', 11)}location`);
		let shown = 0;
		let verified = 0;
		for (const { json: record } of stored) {
			const back = await fetchRecord(record.location, token);
			const ok = back.status === 200 && back.body.length === record.bytes && back.contentType === record.contentType;
			if (ok) verified++;
			else failures++;
			if (shown >= 3 && ok) continue;
			shown++;
			console.log(`    ${pad(record.key, 22)}${pad(record.bytes, 9)}${pad(record.uploadedBytes, 9)}${pad(record.contentEncoding, 10)}${pad(ok ? 'ok' : `FAILED (${back.status})`, 11)}${record.location}`);
		}
		if (stored.length > shown) console.log(`    … and ${stored.length - shown} more`);
		console.log(`    verified: ${verified} of ${stored.length} read back with the same size and content type`);
		for (const item of errors ?? []) console.log(`    error output: ${JSON.stringify(item.json.key)}: ${item.json.error}`);
	}
	return failures;
}

/**
 * Runs an example with `n8n execute` and verifies what it stored; returns the problems found.
 * @param {Awaited<ReturnType<typeof createInstance>>} n8n
 * @param {any} workflow
 * @param {string} token
 * @param {Parameters<typeof verifyRunOutput>[1]} expectedOutput
 */
async function runExample(n8n, workflow, token, expectedOutput) {
	const t0 = Date.now();
	const run = await n8n.execute(workflow.id);
	const seconds = ((Date.now() - t0) / 1000).toFixed(1);
	console.log(`\n${workflow.name}\n  n8n run: ${run.status} in ${seconds} s`);
	if (run.status !== 'success') {
		console.log(`  error: ${run.data.resultData.error?.message}`);
		return 1;
	}
	const { runData } = run.data.resultData;
	const problems = runData['Read Run Output'] ? verifyRunOutput(runData, expectedOutput) : 0;
	return problems + (await verifyStored(workflow, runData, token));
}

async function main() {
	const started = Date.now();
	console.log('Building the package…');
	const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('build failed');
	if (process.argv.includes('--queue')) process.exit((await queueDemo()) ? 0 : 1);

	const remote = Boolean(process.env.APIFY_TOKEN);
	const storeName = process.env.APIFY_STORE || DEMO_STORE;
	const server = remote ? undefined : await startServer({ tokens: [{ token: `demo-${Date.now()}`, username: 'demo' }] });
	const token = remote ? /** @type {string} */ (process.env.APIFY_TOKEN) : /** @type {any} */ (server).token;
	const baseUrl = remote ? 'https://api.apify.com' : /** @type {any} */ (server).url;
	console.log(remote ? `Using the real Apify API, store "${storeName}".` : `Local Apify-compatible server at ${baseUrl}.`);

	const expectedOutput = server && prepareActorRuns(server);
	const actor = remote ? process.env.APIFY_ACTOR : DEMO_ACTOR;
	const n8n = await createInstance();
	let failures = 0;
	try {
		await n8n.importCredential({ id: 'apifyLocalCred01', name: 'Apify API', type: 'apifyKeyValueStoreApi', data: { apiToken: token, baseUrl } });
		for (const file of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort()) {
			const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
			if (text.includes(DEMO_ACTOR) && !actor) {
				console.log(`\n${file}: skipped on the real API; set APIFY_ACTOR to an Actor (ID or username~name) whose last successful run wrote OUTPUT.`);
				continue;
			}
			const workflow = JSON.parse(text.split(DEMO_STORE).join(storeName).split(DEMO_ACTOR).join(actor ?? DEMO_ACTOR));
			await n8n.importWorkflow(workflow);
			if (!workflow.nodes.some(isTrigger)) {
				failures += await runExample(n8n, workflow, token, expectedOutput);
				continue;
			}
			console.log(`\n${workflow.name}`);
			failures += await runTriggerWorkflow(n8n, workflow, { baseUrl, token, storeName, keyListings: () => server?.stats.byRoute.keys });
		}
	} finally {
		n8n.cleanup();
		await server?.close();
	}
	console.log(`\n${failures === 0 ? 'All records verified' : `${failures} problem(s)`} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
	process.exit(failures === 0 ? 0 : 1);
}

main().catch((err) => {
	console.error(err.stack || err.message);
	process.exit(1);
});
