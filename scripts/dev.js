#!/usr/bin/env node
// @ts-check
'use strict';
// A local playground: the Apify-compatible server and an n8n editor with this package installed
// as users install it (packed, then npm-installed into the user folder's nodes directory, again on
// every start so a rebuild shows), a ready credential and the example workflows, kept in .cache/.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { startServer } = require('../server');
const { createInstance } = require('./n8n/instance');

const ROOT = path.resolve(__dirname, '..');
const STATE = path.join(ROOT, '.cache', 'dev');
const TOKEN = process.env.APIFY_LOCAL_TOKEN || 'local-dev-token';
const SERVER_PORT = Number(process.env.KVS_PORT || 8789);
const N8N_PORT = Number(process.env.N8N_DEV_PORT || 5678);
const OWNER = { email: 'dev@example.com', firstName: 'Local', lastName: 'Developer', password: 'LocalDev-2026' };

async function main() {
	const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	if (build.status !== 0) throw new Error('build failed');
	fs.mkdirSync(path.join(STATE, 'n8n'), { recursive: true });
	const server = await startServer({
		port: SERVER_PORT,
		tokens: [{ token: TOKEN, username: 'local' }],
		dataDir: path.join(STATE, 'kvs-data'),
		log: (line) => console.log(`[kvs] ${line}`),
	});
	server.ensureStore('n8n-kvs-demo');
	const n8n = await createInstance({ userFolder: path.join(STATE, 'n8n') });
	const firstRun = !fs.existsSync(path.join(STATE, 'n8n', '.owner'));
	await n8n.importCredential({ id: 'apifyLocalCred01', name: 'Apify API', type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: server.url } });
	for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
		await n8n.importWorkflow(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')));
	}
	const editor = await n8n.start({ port: N8N_PORT, brokerPort: N8N_PORT + 1 });
	if (firstRun) {
		await editor.setupOwner(OWNER);
		fs.writeFileSync(path.join(STATE, 'n8n', '.owner'), OWNER.email);
	}
	console.log(`
Local Apify-compatible server: ${server.url} (token ${TOKEN}, data in .cache/dev/kvs-data)
n8n editor:                    ${editor.url}
  log in as ${OWNER.email} / ${OWNER.password}
  credential "Apify API" points at the local server; the example workflows are imported.
  In the editor this package's node shows as "Apify Key-Value Store" (type n8n-nodes-apify-key-value-store.apifyKeyValueStore).
Press Ctrl-C to stop.`);
	const stop = async () => {
		await editor.stop();
		await server.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(err.stack || err.message);
	process.exit(1);
});
