import path from 'path';
import { runNode, storeRecordParameters } from '../test/harness/engine';
import { makeItem, startServerProcess, writeRows } from './support';

// The swing leg of `npm run bench`: Store Record at the node's defaults against the local server
// in its own process, limited to Apify's 200 requests a second per store, while the server's answers
// swing between fast and slow (a delay of 10 ms, then 400 ms, each for a phase of 1 s, and of 0.25 s). A pace kept at the
// send side still meets bunched arrivals when the latency drops: the share of requests the server
// refused (429, each retried) and the records a second are what this leg reports.

const RECORDS = Number(process.env.BENCH_SWING_RECORDS ?? 3000);
/** How long each phase of the swing lasts, in ms: slow swings and quick ones. */
const SWINGS_MS = (process.env.BENCH_SWINGS_MS ?? '1000,250').split(',').map(Number);
const DELAYS = [10, 400];
const OUT = process.env.SWING_OUT ?? path.resolve(__dirname, '../bench-results/swing.json');

it('measures the refused share and the rate while the latency swings', async () => {
	const server = await startServerProcess(['--rate-limit', '200']);
	const rows: object[] = [];
	try {
		const legs: Array<[string, number]> = [['steady 10 ms', 0], ...SWINGS_MS.map((ms): [string, number] => [`10 ↔ 400 ms, ${ms} ms each`, ms])];
		for (const [label, phaseMs] of legs) {
			const storeId = await server.createStore(`swing-${phaseMs}`);
			let turn = 0;
			await server.setLatency(DELAYS[0]);
			const swing = phaseMs > 0 ? setInterval(() => void server.setLatency(DELAYS[++turn % 2]), phaseMs) : undefined;
			const before = await server.counts();
			const started = Date.now();
			const items = Array.from({ length: RECORDS }, (_, i) => ({ json: makeItem(i) }));
			const { outputs, error } = await runNode({ parameters: storeRecordParameters(storeId, { compression: 'auto' }), items, credentials: { apiToken: server.token, baseUrl: server.url } });
			const seconds = (Date.now() - started) / 1000;
			clearInterval(swing);
			if (error || outputs[0].length !== RECORDS) throw new Error(`the run failed: ${error?.message ?? `${outputs[0].length} of ${RECORDS} stored`}`);
			const refused = (await server.counts()).refused - before.refused;
			rows.push({ leg: label, records: RECORDS, seconds: Number(seconds.toFixed(1)), recordsPerSecond: Math.round(RECORDS / seconds), refused, refusedShare: `${((100 * refused) / (RECORDS + refused)).toFixed(2)}%` });
		}
	} finally {
		server.stop();
	}
	writeRows(OUT, rows);
}, 30 * 60_000);
