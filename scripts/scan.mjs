#!/usr/bin/env node
// Runs n8n's community-package scanner (@n8n/scan-community-package) on this package as its gate
// would: its own ESLint config on the sources and on the unpacked `npm pack` tarball, inline
// eslint-disable comments ignored. Prints the findings and, with --json, one JSON line of them.
// The scanner's CLI only takes published names; its analysis functions are what it runs on them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const scannerDir = path.dirname(require.resolve('@n8n/scan-community-package/package.json'));
const scanner = await import(pathToFileURL(path.join(scannerDir, 'scanner', 'scanner.mjs')).href);
// The scanner's own ESLint, so its config runs on the version it was written for.
const { ESLint } = createRequire(path.join(scannerDir, 'scanner', 'scanner.mjs'))('eslint');

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
	return result.stdout;
}

/** Lints like analyzePackage(), but keeps each finding rather than only the formatted text. */
async function findings(dir, patterns) {
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const glob = createRequire(path.join(scannerDir, 'scanner', 'scanner.mjs'))('fast-glob');
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	return results.flatMap((r) =>
		r.messages.map((m) => ({ file: path.relative(dir, r.filePath), line: m.line, rule: m.ruleId, severity: m.severity === 2 ? 'error' : 'warning', message: m.message })),
	);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-scan-'));
try {
	const tarball = run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], root).trim().split('\n').pop();
	const unpacked = path.join(work, 'package');
	run('tar', ['-xzf', path.join(work, tarball), '-C', work], root);
	const source = await findings(root, scanner.SOURCE_FILE_PATTERNS);
	const dist = await findings(unpacked, ['**/*.js', 'package.json']);
	const all = [...source.map((f) => ({ leg: 'source', ...f })), ...dist.map((f) => ({ leg: 'tarball', ...f }))];
	// The scanner's own verdicts, as its gate prints them.
	const verdicts = {
		source: await scanner.analyzePackage(root, scanner.SOURCE_FILE_PATTERNS),
		tarball: await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']),
	};
	for (const f of all) console.log(`${f.leg} ${f.file}:${f.line} ${f.severity} ${f.rule} ${f.message}`);
	console.log(`scanner: source ${verdicts.source.passed ? 'passed' : 'failed'}, tarball ${verdicts.tarball.passed ? 'passed' : 'failed'}; ${all.length} finding(s)`);
	if (process.argv.includes('--json')) console.log(JSON.stringify({ findings: all, passed: { source: verdicts.source.passed, tarball: verdicts.tarball.passed } }));
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
