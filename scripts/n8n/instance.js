// @ts-check
'use strict';
// A private n8n instance: its own user folder, this package packed with npm and installed into
// <user folder>/.n8n/nodes as users install community nodes by hand, no calls home; and its CLI,
// for importing and executing workflows.
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { provision } = require('./provision');
const { stopProcess } = require('../system/process');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const PACK_DIR = path.join(ROOT, '.cache', 'pack');
const PACKAGE_NAME = 'n8n-nodes-apify-key-value-store';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** @param {string[]} args @param {string} cwd */
function npmSync(args, cwd) {
	const result = spawnSync(npm, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
	return result.stdout;
}

/** Packs the built package with npm, as it would be published; once per process. */
/** @type {string | undefined} */
let packed;
function packTarball() {
	if (packed) return packed;
	if (!fs.existsSync(path.join(DIST, 'nodes'))) throw new Error('dist/ is missing: run "npm run build" first');
	fs.rmSync(PACK_DIR, { recursive: true, force: true });
	fs.mkdirSync(PACK_DIR, { recursive: true });
	const name = npmSync(['pack', '--silent', '--ignore-scripts', '--pack-destination', PACK_DIR], ROOT).trim().split('\n').pop();
	packed = path.join(PACK_DIR, /** @type {string} */ (name));
	return packed;
}

/**
 * Installs the tarball into the user folder's nodes directory the way n8n's manual install does
 * (npm install in ~/.n8n/nodes), with n8n's own flags: no install scripts, no peer or dev dependencies.
 * @param {string} userFolder
 * @param {string} [tarball] another build of the package (a benchmark's baseline); by default this tree's
 */
function installPackage(userFolder, tarball = packTarball()) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	npmSync(['install', tarball, '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], nodesDir);
	return path.join(nodesDir, 'node_modules', PACKAGE_NAME);
}

/** @param {string} userFolder @param {{ disabledModules?: string }} line */
function n8nEnv(userFolder, line, extra = {}) {
	const env = { ...process.env };
	// Nothing of the caller's n8n settings leaks in.
	for (const key of Object.keys(env)) if (key.startsWith('N8N_') || key.startsWith('DB_')) delete env[key];
	// Run from Jest, n8n would see NODE_ENV=test and refuse to load nodes.
	for (const key of ['NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID']) delete env[key];
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		// 2.x calls a registry at start unless its module is off; 1.x refuses unknown module names.
		...(line.disabledModules ? { N8N_DISABLED_MODULES: line.disabledModules } : {}),
		// 'execute --rawOutput' prints the run through the logger at info level.
		N8N_LOG_LEVEL: 'info',
		N8N_SECURE_COOKIE: 'false',
		...extra,
	};
}

/** Polls a URL until `ready` accepts its answer, the process exits, or 3 minutes pass. */
/** @param {import('child_process').ChildProcess} child @param {string} url @param {string} what @param {(res: Response) => boolean} ready */
async function waitUntilReady(child, url, what, ready) {
	const deadline = Date.now() + 180_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
		try {
			if (ready(await fetch(url))) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGTERM');
			throw new Error(`${what} was not ready within 3 minutes`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * @typedef {{ nodeBin: string, n8nBin: string, env: Record<string, string> }} N8nProcess what every n8n process of an instance runs with
 * @typedef {'ignore' | 'inherit' | ['ignore', number, number]} Stdio
 */

/**
 * Runs an n8n CLI command to its end.
 * @param {N8nProcess} proc
 * @param {string[]} args
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function runCli({ nodeBin, n8nBin, env }, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(nodeBin, [n8nBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('close', (code) => resolve({ code, stdout, stderr }));
		child.on('error', reject);
	});
}

/**
 * The run data (IRun) that `n8n execute --rawOutput` printed.
 * @param {{ code: number | null, stdout: string, stderr: string }} result
 */
function runDataOf(result) {
	const start = result.stdout.search(/^\{/m);
	if (start === -1) throw new Error(`n8n execute printed no run data (exit ${result.code}):\n${result.stderr}\nstdout: ${result.stdout}`);
	// Log lines may follow the run; it ends at the first unindented closing brace.
	const end = result.stdout.slice(start).search(/^\}\s*$/m);
	return JSON.parse(result.stdout.slice(start, end === -1 ? undefined : start + end + 1));
}

/**
 * Starts the editor and API on 127.0.0.1 and waits until it answers.
 * @param {N8nProcess} proc
 * @param {{ port: number, brokerPort: number, stdio?: Stdio, env?: Record<string, string> }} options env: settings for this start only
 */
async function startEditor({ nodeBin, n8nBin, env }, { port, brokerPort, stdio = 'ignore', env: extra = {} }) {
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		env: { ...env, ...extra, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		stdio,
	});
	const base = `http://127.0.0.1:${port}`;
	// /healthz answers before the REST API is mounted, and 2.x answers every route with a
	// "starting up" page (then the editor's 404 page) until it is: wait for the API's JSON.
	await waitUntilReady(child, `${base}/rest/settings`, 'n8n start', (res) => res.ok && (res.headers.get('content-type') ?? '').includes('json'));
	return {
		url: base,
		process: child,
		/** Creates the owner account on a fresh instance and returns a session cookie. @param {object} owner */
		async setupOwner(owner) {
			const res = await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
			if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${await res.text()}`);
			return (res.headers.get('set-cookie') ?? '').split(';')[0];
		},
		/** Signs in an existing user (on a restarted instance) and returns a session cookie. @param {{ email: string, password: string }} user */
		async login({ email, password }) {
			const res = await fetch(`${base}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: email, password }) });
			if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
			return (res.headers.get('set-cookie') ?? '').split(';')[0];
		},
		stop: () => stopProcess(child),
	};
}

