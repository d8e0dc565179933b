#!/usr/bin/env node
// @ts-check
'use strict';
// `npm run bench`: a throwaway CA for the https legs (trusted by every client through
// NODE_EXTRA_CA_CERTS, which Node reads only at start, hence child processes); then, each part
// printing its figures: the distance leg (the node and apify-client through a latency proxy at 0,
// 30, 90 and 150 ms, and the node of DISTANCE_BASELINE beside it), the memory leg (now and then),
// the loopback throughput benchmark, the compressor, the real-n8n comparison at 90 ms, and the
// CPU profile. bench-results/ keeps the JSON; the summary at the end sets the distance figures
// against the targets, side by side from this one run.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { makeTestCertificates, trustBundle } = require('../scripts/tls-certs');
const { baselineTree, DISTANCE_BASELINE } = require('./baseline');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench-results');
const tls = makeTestCertificates();
const env = { ...process.env, NODE_EXTRA_CA_CERTS: trustBundle(tls.caFile), BENCH_TLS_KEY: tls.keyFile, BENCH_TLS_CERT: tls.certFile };
/** What the baseline tree takes from this one, so both are measured the same way. */
const SHARED = ['bench', 'jest.bench.config.js', 'server', 'scripts/tls-certs.js'];

/** @param {string} label @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} [extra] @param {string} [cwd] */
function step(label, command, args, extra = {}, cwd = ROOT) {
	process.stderr.write(`\n[bench] ${label}\n`);
	const result = spawnSync(command, args, { cwd, stdio: 'inherit', env: { ...env, ...extra } });
	if (result.status !== 0) {
		process.stderr.write(`[bench] ${label} failed (exit ${result.status})\n`);
		process.exit(result.status ?? 1);
	}
}

/** A Jest benchmark file, in this tree or another. @param {string} label @param {string} file @param {NodeJS.ProcessEnv} [extra] @param {string} [cwd] */
const jestStep = (label, file, extra = {}, cwd = ROOT) =>
	step(label, process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '-c', 'jest.bench.config.js', file], { NODE_OPTIONS: '--experimental-vm-modules --expose-gc', ...extra }, cwd);

/** The baseline's engine harness learns to skip its token check when a memory benchmark asks, as this tree's does. @param {string} dir */
function patchBaselineHarness(dir) {
	const harness = path.join(dir, 'test/harness/engine.ts');
	const text = fs.readFileSync(harness, 'utf8');
	const check = 'assertNoSecret(result, options.credentials?.apiToken);';
	if (!text.includes(check)) throw new Error(`the baseline harness has no "${check}" to patch`);
	fs.writeFileSync(harness, text.replace(check, `if (!(options as { skipSecretCheck?: boolean }).skipSecretCheck) ${check}`));
}

/** `--only distance,n8n` runs those legs (distance, memory, batch, swing, throughput, compression, n8n, profile) and the summary. */
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg === -1 ? undefined : new Set(process.argv[onlyArg + 1]?.split(','));
const wanted = (/** @type {string} */ leg) => !only || only.has(leg);

fs.mkdirSync(OUT, { recursive: true });
if (wanted('distance') || wanted('memory')) {
	const baseline = baselineTree(DISTANCE_BASELINE, SHARED);
	patchBaselineHarness(baseline);
	try {
		if (wanted('distance')) {
			jestStep('distance: the node and apify-client at 0, 30, 90 and 150 ms', 'bench/distance.bench.ts');
			jestStep(`distance: the node of ${DISTANCE_BASELINE} at its defaults`, 'bench/distance.bench.ts', { DISTANCE_LABEL: `before (${DISTANCE_BASELINE})`, DISTANCE_ONLY_DEFAULTS: '1', BENCH_DISTANCE_RECORDS: '300', DISTANCE_OUT: path.join(OUT, 'distance-before.json') }, baseline);
		}
		if (wanted('memory')) {
			jestStep('memory: large values at the defaults', 'bench/memory.bench.ts');
			jestStep(`memory: the node of ${DISTANCE_BASELINE}`, 'bench/memory.bench.ts', { MEMORY_LABEL: `before (${DISTANCE_BASELINE})`, MEMORY_OUT: path.join(OUT, 'memory-before.json') }, baseline);
		}
	} finally {
		fs.rmSync(baseline, { recursive: true, force: true });
	}
}
if (wanted('batch')) jestStep('batch: many items as one gzip JSON Lines record, its memory beside the record size', 'bench/batch.bench.ts');
if (wanted('swing')) jestStep('swing: Store Record at the defaults while the latency swings between 10 and 400 ms, the server limited to 200/s', 'bench/swing.bench.ts');
if (wanted('throughput')) jestStep('throughput on loopback: node, axios loop and apify-client; http and https; a 200 MB file', 'bench/throughput.bench.ts');
if (wanted('compression')) step('compression: CompressionStream on Node 20 and on Node 24', process.execPath, [path.join(__dirname, 'compression.js')]);
if (wanted('n8n')) step('n8n at 90 ms: this node against the HTTP Request node, and its CPU now and before', process.execPath, [path.join(__dirname, 'n8n-compare.js')]);
if (wanted('profile')) step('profile: where the CPU per record goes, now and before the TLS performance work', process.execPath, [path.join(__dirname, 'profile.js')]);
step('summary', process.execPath, [path.join(__dirname, 'summary.js')]);
