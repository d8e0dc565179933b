#!/usr/bin/env node
// @ts-check
'use strict';
// `npm run release:check`: what the publish job runs before `npm publish`, runnable here first. Each
// step runs on a hosted runner as it does here: the lint (this project's and n8n's `n8n-node lint`),
// the type check, the unit tests, `n8n-node build` giving the same dist/ as `npm run build`, the
// packed tarball (what it holds, n8n's install flags, n8n's community scanner), and the tarball
// installed into a real n8n (2.x on Node 24, provisioned into .cache/) that lists the node types.
const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const jest = [process.execPath, path.join(ROOT, 'scripts/jest.js')];

/** @type {Array<[string, string, string[], NodeJS.ProcessEnv?]>} */
const STEPS = [
	['lint (eslint-plugin-n8n-nodes-base, n8n community rules, prettier)', npm, ['run', 'lint', '--silent']],
	["n8n's own lint (n8n-node lint)", npm, ['exec', '--', 'n8n-node', 'lint']],
	['type check', npm, ['run', 'typecheck', '--silent']],
	['unit tests', npm, ['run', 'test:unit', '--silent']],
	['build', npm, ['run', 'build', '--silent']],
	["n8n's own build gives the same dist/, and the tarball passes n8n's scanner", jest[0], [jest[1], 'test/package']],
	['the tarball installed into n8n 2.x, its node types listed', jest[0], [jest[1], 'test/e2e/examples.test.ts', '-t', 'installs the packed package|registers the package'], { E2E_N8N_LINES: '2' }],
];

const started = Date.now();
for (const [label, command, args, env] of STEPS) {
	process.stderr.write(`\n[release:check] ${label}\n`);
	const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) {
		process.stderr.write(`[release:check] FAILED: ${label} (exit ${result.status})\n`);
		process.exit(result.status ?? 1);
	}
}
process.stderr.write(`\n[release:check] all ${STEPS.length} steps passed in ${Math.round((Date.now() - started) / 1000)} s\n`);
