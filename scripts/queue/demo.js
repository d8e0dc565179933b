// @ts-check
'use strict';
// "npm run demo -- --queue": the queue-mode job in one command. n8n main, Redis, PostgreSQL 17 and
// two workers; 20 webhook calls of 50 items at once into the local Apify-compatible server (which
// limits each store to Apify's 200 requests a second); every record read back and compared.
const { startServer } = require('../../server');
const { startQueueCluster } = require('./cluster');
const { queueWorkflow, makeBatches, verifyRecords, sendBatches, STORE_NAME, CREDENTIAL } = require('./workload');

const BATCHES = 20;
const BATCH_SIZE = 50;
const STORE_LIMIT_PER_SECOND = 200;

async function queueDemo() {
	const started = Date.now();
	const server = await startServer({ tokens: [{ token: `queue-demo-${Date.now()}`, username: 'demo' }], rateLimitPerSecond: STORE_LIMIT_PER_SECOND });
	server.ensureStore(STORE_NAME);
	console.log(`Local Apify-compatible server at ${server.url}, ${STORE_LIMIT_PER_SECOND} requests a second per store.`);
	console.log('Starting PostgreSQL 17, Redis, n8n main and two workers (the first run installs them)…');
	const cluster = await startQueueCluster({
		credentials: [{ ...CREDENTIAL, type: 'apifyKeyValueStoreApi', data: { apiToken: server.token, baseUrl: server.url } }],
		workflows: [queueWorkflow()],
		log: (line) => console.log(`  ${line}`),
	});
	try {
		const batches = makeBatches({ batches: BATCHES, size: BATCH_SIZE });
		const items = batches.flat();
		console.log(`\nSending ${BATCHES} webhook calls of ${BATCH_SIZE} items at once (JSON and binary files; auto, gzip, deflate, Brotli, none)…`);
		const { answers, seconds, peak, stored, refused } = await sendBatches(server, cluster.url, batches);
		const failed = answers.filter((a) => !a.ok);
		for (const answer of failed) console.log(`  webhook answered ${answer.status}: ${answer.text}`);
		const perWorker = cluster.workerExecutions().map((w) => w.finished.length);
		const check = verifyRecords(server, items);
		console.log(`  ${BATCHES - failed.length} of ${BATCHES} executions answered with their records in ${seconds.toFixed(1)} s: ${Math.round(items.length / seconds)} records/s`);
		console.log(`  executions per worker: ${perWorker.map((n, i) => `worker ${i + 1}: ${n}`).join(', ')}`);
		console.log(`  writes: ${stored} stored, ${refused} refused with 429 and retried, at most ${peak} in one second`);
		console.log(`  verified: ${check.checked - check.missing.length - check.wrong.length} of ${check.checked} records byte for byte, with their content type and encoding`);
		for (const key of check.missing.slice(0, 10)) console.log(`  MISSING ${key}`);
		for (const key of check.wrong.slice(0, 10)) console.log(`  WRONG ${key}`);
		const ok = failed.length === 0 && check.missing.length === 0 && check.wrong.length === 0 && perWorker.every((n) => n > 0);
		console.log(`\n${ok ? 'All records verified' : 'Problems found'} in queue mode in ${((Date.now() - started) / 1000).toFixed(0)} s (setup ${Math.round(cluster.setupSeconds)} s).`);
		return ok;
	} finally {
		await cluster.stop();
		await server.close();
	}
}

module.exports = { queueDemo };
