#!/usr/bin/env node
// @ts-check
'use strict';
// Finds Debian's Chromium for the browser tests, installing it with apt-get when it is missing and
// this process may (root, on a Debian-like system). Never downloads a browser build of its own.
const { spawnSync } = require('child_process');
const fs = require('fs');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const log = (/** @type {string} */ line) => process.stderr.write(`[chromium] ${line}\n`);

/** @returns {string} the path of a Chromium executable; throws with what to do when there is none. */
function ensureChromium() {
	const found = CANDIDATES.find((p) => fs.existsSync(p));
	if (found) return found;
	const root = typeof process.getuid === 'function' && process.getuid() === 0;
	const apt = spawnSync('which', ['apt-get']).status === 0;
	if (!root || !apt) {
		throw new Error(
			'The browser tests need Chromium and none is installed. Install Debian\'s package as root ("apt-get update && apt-get install -y chromium"), then run the tests again; on another system, install Chromium and make it available as /usr/bin/chromium.',
		);
	}
	const started = Date.now();
	log('not found: installing Debian\'s chromium package with apt-get (about a minute)');
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
	}
	log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
	const installed = CANDIDATES.find((p) => fs.existsSync(p));
	if (!installed) throw new Error('apt-get installed chromium, but no executable was found at /usr/bin/chromium');
	return installed;
}

module.exports = { ensureChromium };

if (require.main === module) {
	try {
		console.log(ensureChromium());
	} catch (error) {
		console.error(/** @type {Error} */ (error).message);
		process.exit(1);
	}
}
