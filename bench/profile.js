#!/usr/bin/env node
// @ts-check
'use strict';
// `npm run bench:profile`: the CPU profile of Store Record (bench/profile.bench.ts) for this tree
// and, side by side in the same run, for the commit before the TLS performance work
// (BASELINE), unpacked with `git archive` into a temp folder with this tree's benchmark files and
// server, so both are measured the same way. Each prints its areas and top functions.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { makeTestCertificates, trustBundle } = require('../scripts/tls-certs');
const { baselineTree } = require('./baseline');

const ROOT = path.resolve(__dirname, '..');
/** main when the TLS performance issue was filed: before the per-record cuts (store and key read once, settings once per item, Base URL once per run). */
const BASELINE = '8f95a2f';
const SHARED = ['bench/profile.bench.ts', 'bench/support.ts', 'bench/processes.js', 'bench/latency-proxy.js', 'jest.bench.config.js', 'server'];

const tls = makeTestCertificates();

/** @param {string} label @param {string} dir @param {string} out */
function profile(label, dir, out) {
	const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '-c', 'jest.bench.config.js', 'bench/profile.bench.ts'], {
		cwd: dir,
		stdio: 'inherit',
		env: { ...process.env, NODE_OPTIONS: '--experimental-vm-modules', NODE_EXTRA_CA_CERTS: trustBundle(tls.caFile), BENCH_TLS_KEY: tls.keyFile, BENCH_TLS_CERT: tls.certFile, PROFILE_LABEL: label, PROFILE_OUT: out },
	});
	if (result.status !== 0) throw new Error(`the profile of ${label} failed (exit ${result.status})`);
	return JSON.parse(fs.readFileSync(out, 'utf8'));
}

const out = path.join(ROOT, 'bench-results');
fs.mkdirSync(out, { recursive: true });
const results = [];
if (!process.argv.includes('--no-baseline')) {
	const dir = baselineTree(BASELINE, SHARED);
	try {
		results.push(profile(`before (${BASELINE})`, dir, path.join(out, 'profile-before.json')));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}
results.push(profile('now', ROOT, path.join(out, 'profile.json')));
process.stderr.write('\n[profile] side by side (CPU ms per record, records/s):\n');
for (const r of results) process.stderr.write(`[profile]   ${r.label.padEnd(20)} ${r.cpuMsPerRecord.toFixed(2)} ms  ${r.recordsPerSecond}/s\n`);
