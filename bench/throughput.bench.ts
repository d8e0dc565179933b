import axios from 'axios';
import { ApifyClient } from 'apify-client';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { pipeline } from 'stream/promises';
import { Writable } from 'stream';
import zlib from 'zlib';
import { makeBinary, runNode, setBinaryDataMode, storeRecordParameters } from '../test/harness/engine';
import { makeItem, peakRssGrowth, pool, startServerProcess, svgChart } from './support';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 2000);
const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 200);
const OUT = path.resolve(__dirname, '../bench-results');
// Only a full run replaces the chart that the README shows.
const CHART = process.env.BENCH_RECORDS ? path.join(OUT, 'bench-throughput.svg') : path.resolve(__dirname, '../.github/media/bench-throughput.svg');

type Row = {
	client: string;
	protocol: 'http' | 'https';
	latencyMs: number;
	concurrency: number;
	seconds: number;
	recordsPerSecond: number;
	cpuMicrosPerRecord: number;
	/** Connections the server accepted during the measured run (TLS: full handshakes or resumptions). */
	connections?: number;
	tlsResumed?: number;
};

async function measure(client: string, protocol: Row['protocol'], latencyMs: number, concurrency: number, work: () => Promise<void>): Promise<Row> {
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	await work();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const used = process.cpuUsage(cpu);
	return {
		client,
		protocol,
		latencyMs,
		concurrency,
		seconds: Math.round(seconds * 1000) / 1000,
		recordsPerSecond: Math.round(RECORDS / seconds),
		cpuMicrosPerRecord: Math.round((used.user + used.system) / RECORDS),
	};
}

/** The three clients, each writing the same records to one server (http or https). */
function clientsFor(server: Awaited<ReturnType<typeof startServerProcess>>, storeId: string, items: Array<{ json: ReturnType<typeof makeItem> }>) {
	const bodies = items.map((i) => JSON.stringify(i.json));
	const credentials = { apiToken: server.token, baseUrl: server.url };
	const kvs = new ApifyClient({ baseUrl: server.url, token: server.token, maxRetries: 0 }).keyValueStore(storeId);
	const http = axios.create({ headers: { Authorization: `Bearer ${server.token}` } });
	const clients: Record<string, (concurrency: number) => Promise<void>> = {
		'n8n node': async (concurrency) => {
			const { error } = await runNode({
				// Pacing off: the local server has no rate limit, and the loops it is compared with have none.
				parameters: storeRecordParameters(storeId, { options: { concurrency, requestsPerSecond: 0 } }),
				items,
				credentials,
			});
			if (error) throw error;
		},
		'axios loop': async (concurrency) =>
			await pool(RECORDS, concurrency, async (i) => {
				await http.put(`${server.url}/v2/key-value-stores/${storeId}/records/${items[i].json.key}`, bodies[i], {
					headers: { 'Content-Type': 'application/json; charset=utf-8' },
				});
			}),
		'apify-client': async (concurrency) =>
			await pool(RECORDS, concurrency, async (i) => {
				await kvs.setRecord({ key: items[i].json.key, value: items[i].json });
			}),
	};
	return { clients, credentials };
}

