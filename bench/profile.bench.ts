import fs from 'fs';
import { Session, type Profiler } from 'inspector';
import path from 'path';
import { runNode, storeRecordParameters } from '../test/harness/engine';
import { makeItem, startServerProcess } from './support';

// `npm run bench:profile`: where the node's CPU goes per record. V8's sampling profiler runs only
// around one measured run (the throughput benchmark's https leg: 2,000 records of about 930 B,
// 20 ms added by the server, concurrency 10), in this process, with the server in its own.
// It prints self time by area and the functions on top, per record.

const RECORDS = Number(process.env.BENCH_RECORDS ?? 2000);
const LABEL = process.env.PROFILE_LABEL ?? 'this tree';
const OUT = process.env.PROFILE_OUT ?? path.resolve(__dirname, '../bench-results/profile.json');

function post<T>(session: Session, method: string, params?: object): Promise<T> {
	return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** The part of the stack a function belongs to, from its script's URL. */
function area(url: string, name: string): string {
	if (name === '(garbage collector)') return 'garbage collection';
	if (name === '(program)' || name === '(idle)' || name === '(root)') return name;
	if (/nodes[\\/]ApifyKeyValueStore|credentials[\\/]ApifyKeyValueStoreApi/.test(url)) return 'this package';
	const pkg = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(url);
	if (pkg) return pkg[1].replace(/\\/g, '/');
	if (url.startsWith('node:')) return `Node: ${url.slice(5).split('/')[0].replace(/^internal$/, 'internal')}`;
	if (url === '') return 'V8 and native (TLS, crypto, sockets)';
	return 'other';
}

describe('CPU profile of Store Record', () => {
	it('profiles the https run at 20 ms and concurrency 10', async () => {
		if (!process.env.BENCH_TLS_KEY || !process.env.BENCH_TLS_CERT) throw new Error('run through "npm run bench:profile", which makes the certificates');
		const server = await startServerProcess(['--tls-key', process.env.BENCH_TLS_KEY, '--tls-cert', process.env.BENCH_TLS_CERT]);
		try {
			const storeId = await server.createStore('profile');
			const items = Array.from({ length: RECORDS }, (_, i) => ({ json: makeItem(i) }));
			const run = async (records: typeof items) => {
				const { error } = await runNode({
					parameters: storeRecordParameters(storeId, { options: { concurrency: 10, requestsPerSecond: 0 } }),
					items: records,
					credentials: { apiToken: server.token, baseUrl: server.url },
				});
				if (error) throw error;
			};
			// Warm-up: compiled code, not first-call costs, is what is measured.
			await run(items.slice(0, 200));
			await server.setLatency(20);
			const session = new Session();
			session.connect();
			await post(session, 'Profiler.enable');
			await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
			const cpu = process.cpuUsage();
			const started = Date.now();
			await post(session, 'Profiler.start');
			await run(items);
			const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop');
			const seconds = (Date.now() - started) / 1000;
			const used = process.cpuUsage(cpu);
			session.disconnect();

			// Self time per profile node: the time between its samples and the next.
			const self = new Map<number, number>();
			const samples = profile.samples ?? [];
			const deltas = profile.timeDeltas ?? [];
			for (let i = 0; i < samples.length - 1; i++) self.set(samples[i], (self.get(samples[i]) ?? 0) + deltas[i + 1]);
			const byArea = new Map<string, number>();
			const byFunction = new Map<string, { micros: number; area: string }>();
			for (const node of profile.nodes) {
				const micros = self.get(node.id) ?? 0;
				if (!micros) continue;
				const { functionName, url, lineNumber } = node.callFrame;
				const name = functionName || '(anonymous)';
				const where = area(url, name);
				byArea.set(where, (byArea.get(where) ?? 0) + micros);
				if (where === '(idle)' || where === '(program)' || where === '(root)') continue;
				const file = url ? `${url.replace(/^.*node_modules[\\/]/, '').replace(/^.*[\\/](nodes|credentials)[\\/]/, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}` : '';
				const key = `${name} ${file}`.trim();
				const entry = byFunction.get(key) ?? { micros: 0, area: where };
				entry.micros += micros;
				byFunction.set(key, entry);
			}
			const busy = [...byArea.entries()].filter(([a]) => a !== '(idle)').reduce((sum, [, m]) => sum + m, 0);
			const perRecord = (micros: number) => Math.round(micros / RECORDS);
			const areas = [...byArea.entries()].filter(([a]) => a !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 12);
			const sorted = [...byFunction.entries()].sort((a, b) => b[1].micros - a[1].micros);
			const functions = sorted.slice(0, 15);
			const own = sorted.filter(([, v]) => v.area === 'this package').slice(0, Number(process.env.PROFILE_OWN ?? 8));
			const lines = [
				`[profile] ${LABEL}: ${RECORDS} records over https, 20 ms, concurrency 10: ${Math.round(RECORDS / seconds)} records/s, CPU ${((used.user + used.system) / RECORDS / 1000).toFixed(2)} ms per record (sampled busy time ${(busy / RECORDS / 1000).toFixed(2)} ms)`,
				'[profile] self time by area (µs per record, share of busy time):',
				...areas.map(([a, m]) => `[profile]   ${String(perRecord(m)).padStart(5)} µs  ${((m / busy) * 100).toFixed(1).padStart(5)}%  ${a}`),
				'[profile] top functions by self time (µs per record):',
				...functions.map(([k, v]) => `[profile]   ${String(perRecord(v.micros)).padStart(5)} µs  ${((v.micros / busy) * 100).toFixed(1).padStart(5)}%  ${k}  [${v.area}]`),
				"[profile] this package's own functions on top:",
				...own.map(([k, v]) => `[profile]   ${String(perRecord(v.micros)).padStart(5)} µs  ${((v.micros / busy) * 100).toFixed(1).padStart(5)}%  ${k}`),
			];
			process.stderr.write(`${lines.join('\n')}\n`);
			fs.mkdirSync(path.dirname(OUT), { recursive: true });
			fs.writeFileSync(
				OUT,
				JSON.stringify(
					{
						label: LABEL,
						records: RECORDS,
						recordsPerSecond: Math.round(RECORDS / seconds),
						cpuMsPerRecord: (used.user + used.system) / RECORDS / 1000,
						areas: areas.map(([a, m]) => ({ area: a, microsPerRecord: perRecord(m), share: m / busy })),
						functions: functions.map(([k, v]) => ({ function: k, area: v.area, microsPerRecord: perRecord(v.micros), share: v.micros / busy })),
						ownFunctions: own.map(([k, v]) => ({ function: k, microsPerRecord: perRecord(v.micros), share: v.micros / busy })),
					},
					null,
					2,
				),
			);
		} finally {
			server.stop();
		}
	});
});
