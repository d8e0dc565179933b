// @ts-check
'use strict';
// An earlier commit of this repository, for measuring "before" and "now" side by side in one run:
// unpacked with `git archive` into a temp folder that uses this tree's node_modules (and, where
// given, this tree's benchmark files and server, so both are measured the same way), or built and
// packed as users would install it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
/** main when the distance issue was filed: Concurrency 5 by default, the credential resolved for every request. */
const DISTANCE_BASELINE = '5ab3cc3';

/**
 * The commit's files in a temp folder, with `shared` (paths in this tree) copied over its own.
 * @param {string} commit @param {string[]} [shared]
 */
function baselineTree(commit, shared = []) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kvs-${commit}-`));
	const archive = spawnSync('git', ['archive', '--format=tar', commit], { cwd: ROOT, maxBuffer: 1 << 30 });
	if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr}`);
	const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
	if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
	for (const item of shared) {
		fs.rmSync(path.join(dir, item), { recursive: true, force: true });
		fs.cpSync(path.join(ROOT, item), path.join(dir, item), { recursive: true });
	}
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
	return dir;
}

/**
 * The commit's package built (tsc, icons) and packed with npm: a tarball to install into an n8n.
 * @param {string} commit
 */
function baselinePackage(commit) {
	const dir = baselineTree(commit);
	const run = (/** @type {string} */ command, /** @type {string[]} */ args) => {
		const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${dir}:\n${result.stderr}${result.stdout}`);
		return result.stdout;
	};
	run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
	for (const icon of ['apify.svg', 'apify.dark.svg']) fs.copyFileSync(path.join(dir, 'nodes/ApifyKeyValueStore', icon), path.join(dir, 'dist/nodes/ApifyKeyValueStore', icon));
	const name = run('npm', ['pack', '--silent', '--ignore-scripts']).trim().split('\n').pop();
	return path.join(dir, /** @type {string} */ (name));
}

module.exports = { baselineTree, baselinePackage, DISTANCE_BASELINE };
