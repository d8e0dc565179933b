// @ts-check
'use strict';
// n8n in queue mode on one machine, as a scaled-out deployment runs it: Redis as the queue,
// PostgreSQL as the shared database, a main process that takes webhooks, and workers that run the
// executions; all on free loopback ports, with this package installed the way users install it.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { createInstance } = require('../n8n/instance');
const { freePort } = require('../system/ports');
const { startPostgres } = require('./postgres');
const { startRedis } = require('./redis');

/**
 * Runs `start` with its output appended to <user folder>/<name>.log.
 * @template T
 * @param {string} userFolder
 * @param {string} name
 * @param {(stdio: ['ignore', number, number]) => Promise<T>} start
 */
async function withLog(userFolder, name, start) {
	const file = path.join(userFolder, `${name}.log`);
	const fd = fs.openSync(file, 'a');
	try {
		return { file, started: await start(['ignore', fd, fd]) };
	} finally {
		fs.closeSync(fd); // the child has its own copy
	}
}

/**
 * An n8n 2.x instance set up for queue mode on the given database and queue, with the
 * credentials and (published) workflows imported.
 * @param {{ port: number, user: string, database: string }} postgres
 * @param {{ port: number }} redis
 * @param {{ credentials: object[], workflows: Array<{ id: string }>, env: Record<string, string> }} options
 */
async function queueInstance(postgres, redis, { credentials, workflows, env }) {
	const n8n = await createInstance({
		line: '2',
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_DATABASE: postgres.database,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			// Queue mode's processes share no disk in a real deployment: binary data goes through the
			// database (2.x's default in queue mode; S3 needs a licence), said here so nothing depends on it.
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			// Every process decrypts the same credentials.
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('base64'),
			...env,
		},
	});
	for (const credential of credentials) await n8n.importCredential(credential);
	for (const workflow of workflows) {
		await n8n.importWorkflow(workflow);
		await n8n.activate(workflow.id);
	}
	return n8n;
}

/**
 * Starts `count` workers, each with its own log, its health and broker ports.
 * @param {Awaited<ReturnType<typeof createInstance>>} n8n
 * @param {number} count
 * @param {number} concurrency
 * @param {Array<() => Promise<unknown>>} stops where each worker's stop goes
 */
async function startWorkers(n8n, count, concurrency, stops) {
	/** @type {string[]} */
	const logs = [];
	const running = [];
	for (let i = 1; i <= count; i++) {
		const healthPort = await freePort();
		const brokerPort = await freePort();
		const { file, started: worker } = await withLog(n8n.userFolder, `worker-${i}`, (stdio) => n8n.worker({ healthPort, brokerPort, concurrency, stdio }));
		stops.push(worker.stop);
		logs.push(file);
		running.push(worker);
	}
	return { logs, running };
}

/** The executions each worker started and finished, from its log. @param {string[]} workerLogs */
function workerExecutions(workerLogs) {
	return workerLogs.map((file) => {
		const text = fs.readFileSync(file, 'utf8');
		const ids = (/** @type {RegExp} */ pattern) => [...text.matchAll(pattern)].map((m) => m[1]);
		return { started: ids(/Worker started execution (\d+)/g), finished: ids(/Worker finished execution (\d+)/g) };
	});
}

/**
 * @param {{
 *   workers?: number,
 *   concurrency?: number,
 *   credentials?: object[],
 *   workflows?: Array<{ id: string }>,
 *   env?: Record<string, string>,
 *   log?: (line: string) => void,
 * }} [options] workflows are imported and published (activated) before n8n starts
 */
async function startQueueCluster({ workers = 2, concurrency = 10, credentials = [], workflows = [], env = {}, log = (line) => process.stderr.write(`[queue] ${line}\n`) } = {}) {
	const started = Date.now();
	/** @type {Array<() => Promise<unknown>>} */
	const stops = [];
	const stopAll = async () => {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
	};
	try {
		const [postgres, redis] = await Promise.all([startPostgres({ log }), startRedis({ log })]);
		stops.push(postgres.stop, redis.stop);
		log(`PostgreSQL 17 on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);
		const n8n = await queueInstance(postgres, redis, { credentials, workflows, env });
		stops.push(async () => n8n.cleanup());
		const [mainPort, mainBroker] = [await freePort(), await freePort()];
		const { file: mainLog, started: main } = await withLog(n8n.userFolder, 'main', (stdio) => n8n.start({ port: mainPort, brokerPort: mainBroker, stdio }));
		stops.push(main.stop);
		log(`n8n ${n8n.version} main at ${main.url} (${Math.round((Date.now() - started) / 1000)} s)`);
		const { logs: workerLogs, running } = await startWorkers(n8n, workers, concurrency, stops);
		const setupSeconds = (Date.now() - started) / 1000;
		log(`${workers} workers ready, concurrency ${concurrency} each; set up in ${Math.round(setupSeconds)} s`);
		return {
			n8n,
			url: main.url,
			main,
			workers: running,
			setupSeconds,
			/** The executions each worker started and finished, from its log. */
			workerExecutions: () => workerExecutions(workerLogs),
			logs: { main: mainLog, workers: workerLogs },
			stop: stopAll,
		};
	} catch (error) {
		await stopAll();
		throw error;
	}
}

module.exports = { startQueueCluster };
