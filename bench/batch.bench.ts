import crypto from 'crypto';
import path from 'path';
import zlib from 'zlib';
import type { INodeExecutionData } from 'n8n-workflow';
import { runNode } from '../test/harness/engine';
import { peakRssGrowth, startServerProcess, writeRows } from './support';

// The batch leg of `npm run bench`: Store Record's "All Items in One Record", gzip JSON Lines, its
// peak growth of this process's resident memory (sampled every 10 ms) beside the record's size,
// as a ratio; beside it in the same run, the naive way (the text of every item made as one string,
// then gzipped whole). Apify counts a record uncompressed against its 9 MiB limit: 45,000 items of
// about 200 bytes make a record just under it; 100,000 make about 20 MB, which the node measures and
// refuses before sending (its memory for that is measured too). Beside each, the engine's own cost
// of a run over the same items (failing at once on a bad key), which the node's own figure leaves out.
// The server runs in its own process.

const OUT = process.env.BATCH_OUT ?? path.resolve(__dirname, '../bench-results/batch.json');
const MiB = 1024 * 1024;

/** An item of about 200 bytes of JSON. */
const item = (i: number): INodeExecutionData => ({
	json: { id: i, sku: `SKU-${String(i).padStart(6, '0')}`, title: `Product number ${i}`, price: (i % 997) / 10, tags: ['a', 'b'], digest: crypto.createHash('sha256').update(String(i)).digest('hex'), inStock: i % 3 !== 0, note: 'ok' },
});

it('measures the memory of many items stored as one gzip JSON Lines record', async () => {
	const server = await startServerProcess();
	const rows: object[] = [];
	try {
		const credentials = { apiToken: server.token, baseUrl: server.url };
		await server.createStore('batch');
		const parameters = {
			resource: 'record',
			operation: 'store',
			storeId: { __rl: true, mode: 'name', value: '~batch' },
			inputMode: 'all',
			batchFormat: 'jsonLines',
			compression: 'gzip',
			recordKey: 'all-items',
		};
		for (const count of [45_000, 100_000]) {
			const items = Array.from({ length: count }, (_, i) => item(i));
			const recordBytes = items.reduce((sum, i) => sum + Buffer.byteLength(JSON.stringify(i.json)) + 1, 0);
			// The engine's own cost of a run over these items: the same run failing at once on its key.
			const engine = await peakRssGrowth(async () => await runNode({ parameters: { ...parameters, recordKey: 'no spaces allowed' }, items, credentials, skipSecretCheck: true }));
			const node = await peakRssGrowth(async () => await runNode({ parameters, items, credentials, skipSecretCheck: true }));
			const out = node.result.outputs[0]?.[0]?.json;
			const refused = node.result.error ? String((node.result.error as Error).message) : undefined;
			const naive = await peakRssGrowth(async () => zlib.gzipSync(items.map((i) => JSON.stringify(i.json)).join('\n')));
			const own = Math.max(0, node.peakGrowth - engine.peakGrowth);
			rows.push({
				items: count,
				bytesPerItem: Math.round(recordBytes / count),
				recordMiB: +(recordBytes / MiB).toFixed(1),
				gzipMiB: +(naive.result.length / MiB).toFixed(2),
				stored: out ? 'yes' : `no: ${refused?.slice(0, 48)}…`,
				engineMiB: +(engine.peakGrowth / MiB).toFixed(1),
				nodeMiB: +(node.peakGrowth / MiB).toFixed(1),
				nodeOwnPerRecord: +(own / recordBytes).toFixed(2),
				naiveMiB: +(naive.peakGrowth / MiB).toFixed(1),
				naivePerRecord: +(naive.peakGrowth / recordBytes).toFixed(2),
				nodeSeconds: +(node.ms / 1000).toFixed(2),
			});
			if (count === 45_000 && !out) throw new Error(`45,000 items were not stored: ${refused}`);
			if (count === 100_000 && out) throw new Error('100,000 items of 200 bytes went over the limit but were stored');
		}
	} finally {
		server.stop();
	}
	writeRows(OUT, rows);
	expect(rows).toHaveLength(2);
});