/**
 * Starts a queue-mode worker (`n8n worker`) and waits until its readiness check (database and
 * Redis reachable) answers.
 * @param {N8nProcess} proc
 * @param {{ healthPort: number, brokerPort: number, concurrency: number, stdio?: Stdio }} options
 */
async function startWorker({ nodeBin, n8nBin, env }, { healthPort, brokerPort, concurrency, stdio = 'ignore' }) {
	const child = spawn(nodeBin, [n8nBin, 'worker', `--concurrency=${concurrency}`], {
		env: {
			...env,
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		},
		stdio,
	});
	await waitUntilReady(child, `http://127.0.0.1:${healthPort}/healthz/readiness`, 'n8n worker', (res) => res.ok);
	return { process: child, stop: () => stopProcess(child) };
}

/**
 * The CLI commands an instance offers on its imported data: import, publish or activate, execute.
 * @param {N8nProcess} proc
 * @param {string} folder
 * @param {string} version
 */
function workflowCommands(proc, folder, version) {
	/** @param {string} kind @param {unknown} data */
	const importFile = async (kind, data) => {
		const file = path.join(folder, `import-${kind}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(data));
		const result = await runCli(proc, [`import:${kind}`, `--input=${file}`]);
		if (result.code !== 0) throw new Error(`n8n import:${kind} failed:\n${result.stderr}${result.stdout}`);
	};
	return {
		/** @param {object} credential */
		importCredential: async (credential) => await importFile('credentials', [credential]),
		/** @param {object} workflow */
		importWorkflow: async (workflow) => await importFile('workflow', [workflow]),
		/**
		 * Publishes (2.x) or activates (1.x) an imported workflow, before n8n starts: its triggers
		 * then run as they do in production.
		 * @param {string} id
		 */
		async activate(id) {
			const args = version.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
			const result = await runCli(proc, args);
			if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stderr}${result.stdout}`);
		},
		/** Executes an imported workflow and returns n8n's run data (IRun) as JSON. @param {string} id */
		execute: async (id) => runDataOf(await runCli(proc, ['execute', `--id=${id}`, '--rawOutput'])),
	};
}

/**
 * @param {{ userFolder?: string, line?: string, env?: Record<string, string>, tarball?: string }} [options] line: "1" or "2" (the default),
 * as provision() takes; env: settings for every n8n process of this instance (a database, queue mode);
 * tarball: install that build of the package instead of this tree's
 */
async function createInstance({ userFolder, line, env: extraEnv = {}, tarball } = {}) {
	const runtime = await provision(line);
	const { nodeBin, n8nBin } = runtime;
	const folder = userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-kvs-'));
	const packageDir = installPackage(folder, tarball);
	const env = n8nEnv(folder, runtime, extraEnv);
	/** @type {N8nProcess} */
	const proc = { nodeBin, n8nBin, env };
	return {
		userFolder: folder,
		packageDir,
		version: runtime.version,
		nodeMajor: runtime.nodeMajor,
		env,
		nodeBin,
		n8nBin,
		cli: (/** @type {string[]} */ args) => runCli(proc, args),
		...workflowCommands(proc, folder, runtime.version),
		/** @param {{ port: number, brokerPort: number, stdio?: Stdio, env?: Record<string, string> }} options */
		start: (options) => startEditor(proc, options),
		/** @param {{ healthPort: number, brokerPort: number, concurrency: number, stdio?: Stdio }} options */
		worker: (options) => startWorker(proc, options),
		cleanup() {
			if (!userFolder) fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}

module.exports = { createInstance, packTarball, installPackage, PACKAGE_NAME };
