#!/usr/bin/env node
// @ts-check
'use strict';
// Runs n8n's community-package scanner (@n8n/scan-community-package) on this package as its gate
// would: its own ESLint config on the sources and on the unpacked `npm pack` tarball, inline
// eslint-disable comments ignored. Prints the findings and, with --json, one JSON line of them.
// The scanner's CLI only takes published names; its analysis functions are what it runs on them.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const ROOT = path.resolve(__dirname, '..');
const SCANNER_DIR = path.dirname(require.resolve('@n8n/scan-community-package/package.json'));
const SCANNER_FILE = path.join(SCANNER_DIR, 'scanner', 'scanner.mjs');
// The scanner's own ESLint and glob, so its config runs on the versions it was written for.
const scannerRequire = require('module').createRequire(SCANNER_FILE);

/** @typedef {{ leg: string, file: string, line: number, rule: string | null, severity: string, message: string }} Finding */

/** @param {string} command @param {string[]} args @param {string} cwd */
function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
	return result.stdout;
}

/**
 * Lints like the scanner's analyzePackage(), but keeps each finding rather than only the formatted text.
 * @param {any} scanner @param {string} leg @param {string} dir @param {string[]} patterns
 * @returns {Promise<Finding[]>}
 */
async function findings(scanner, leg, dir, patterns) {
	const { ESLint } = scannerRequire('eslint');
	const glob = scannerRequire('fast-glob');
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	/** @type {Array<{ filePath: string, messages: Array<{ line: number, ruleId: string | null, severity: number, message: string }> }>} */
	const results = await eslint.lintFiles(files);
	return results.flatMap((r) =>
		r.messages.map((m) => ({ leg, file: path.relative(dir, r.filePath), line: m.line, rule: m.ruleId, severity: m.severity === 2 ? 'error' : 'warning', message: m.message })),
	);
}

async function main() {
	const scanner = await import(pathToFileURL(SCANNER_FILE).href);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-scan-'));
	try {
		const tarball = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], ROOT).trim().split('\n').pop() ?? '';
		const unpacked = path.join(work, 'package');
		run('tar', ['-xzf', path.join(work, tarball), '-C', work], ROOT);
		const all = [
			...(await findings(scanner, 'source', ROOT, scanner.SOURCE_FILE_PATTERNS)),
			...(await findings(scanner, 'tarball', unpacked, ['**/*.js', 'package.json'])),
		];
		// The scanner's own verdicts, as its gate prints them.
		const source = await scanner.analyzePackage(ROOT, scanner.SOURCE_FILE_PATTERNS);
		const packed = await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']);
		for (const f of all) console.log(`${f.leg} ${f.file}:${f.line} ${f.severity} ${f.rule} ${f.message}`);
		console.log(`scanner: source ${source.passed ? 'passed' : 'failed'}, tarball ${packed.passed ? 'passed' : 'failed'}; ${all.length} finding(s)`);
		if (process.argv.includes('--json')) console.log(JSON.stringify({ findings: all, passed: { source: source.passed, tarball: packed.passed } }));
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error.stack || error.message);
	process.exit(1);
});
