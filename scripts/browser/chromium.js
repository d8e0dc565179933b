#!/usr/bin/env node
// @ts-check
'use strict';
// Finds Debian's Chromium for the browser tests, installing it with apt-get when it is missing and
// this process may. Never downloads a browser build of its own.
const { ensureDebianPackage } = require('../system/debian-package');

/** @returns {string} the path of a Chromium executable; throws with what to do when there is none. */
function ensureChromium() {
	return ensureDebianPackage({
		pkg: 'chromium',
		candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
		purpose: 'The browser test',
		log: (line) => process.stderr.write(`[chromium] ${line}\n`),
	});
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
