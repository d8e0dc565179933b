import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { IBinaryData, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { makeBinary, runNode, setBinaryDataMode } from '../test/harness/engine';
import { peakRssGrowth, startServerProcess, writeRows } from './support';

// The memory leg of `npm run bench`: the peak growth of this process's resident memory (sampled
// every 10 ms) while the node, at its defaults, stores 200 binaries of 1 MB held in the items with
// gzip (decoded and compressed into memory: the run's byte budget bounds them), stores five 200 MB
// files uncompressed (streamed from n8n's filesystem binary store), and downloads five 40 MiB
// archives (into that store). The server runs in its own process. MEMORY_LABEL names the tree
// measured (the baseline tree runs the same file). The harness's token check is off here: it
// turns the whole run data into text, which would count against the node.

const LABEL = process.env.MEMORY_LABEL ?? 'now';
const OUT = process.env.MEMORY_OUT ?? path.resolve(__dirname, '../bench-results/memory.json');
const MiB = 1024 * 1024;

const params = (storeId: string, overrides: INodeParameters): INodeParameters => ({
	resource: 'record',
	operation: 'store',
	storeId: { __rl: true, mode: 'id', value: storeId },
	recordKey: '={{ $json.key }}',
	valueSource: 'binary',
	binaryPropertyName: 'data',
	options: {},
	...overrides,
});

async function bigFile(megabytes: number): Promise<IBinaryData> {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-mem-')), 'big.bin');
	const fd = fs.openSync(file, 'w');
	for (let i = 0; i < megabytes; i++) fs.writeSync(fd, crypto.randomBytes(MiB));
	fs.closeSync(fd);
	const binary = await makeBinary(fs.createReadStream(file), 'application/octet-stream', 'big.bin');
	fs.rmSync(path.dirname(file), { recursive: true, force: true });
	return binary;
}

it('measures the peak memory of large values at the node\'s defaults', async () => {
	const server = await startServerProcess(['--body-limit', String(250 * MiB)]);
	const rows: Array<{ label: string; case: string; seconds: number; peakRssGrowthMb: number }> = [];
	const measure = async (name: string, work: () => Promise<{ error?: unknown; outputs: INodeExecutionData[][] }>, expected: number) => {
		const measured = await peakRssGrowth(work);
		if (measured.result.error) throw measured.result.error as Error;
		if (measured.result.outputs[0].length !== expected) throw new Error(`${name}: ${measured.result.outputs[0].length} items out of ${expected}`);
		rows.push({ label: LABEL, case: name, seconds: Math.round(measured.ms) / 1000, peakRssGrowthMb: Math.round(measured.peakGrowth / MiB) });
		process.stderr.write(`${JSON.stringify(rows[rows.length - 1])}\n`);
	};
	try {
		const credentials = { apiToken: server.token, baseUrl: server.url };
		const storeId = await server.createStore('memory');
		if (LABEL === 'now') {
			await setBinaryDataMode('default');
			const items = await Promise.all(Array.from({ length: 200 }, async (_, i) => ({ json: { key: `one-mb-${i}` }, binary: { data: await makeBinary(crypto.randomBytes(MiB), 'application/octet-stream') } })));
			await measure('200 binaries of 1 MB, gzip', async () => await runNode({ parameters: params(storeId, { compression: 'gzip' }), items, credentials, skipSecretCheck: true }), 200);
		}
		await setBinaryDataMode('filesystem');
		const file = await bigFile(200);
		const files = Array.from({ length: 5 }, (_, i) => ({ json: { key: `big-${i}` }, binary: { data: file } }));
		await measure('5 files of 200 MB, uncompressed (streamed)', async () => await runNode({ parameters: params(storeId, { compression: 'none' }), items: files, credentials, skipSecretCheck: true }), 5);
		// Archives go to n8n's filesystem binary store, as large files do in production.
		const archiveStore = await server.createStore('archive');
		for (let i = 0; i < 40; i++) {
			const res = await fetch(`${server.url}/v2/key-value-stores/${archiveStore}/records/part-${i}`, { method: 'PUT', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' }, body: crypto.randomBytes(MiB) });
			if (!res.ok) throw new Error(`PUT part-${i}: ${res.status}`);
		}
		const downloads = Array.from({ length: 5 }, () => ({ json: {} }));
		await measure('5 downloads of a 40 MiB archive', async () => await runNode({ parameters: { resource: 'store', operation: 'downloadRecords', storeId: { __rl: true, mode: 'id', value: archiveStore } }, items: downloads, credentials, skipSecretCheck: true }), 5);
	} finally {
		server.stop();
	}
	writeRows(OUT, rows);
	expect(rows.length).toBeGreaterThan(0);
});