it('benchmarks the node against an axios loop and apify-client over http and https, and a large streamed upload', async () => {
	const server = await startServerProcess(['--body-limit', String((BIG_MB + 50) * 1024 * 1024)]);
	// Over TLS with a throwaway CA that `npm run bench` makes and gives every client by NODE_EXTRA_CA_CERTS.
	const tls = process.env.BENCH_TLS_KEY && process.env.BENCH_TLS_CERT ? await startServerProcess(['--tls-key', process.env.BENCH_TLS_KEY, '--tls-cert', process.env.BENCH_TLS_CERT]) : undefined;
	const rows: Row[] = [];
	try {
		await setBinaryDataMode('default');
		const storeId = await server.createStore('bench');
		const items = Array.from({ length: RECORDS }, (_, i) => ({ json: makeItem(i) }));
		const { clients, credentials } = clientsFor(server, storeId, items);
		const plans: Array<{ protocol: Row['protocol']; target: typeof server; clients: typeof clients; concurrencies: number[] }> = [
			{ protocol: 'http', target: server, clients, concurrencies: [1, 10] },
		];
		if (tls) {
			plans.push({ protocol: 'https', target: tls, clients: clientsFor(tls, await tls.createStore('bench'), items).clients, concurrencies: [10] });
		} else {
			process.stderr.write('[bench] no BENCH_TLS_KEY/BENCH_TLS_CERT: the https leg is skipped (npm run bench sets them)\n');
		}

		for (const plan of plans) {
			for (const latencyMs of [0, 20]) {
				await plan.target.setLatency(latencyMs);
				for (const concurrency of plan.concurrencies) {
					for (const [name, work] of Object.entries(plan.clients)) {
						await work(Math.min(concurrency, 2)); // warm-up: connections, JIT
						const before = await plan.target.connections();
						const row = await measure(name, plan.protocol, latencyMs, concurrency, async () => await work(concurrency));
						const after = await plan.target.connections();
						row.connections = after.opened - before.opened;
						if (plan.protocol === 'https') row.tlsResumed = after.resumed - before.resumed;
						rows.push(row);
						process.stderr.write(`${JSON.stringify(row)}\n`);
					}
				}
			}
			await plan.target.setLatency(0);
		}

		// A large file in n8n's filesystem binary mode, streamed through the node.
		await setBinaryDataMode('filesystem');
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-bench-')), 'big.bin');
		const chunk = Buffer.concat([crypto.randomBytes(256 * 1024), Buffer.alloc(768 * 1024, 'n8n apify key-value store ')]);
		const fd = fs.openSync(file, 'w');
		for (let i = 0; i < BIG_MB; i++) fs.writeSync(fd, chunk);
		fs.closeSync(fd);
		const binary = await makeBinary(fs.createReadStream(file), 'application/octet-stream', 'big.bin');
		fs.rmSync(file);
		const big: Array<Record<string, number | string>> = [];
		for (const compression of ['none', 'gzip']) {
			const measured = await peakRssGrowth(async () =>
				runNode({
					parameters: {
						resource: 'record',
						operation: 'store',
						storeId: { __rl: true, mode: 'id', value: storeId },
						recordKey: `big-${compression}`,
						valueSource: 'binary',
						binaryPropertyName: 'data',
						compression,
						options: {},
					},
					items: [{ json: {}, binary: { data: binary } }],
					credentials,
				}),
			);
			if (measured.result.error) throw measured.result.error;
			const out = measured.result.outputs[0][0].json;
			big.push({
				case: `node, ${compression}`,
				seconds: Math.round(measured.ms) / 1000,
				mbPerSecond: Math.round((BIG_MB / (measured.ms / 1000)) * 10) / 10,
				peakRssGrowthMb: Math.round(measured.peakGrowth / 1024 / 1024),
				uploadedMb: Math.round((Number(out.uploadedBytes) / 1024 / 1024) * 10) / 10,
			});
			process.stderr.write(`${JSON.stringify(big[big.length - 1])}\n`);
		}
		const { BinaryDataService } = await import('n8n-core');
		const { Container } = await import('@n8n/di');
		const zlibOnly = await peakRssGrowth(async () => {
			await pipeline(
				await Container.get(BinaryDataService).getAsStream(binary.id!),
				zlib.createGzip({ level: 6 }),
				new Writable({ write: (_c, _e, cb) => cb() }),
			);
		});
		big.push({
			case: 'zlib alone, gzip (ceiling)',
			seconds: Math.round(zlibOnly.ms) / 1000,
			mbPerSecond: Math.round((BIG_MB / (zlibOnly.ms / 1000)) * 10) / 10,
			peakRssGrowthMb: Math.round(zlibOnly.peakGrowth / 1024 / 1024),
			uploadedMb: 0,
		});

		const ratio = (a: string, b: string, latencyMs: number, concurrency: number, protocol: Row['protocol'] = 'http') => {
			const get = (n: string) => rows.find((r) => r.client === n && r.protocol === protocol && r.latencyMs === latencyMs && r.concurrency === concurrency)!.recordsPerSecond;
			return Math.round((get(a) / get(b)) * 100) / 100;
		};
		const ratios = [0, 20].flatMap((latencyMs) =>
			[1, 10].map((concurrency) => ({
				latencyMs,
				concurrency,
				nodeVsAxios: ratio('n8n node', 'axios loop', latencyMs, concurrency),
				nodeVsApifyClient: ratio('n8n node', 'apify-client', latencyMs, concurrency),
			})),
		);
		const httpsRatios = tls
			? [0, 20].map((latencyMs) => ({
					latencyMs,
					concurrency: 10,
					nodeVsAxios: ratio('n8n node', 'axios loop', latencyMs, 10, 'https'),
					nodeVsApifyClient: ratio('n8n node', 'apify-client', latencyMs, 10, 'https'),
				}))
			: [];
		const at20 = (c: number) => rows.find((r) => r.client === 'n8n node' && r.protocol === 'http' && r.latencyMs === 20 && r.concurrency === c)!.recordsPerSecond;
		const gzipNode = big.find((b) => b.case === 'node, gzip')!;
		const zlibRow = big[big.length - 1];
		const result = {
			machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version },
			records: RECORDS,
			throughput: rows,
			ratios,
			httpsRatios,
			concurrencyGainAt20ms: Math.round((at20(10) / at20(1)) * 100) / 100,
			bigFile: { sizeMb: BIG_MB, cases: big, gzipVsZlibAlone: Math.round((Number(gzipNode.mbPerSecond) / Number(zlibRow.mbPerSecond)) * 100) / 100 },
		};
		fs.mkdirSync(OUT, { recursive: true });
		fs.writeFileSync(path.join(OUT, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
		fs.mkdirSync(path.dirname(CHART), { recursive: true });
		fs.writeFileSync(
			CHART,
			svgChart(
				plans.flatMap((plan) =>
					Object.keys(plan.clients).map((name) => ({
						name: `${name}, ${plan.protocol}`,
						points: rows
							.filter((r) => r.client === name && r.protocol === plan.protocol && r.latencyMs === 20)
							.map((r) => [r.concurrency, r.recordsPerSecond] as [number, number]),
					})),
				),
				`${RECORDS} records of ~1 KB, local server adding 20 ms`,
			),
		);
		console.log(JSON.stringify(result, null, 2));
		expect(rows).toHaveLength(tls ? 18 : 12);
	} finally {
		server.stop();
		tls?.stop();
		await setBinaryDataMode('default');
	}
});
