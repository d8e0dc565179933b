#!/usr/bin/env node
// @ts-check
'use strict';
// Runs Jest with what every test run needs before Node starts: the test CA trusted through
// NODE_EXTRA_CA_CERTS (Node reads it only at start-up), and the VM modules n8n-core's imports use.
// Arguments go to Jest as they are. A full run (no test paths: `npm test`) also installs the n8n
// lines in the background from the start, while the tests that need none of them run first (the
// order is test/sequencer.js's); an end-to-end test waits for its line (provision.js's lock).
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { trustBundle, trustedTestCertificates, TRUSTED_CA_FILE } = require('./tls-certs');

const args = process.argv.slice(2);
const fullRun = !args.some((arg) => !arg.startsWith('-'));

/** `provision.js all` in the background, its lines in this output; undefined when not a full run. */
function provisionInBackground() {
	if (!fullRun || process.env.SKIP_BACKGROUND_PROVISION) return undefined;
	const child = spawn(process.execPath, [path.join(__dirname, 'n8n/provision.js'), 'all'], {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, PROVISION_IN_BACKGROUND: '1' },
	});
	child.on('exit', (code) => {
		if (code) process.stderr.write(`[n8n-setup] background provisioning failed (exit ${code}); the end-to-end tests try again themselves\n`);
	});
	return child;
}

/** Where a full run's results go, for the summary of each suite's time. */
const RESULTS = path.resolve(__dirname, '../.cache/jest-results.json');

/** Each suite's time, slowest first, and the totals as a plain closing line. */
function printSummary() {
	if (!fs.existsSync(RESULTS)) return;
	/** @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, testResults: Array<{ name: string, startTime: number, endTime: number }> }} */
	const results = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
	const rows = results.testResults
		.map((suite) => ({ file: path.relative(process.cwd(), suite.name), seconds: (suite.endTime - suite.startTime) / 1000 }))
		.sort((a, b) => b.seconds - a.seconds);
	process.stderr.write(`\nSuite times (s):\n${rows.map((r) => `${r.seconds.toFixed(1).padStart(8)}  ${r.file}`).join('\n')}\n`);
	console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped`);
}

trustedTestCertificates();
const background = provisionInBackground();
const jest = path.resolve(__dirname, '../node_modules/jest/bin/jest.js');
if (fullRun) fs.rmSync(RESULTS, { force: true });
const summary = fullRun ? ['--json', `--outputFile=${RESULTS}`] : [];
const result = spawnSync(process.execPath, [jest, ...summary, ...args], {
	stdio: 'inherit',
	env: {
		...process.env,
		NODE_EXTRA_CA_CERTS: trustBundle(TRUSTED_CA_FILE),
		NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' '),
	},
});
// A run that ended before the background finished (a failure, fewer lines) does not wait for it.
if (background && background.exitCode === null) background.kill('SIGTERM');
if (fullRun) printSummary();
process.exit(result.status ?? 1);
