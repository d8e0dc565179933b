#!/usr/bin/env node
// @ts-check
'use strict';
// What an n8n user does without this node: an HTTP Request node doing the same PUT. Both run in the
// same real n8n (2.x, the package installed as users install it) on the same 2,000 records of about
// 930 B, against the same local server adding 20 ms to every answer, over http and over https
// (a throwaway CA trusted through NODE_EXTRA_CA_CERTS, which `npm run bench` sets). The time is the
// node's own execution time from n8n's run data. Prints a table and one JSON line.
const { startServer } = require('../server');
const { createInstance } = require('../scripts/n8n/instance');

const RECORDS = Number(process.env.BENCH_N8N_RECORDS ?? 2000);
const LATENCY_MS = 20;
const TOKEN = 'bench-n8n-token-0123456789';

/** @param {string} id @param {string} name @param {object} target */
function workflow(id, name, target) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'make',
				name: 'Make Records',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				// About 930 bytes of JSON each, as in the throughput benchmark.
				parameters: { jsCode: `return Array.from({ length: ${RECORDS} }, (_, i) => ({ json: { key: 'rec-' + i, id: i, title: 'Record number ' + i, text: String(i).padStart(8, '0').repeat(110) } }));` },
			},
			{ id: 'put', name: 'Put', position: [400, 0], ...target },
		],
		connections: {
			Start: { main: [[{ node: 'Make Records', type: 'main', index: 0 }]] },
			'Make Records': { main: [[{ node: 'Put', type: 'main', index: 0 }]] },
		},
	};
}

async function main() {
	const n8n = await createInstance({ line: '2' });
	/** @type {Array<Record<string, unknown>>} */
	const rows = [];
	try {
		const tls = process.env.BENCH_TLS_KEY && process.env.BENCH_TLS_CERT ? { key: require('fs').readFileSync(process.env.BENCH_TLS_KEY), cert: require('fs').readFileSync(process.env.BENCH_TLS_CERT) } : undefined;
		const protocols = tls ? ['http', 'https'] : ['http'];
		for (const protocol of protocols) {
			const server = await startServer({ tokens: [{ token: TOKEN, username: 'bench' }], tls: protocol === 'https' ? tls : undefined });
			try {
				server.faults.set([{ kind: 'delay', ms: LATENCY_MS, path: '^/v2/' }]);
				const storeId = server.ensureStore('bench').id;
				const credId = `benchCred${protocol}00`.slice(0, 16);
				await n8n.importCredential({ id: credId, name: `Apify (${protocol})`, type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: server.url } });
				const credentials = { apifyKeyValueStoreApi: { id: credId, name: `Apify (${protocol})` } };
				const node = (/** @type {object} */ options) => ({
					type: 'n8n-nodes-apify-key-value-store.apifyKeyValueStore',
					typeVersion: 1,
					credentials,
					parameters: {
						resource: 'record',
						operation: 'store',
						storeId: { __rl: true, mode: 'id', value: storeId },
						recordKey: '={{ $json.key }}',
						valueSource: 'itemJson',
						compression: 'auto',
						options,
					},
				});
				const variants = {
					'HTTP Request node (defaults)': {
						type: 'n8n-nodes-base.httpRequest',
						typeVersion: 4.2,
						credentials,
						parameters: {
							method: 'PUT',
							url: `=${server.url}/v2/key-value-stores/${storeId}/records/{{ $json.key }}`,
							authentication: 'predefinedCredentialType',
							nodeCredentialType: 'apifyKeyValueStoreApi',
							sendBody: true,
							specifyBody: 'json',
							jsonBody: '={{ JSON.stringify($json) }}',
							options: {},
						},
					},
					'this node (defaults: concurrency 5, 180/s)': node({}),
					'this node (concurrency 10)': node({ concurrency: 10 }),
				};
				let n = 0;
				for (const [name, target] of Object.entries(variants)) {
					const id = `benchWf${protocol}${n++}`.padEnd(16, '0').slice(0, 16);
					await n8n.importWorkflow(workflow(id, `bench ${protocol} ${name}`, target));
					const before = server.stats.requests;
					const run = await n8n.execute(id);
					if (run.status !== 'success') throw new Error(`${name} over ${protocol}: ${JSON.stringify(run.data.resultData.error ?? run.status).slice(0, 500)}`);
					const task = run.data.resultData.runData.Put[0];
					const out = task.data.main[0] ?? [];
					if (out.length !== RECORDS) throw new Error(`${name} over ${protocol}: ${out.length} items out of ${RECORDS}`);
					const seconds = task.executionTime / 1000;
					rows.push({ protocol, latencyMs: LATENCY_MS, client: name, seconds, recordsPerSecond: Math.round(RECORDS / seconds), requests: server.stats.requests - before });
					process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
				}
			} finally {
				await server.close();
			}
		}
	} finally {
		n8n.cleanup();
	}
	console.table(rows);
	console.log(JSON.stringify({ n8nComparison: rows }));
}

main().catch((error) => {
	console.error(error.stack || error.message);
	process.exit(1);
});
