// @ts-check
'use strict';
// Finds a program from a Debian package, installing the package with apt-get when it is missing and
// this process may (root, on a Debian-like system): how the tests get Chromium and Redis.
const { spawnSync } = require('child_process');
const fs = require('fs');

/**
 * @param {{ pkg: string, candidates: string[], purpose: string, log: (line: string) => void }} wanted
 * @returns {string} the path of the program; throws with what to do when it can't be had
 */
function ensureDebianPackage({ pkg, candidates, purpose, log }) {
	const found = candidates.find((p) => fs.existsSync(p));
	if (found) return found;
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	const apt = spawnSync('which', ['apt-get']).status === 0;
	if (!root || !apt) {
		throw new Error(
			`${purpose} needs ${pkg} and none is installed. Install Debian's package as root ("apt-get update && apt-get install -y ${pkg}"), then run again; on another system, install ${pkg} and make it available as ${candidates[0]}.`,
		);
	}
	const started = Date.now();
	log(`not found: installing Debian's ${pkg} package with apt-get`);
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', pkg]]) {
		const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
	}
	log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
	const installed = candidates.find((p) => fs.existsSync(p));
	if (!installed) throw new Error(`apt-get installed ${pkg}, but no executable was found at ${candidates.join(' or ')}`);
	return installed;
}

module.exports = { ensureDebianPackage };
