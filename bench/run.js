#!/usr/bin/env node
// @ts-check
'use strict';
// `npm run bench`: a throwaway CA for the https legs (trusted by every client through
// NODE_EXTRA_CA_CERTS, which Node reads only at start, hence child processes), then the throughput
// benchmark in n8n's engine, the compressor on Node 20 and 24, and the HTTP Request node comparison
// in a real n8n, and the CPU profile of Store Record now and before. Each part prints its figures; bench-results/ keeps the throughput JSON.
const { spawnSync } = require('child_process');
const path = require('path');
const { makeTestCertificates } = require('../scripts/tls-certs');

const ROOT = path.resolve(__dirname, '..');
const tls = makeTestCertificates();
const env = { ...process.env, NODE_EXTRA_CA_CERTS: tls.caFile, BENCH_TLS_KEY: tls.keyFile, BENCH_TLS_CERT: tls.certFile };

/** @param {string} label @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [extra] */
function step(label, command, args, extra = {}) {
	process.stderr.write(`\n[bench] ${label}\n`);
	const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...env, ...extra } });
	if (result.status !== 0) {
		process.stderr.write(`[bench] ${label} failed (exit ${result.status})\n`);
		process.exit(result.status ?? 1);
	}
}

step('throughput: node, axios loop and apify-client; http and https; a 200 MB file', process.execPath, [
	require.resolve('jest/bin/jest'),
	'-c',
	'jest.bench.config.js',
	'bench/throughput.bench.ts',
], { NODE_OPTIONS: '--experimental-vm-modules --expose-gc' });
step('compression: CompressionStream on Node 20 and on Node 24', process.execPath, [path.join(__dirname, 'compression.js')]);
step('n8n: this node against the HTTP Request node in a real n8n, http and https', process.execPath, [path.join(__dirname, 'n8n-compare.js')]);
step('profile: where the CPU per record goes, now and before the TLS performance work', process.execPath, [path.join(__dirname, 'profile.js')]);
