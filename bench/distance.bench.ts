import path from 'path';
import { ApifyClient } from 'apify-client';
import type { INodeParameters } from 'n8n-workflow';
import { runNode } from '../test/harness/engine';
import { makeItem, pool, startProxyProcess, startServerProcess, writeRows } from './support';

// The distance leg of `npm run bench`: the node and apify-client writing to the local server over
// verified https through a TCP latency proxy (bench/latency-proxy.js: the round trip on every
// exchange, one more for each new connection), at each distance, with the server enforcing
// Apify's 200 requests a second per store and counting the 429s. In n8n's engine; the server and
// the proxy run in their own processes, so the CPU per record is the client's own.
// DISTANCE_ONLY_DEFAULTS=1 measures the node at its defaults alone (the baseline tree does that).

const RECORDS = Number(process.env.BENCH_DISTANCE_RECORDS ?? 1000);
/** The slow legs (a few requests in flight at a distance) write fewer records: their rate is what counts. */
const SLOW_RECORDS = Math.min(RECORDS, Number(process.env.BENCH_DISTANCE_SLOW_RECORDS ?? 300));
const RTTS = (process.env.BENCH_RTTS ?? '0,30,90,150').split(',').map(Number);
const LABEL = process.env.DISTANCE_LABEL ?? 'now';
const ONLY_DEFAULTS = process.env.DISTANCE_ONLY_DEFAULTS === '1';
const OUT = process.env.DISTANCE_OUT ?? path.resolve(__dirname, '../bench-results/distance.json');

/** Store Record at the node's defaults (Concurrency Auto, 180/s, Automatic compression), and any options given. */
const nodeParameters = (storeId: string, options: INodeParameters = {}): INodeParameters => ({
	resource: 'record',
	operation: 'store',
	storeId: { __rl: true, mode: 'id', value: storeId },
	recordKey: '={{ $json.key }}',
	valueSource: 'itemJson',
	compression: 'auto',
	options,
});

interface Row {
	label: string;
	rttMs: number;
	client: string;
	records: number;
	recordsPerSecond: number;
	cpuMsPerRecord: number;
	refused: number;
	connections: number;
}

it('measures the node and apify-client at a distance from the API', async () => {
	const key = process.env.BENCH_TLS_KEY;
	const cert = process.env.BENCH_TLS_CERT;
	if (!key || !cert) throw new Error('run through "npm run bench", which makes the certificates');
	const server = await startServerProcess(['--tls-key', key, '--tls-cert', cert, '--rate-limit', '200']);
	const rows: Row[] = [];
	try {
		for (const rttMs of RTTS) {
			const proxy = rttMs > 0 ? await startProxyProcess(server.port, rttMs) : undefined;
			const baseUrl = proxy ? `https://127.0.0.1:${proxy.port}` : server.url;
			const credentials = { apiToken: server.token, baseUrl };
			const clients: Array<[string, number, (storeId: string, count: number) => Promise<void>]> = [
				[
					'node, defaults',
					RECORDS,
					async (storeId, count) => {
						const { error } = await runNode({ parameters: nodeParameters(storeId), items: Array.from({ length: count }, (_, i) => ({ json: makeItem(i) })), credentials });
						if (error) throw error;
					},
				],
			];
			if (!ONLY_DEFAULTS) {
				clients.push([
					'node, Concurrency 5 (the default before Auto)',
					SLOW_RECORDS,
					async (storeId, count) => {
						const { error } = await runNode({ parameters: nodeParameters(storeId, { concurrency: 5 }), items: Array.from({ length: count }, (_, i) => ({ json: makeItem(i) })), credentials });
						if (error) throw error;
					},
				]);
				for (const inFlight of [5, 20]) {
					clients.push([
						`apify-client, ${inFlight} in flight`,
						inFlight === 5 ? SLOW_RECORDS : RECORDS,
						async (storeId, count) => {
							const kvs = new ApifyClient({ baseUrl, token: server.token }).keyValueStore(storeId);
							await pool(count, inFlight, async (i) => await kvs.setRecord({ key: `rec-${i}`, value: makeItem(i) }));
						},
					]);
				}
			}
			try {
				for (const [client, records, work] of clients) {
					// Warm-up on a store of its own: code compiled, the proxy's first connections made.
					await work(await server.createStore(`warm-${rttMs}-${rows.length}`), 30);
					const storeId = await server.createStore(`d-${rttMs}-${rows.length}`);
					const before = await server.counts();
					const cpu = process.cpuUsage();
					const started = process.hrtime.bigint();
					await work(storeId, records);
					const seconds = Number(process.hrtime.bigint() - started) / 1e9;
					const used = process.cpuUsage(cpu);
					const after = await server.counts();
					const row = {
						label: LABEL,
						rttMs,
						client,
						records,
						recordsPerSecond: Math.round(records / seconds),
						cpuMsPerRecord: Math.round(((used.user + used.system) / 1000 / records) * 100) / 100,
						refused: after.refused - before.refused,
						connections: after.connections - before.connections,
					};
					rows.push(row);
					process.stderr.write(`${JSON.stringify(row)}\n`);
				}
			} finally {
				proxy?.stop();
			}
		}
	} finally {
		server.stop();
	}
	writeRows(OUT, rows);
	expect(rows.length).toBeGreaterThan(0);
});
