#!/usr/bin/env node
// @ts-check
'use strict';
// Compression speed of the node's own compressor (dist/, the runtime's CompressionStream) for
// gzip and Brotli on 1 KB, 100 KB and 10 MB values, on the Node.js running this script, with
// Node's zlib (gzip level 6, Brotli at CompressionStream's quality 11) beside it as the reference.
// `npm run bench` runs it on Node 20 and on the Node 24 that n8n 2.x uses.
const crypto = require('crypto');
const zlib = require('zlib');
const path = require('path');

const { compress, checkCompression } = require(path.resolve(__dirname, '../dist/nodes/ApifyKeyValueStore/helpers/compress.js'));

/** JSON-like text: repetitive structure, varying values, as records usually are. @param {number} size */
function value(size) {
	const parts = [];
	let length = 0;
	for (let i = 0; length < size; i++) {
		const part = JSON.stringify({ id: i, sku: `SKU-${i % 977}`, price: (i * 7.31) % 500, note: crypto.createHash('md5').update(String(i)).digest('hex') });
		parts.push(part);
		length += part.length + 1;
	}
	return Buffer.from(parts.join('\n')).subarray(0, size);
}

/** Mean milliseconds per call over enough calls to last about `budgetMs`. @param {() => Promise<unknown> | unknown} fn */
async function time(fn, budgetMs = 400) {
	await fn();
	let calls = 0;
	const started = process.hrtime.bigint();
	let elapsed = 0;
	while (elapsed < budgetMs || calls < 3) {
		await fn();
		calls++;
		elapsed = Number(process.hrtime.bigint() - started) / 1e6;
		if (calls >= 2000) break;
	}
	return elapsed / calls;
}

async function main() {
	/** @type {Array<[string, number]>} */
	const sizes = [['1 KB', 1024], ['100 KB', 100 * 1024], ['10 MB', 10 * 1024 * 1024]];
	const rows = [];
	for (const [label, size] of sizes) {
		const data = value(size);
		for (const encoding of ['gzip', 'br']) {
			if (!checkCompression(encoding).ok) {
				rows.push({ node: process.version, value: label, encoding, node_ms: null, mb_per_s: null, ratio: null, zlib_ms: null, vs_zlib: null, note: 'no Brotli in this runtime' });
				continue;
			}
			const budget = encoding === 'br' && size > 1e6 ? 1 : 400;
			const nodeMs = await time(() => compress(data, encoding), budget);
			const out = await compress(data, encoding);
			const reference = encoding === 'gzip' ? () => zlib.gzipSync(data, { level: 6 }) : () => zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
			const zlibMs = await time(reference, budget);
			rows.push({
				node: process.version,
				value: label,
				encoding,
				node_ms: Number(nodeMs.toFixed(3)),
				mb_per_s: Number((data.length / 1024 / 1024 / (nodeMs / 1000)).toFixed(1)),
				ratio: Number((out.length / data.length).toFixed(3)),
				zlib_ms: Number(zlibMs.toFixed(3)),
				vs_zlib: Number((zlibMs / nodeMs).toFixed(2)),
			});
		}
	}
	console.table(rows);
	console.log(JSON.stringify({ compression: rows }));
	// Then the same on the Node 24 that n8n 2.x runs on (provisioned by the project), where Brotli exists.
	if (!process.argv.includes('--here-only')) {
		const { provision } = require('../scripts/n8n/provision');
		const { nodeBin } = await provision('2');
		const { status } = require('child_process').spawnSync(nodeBin, [__filename, '--here-only'], { stdio: 'inherit' });
		if (status !== 0) throw new Error(`the Node 24 run failed (${status})`);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
