// @ts-check
'use strict';
// The order of a full run: every test that needs no n8n install first (n8n is installed in the
// background meanwhile, see scripts/jest.js), then the end-to-end suites, those on n8n 2.x alone
// first, so the 1.x lines have the longest time to install.
const Sequencer = require('@jest/test-sequencer').default;

const E2E_ORDER = ['editor', 'queue', 'n8n-v3', 'ai-tool', 'trigger', 'examples'];

/** @param {string} file */
function rank(file) {
	const match = /[/\\]e2e[/\\]([^/\\]+)\.test\.ts$/.exec(file);
	if (!match) return -1;
	const at = E2E_ORDER.indexOf(match[1]);
	return at === -1 ? E2E_ORDER.length : at;
}

class RunOrder extends Sequencer {
	/** @param {Array<import('@jest/test-result').Test>} tests */
	sort(tests) {
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
	}
}

module.exports = RunOrder;
