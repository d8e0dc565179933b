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
			return JSON.parse(result.stdout.slice(start));
		},
		cleanup() {
			if (!userFolder) fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}

module.exports = { createInstance, forCustomFolder, n8nEnv, PACKAGE_NAME, CUSTOM_PREFIX };
