#!/usr/bin/env node
// @ts-check
'use strict';
// The distance figures of one `npm run bench` against the targets, side by side: read from
// bench-results/ (what the distance, memory and real-n8n legs wrote in this run).
const fs = require('fs');
const path = require('path');

const OUT = path.resolve(__dirname, '../bench-results');
/** @param {string} name */
const read = (name) => (fs.existsSync(path.join(OUT, name)) ? JSON.parse(fs.readFileSync(path.join(OUT, name), 'utf8')) : undefined);

/** @param {boolean} met */
const mark = (met) => (met ? 'met' : 'MISSED');

function main() {
	const now = read('distance.json') ?? [];
	const before = read('distance-before.json') ?? [];
	/** @param {any[]} rows @param {number} rtt @param {string} client */
	const at = (rows, rtt, client) => rows.find((r) => r.rttMs === rtt && r.client.startsWith(client));
	const lines = ['distance, in n8n\'s engine (records/s; CPU ms per record; 429s):'];
	for (const rtt of [...new Set(now.map((/** @type {any} */ r) => r.rttMs))]) {
		const cells = now.filter((/** @type {any} */ r) => r.rttMs === rtt).map((/** @type {any} */ r) => `${r.client}: ${r.recordsPerSecond} (${r.cpuMsPerRecord} ms; ${r.refused})`);
		const then = at(before, rtt, 'node, defaults');
		lines.push(`  ${rtt} ms: ${cells.join(' | ')}${then ? ` | before: ${then.recordsPerSecond}` : ''}`);
	}
	const auto = (/** @type {number} */ rtt) => at(now, rtt, 'node, defaults')?.recordsPerSecond ?? 0;
	lines.push('targets:');
	lines.push(`  90 ms, defaults >= 150/s in the engine: ${auto(90)} (${mark(auto(90) >= 150)})`);
	lines.push(`  150 ms, defaults >= 120/s in the engine: ${auto(150)} (${mark(auto(150) >= 120)})`);
	for (const rtt of [0, 30]) {
		const then = at(before, rtt, 'node, defaults')?.recordsPerSecond;
		if (then !== undefined) lines.push(`  ${rtt} ms, no slower than before: ${auto(rtt)} against ${then} (${mark(auto(rtt) >= then * 0.95)}, within 5%)`);
	}
	const refused = at(now, 90, 'node, defaults');
	if (refused) lines.push(`  90 ms, at most 1% refused: ${refused.refused} of ${refused.records} (${mark(refused.refused <= refused.records / 100)})`);
	const n8n = read('n8n-distance.json');
	if (n8n) {
		/** @param {string} pkg @param {string} client */
		const row = (pkg, client) => n8n.rows.find((/** @type {any} */ r) => r.package.startsWith(pkg) && r.client === client);
		const http = row('now', 'HTTP Request node (defaults)');
		const node = row('now', 'this node (defaults)');
		const ratio = http?.recordsPerSecond ? node.recordsPerSecond / http.recordsPerSecond : Infinity;
		lines.push(`  real n8n at ${n8n.rttMs} ms, defaults >= 2x the HTTP Request node: ${node?.recordsPerSecond} against ${http?.recordsPerSecond}${http?.ok ? '' : ' (it failed)'} = ${ratio.toFixed(2)}x (${mark(ratio >= 2)})`);
		const c10 = row('now', 'this node (Concurrency 10)');
		const old = row('before', 'this node (Concurrency 10)');
		if (c10 && old) {
			const cut = 1 - c10.cpuMsPerRecord / old.cpuMsPerRecord;
			lines.push(`  real n8n, CPU per record at Concurrency 10 at least 20% lower: ${c10.cpuMsPerRecord} ms against ${old.cpuMsPerRecord} ms = ${(cut * 100).toFixed(0)}% lower (${mark(cut >= 0.2)})`);
		}
	}
	const memory = [...(read('memory.json') ?? []), ...(read('memory-before.json') ?? [])];
	/** @param {string} label @param {string} name */
	const mem = (label, name) => memory.find((/** @type {any} */ r) => r.label.startsWith(label) && r.case.startsWith(name));
	const oneMb = mem('now', '200 binaries');
	if (oneMb) lines.push(`  200 x 1 MB with gzip, RSS growth <= 128 MB: ${oneMb.peakRssGrowthMb} MB (${mark(oneMb.peakRssGrowthMb <= 128)})`);
	const big = mem('now', '5 files');
	const bigBefore = mem('before', '5 files');
	if (big && bigBefore) lines.push(`  5 x 200 MB uncompressed, no growth beyond before: ${big.peakRssGrowthMb} MB against ${bigBefore.peakRssGrowthMb} MB (${mark(big.peakRssGrowthMb <= bigBefore.peakRssGrowthMb + 16)}, within 16 MB)`);
	const downloads = mem('now', '5 downloads');
	const downloadsBefore = mem('before', '5 downloads');
	if (downloads && downloadsBefore) lines.push(`  5 downloads of 40 MiB: peak RSS growth ${downloads.peakRssGrowthMb} MB, before ${downloadsBefore.peakRssGrowthMb} MB`);
	console.log(lines.join('\n'));
}

main();
