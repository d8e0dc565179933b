// @ts-check
'use strict';
// A private n8n instance: its own user folder, the built package loaded from a custom extensions
// folder, no calls home; and its CLI, for importing and executing workflows.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { provision } = require('./provision');

const DIST = path.resolve(__dirname, '../../dist');
const PACKAGE_NAME = 'n8n-nodes-apify-key-value-store';
/** n8n names the types of a custom extensions folder CUSTOM.<name>; an installed package uses its package name. */
const CUSTOM_PREFIX = 'CUSTOM';

/** @param {string} userFolder */
function n8nEnv(userFolder, extra = {}) {
	const env = { ...process.env };
	// Nothing of the caller's n8n settings leaks in.
	for (const key of Object.keys(env)) if (key.startsWith('N8N_') || key.startsWith('DB_')) delete env[key];
	// Run from Jest, n8n would see NODE_ENV=test and refuse to load nodes.
	for (const key of ['NODE_ENV', 'NODE_OPTIONS', 'JEST_WORKER_ID']) delete env[key];
	return {
		...env,
		N8N_USER_FOLDER: userFolder,
		N8N_CUSTOM_EXTENSIONS: DIST,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		// 'execute --rawOutput' prints the run through the logger at info level.
		N8N_LOG_LEVEL: 'info',
		N8N_SECURE_COOKIE: 'false',
		...extra,
	};
}

/** Rewrites this package's node types for the custom-folder load. */
function forCustomFolder(workflow) {
	const copy = JSON.parse(JSON.stringify(workflow));
	for (const node of copy.nodes) {
		if (node.type.startsWith(`${PACKAGE_NAME}.`)) node.type = `${CUSTOM_PREFIX}.${node.type.slice(PACKAGE_NAME.length + 1)}`;
	}
	return copy;
}

async function createInstance({ userFolder } = {}) {
	if (!fs.existsSync(path.join(DIST, 'nodes'))) throw new Error('dist/ is missing: run "npm run build" first');
	const { nodeBin, n8nBin } = await provision();
	const folder = userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-kvs-'));
	const env = n8nEnv(folder);

	/** @param {string[]} args */
	function cli(args) {
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

	async function importFile(kind, data) {
		const file = path.join(folder, `import-${kind}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(data));
		const result = await cli([`import:${kind}`, `--input=${file}`]);
		if (result.code !== 0) throw new Error(`n8n import:${kind} failed:\n${result.stderr}${result.stdout}`);
	}

	return {
		userFolder: folder,
		env,
		nodeBin,
		n8nBin,
		cli,
		async importCredential(credential) {
			await importFile('credentials', [credential]);
		},
		async importWorkflow(workflow) {
			await importFile('workflow', [forCustomFolder(workflow)]);
		},
		/** Executes an imported workflow and returns n8n's run data (IRun) as JSON. */
		async execute(id) {
			const result = await cli(['execute', `--id=${id}`, '--rawOutput']);
			const start = result.stdout.search(/^\{/m);
			if (start === -1) throw new Error(`n8n execute printed no run data (exit ${result.code}):\n${result.stderr}\nstdout: ${result.stdout}`);
			// Log lines may follow the run; it ends at the first unindented closing brace.
			const end = result.stdout.slice(start).search(/^\}\s*$/m);
			return JSON.parse(result.stdout.slice(start, end === -1 ? undefined : start + end + 1));
		},
		/**
		 * Starts the editor and API on 127.0.0.1 and waits until it answers.
		 * @param {{ port: number, brokerPort: number, stdio?: 'ignore' | 'inherit' }} options
		 */
		async start({ port, brokerPort, stdio = 'ignore' }) {
			const child = spawn(nodeBin, [n8nBin, 'start'], {
				env: { ...env, N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
				stdio,
			});
			const base = `http://127.0.0.1:${port}`;
			const deadline = Date.now() + 180_000;
			for (;;) {
				if (child.exitCode !== null) throw new Error(`n8n start exited with code ${child.exitCode}`);
				try {
					// /healthz answers before the REST API is mounted; the settings route comes with it.
					if ((await fetch(`${base}/rest/settings`)).ok) break;
				} catch {
					// not listening yet
				}
				if (Date.now() > deadline) {
					child.kill('SIGTERM');
					throw new Error('n8n did not start within 3 minutes');
				}
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			return {
				url: base,
				/** Creates the owner account on a fresh instance and returns a session cookie. */
				async setupOwner(owner) {
					const res = await fetch(`${base}/rest/owner/setup`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(owner),
					});
					if (!res.ok) throw new Error(`owner setup failed: ${res.status} ${await res.text()}`);
					return (res.headers.get('set-cookie') ?? '').split(';')[0];
				},
				stop() {
					return new Promise((resolve) => {
						if (child.exitCode !== null) return resolve(undefined);
						child.once('exit', () => resolve(undefined));
						child.kill('SIGTERM');
					});
				},
			};
		},
		cleanup() {
			if (!userFolder) fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}

module.exports = { createInstance, forCustomFolder, n8nEnv, PACKAGE_NAME, CUSTOM_PREFIX };
