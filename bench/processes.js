// @ts-check
'use strict';
// The local server and the latency proxy in processes of their own, so a benchmark measures only
// the client's CPU, and neither the server's work nor the proxy's timers slow the other down.
const { spawn } = require('child_process');
const path = require('path');

/**
 * Starts a script and waits for the line it prints when ready.
 * @param {string} script @param {string[]} args @param {RegExp} ready
 * @returns {Promise<{ child: import('child_process').ChildProcess, output: string }>}
 */
function startProcess(script, args, ready) {
	const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let output = '';
		child.stdout?.on('data', (/** @type {Buffer} */ d) => {
			output += d.toString();
			if (ready.test(output)) resolve({ child, output });
		});
		child.on('exit', (code) => reject(new Error(`${path.basename(script)} exited ${code}: ${output}`)));
	});
}

/**
 * The local server (server/cli.js) with its test routes, for faults, stats and stores from here.
 * @param {string[]} [args] more command-line options (TLS, a rate limit, a body limit)
 */
async function startServerProcess(args = []) {
	const { child, output } = await startProcess(path.resolve(__dirname, '../server/cli.js'), ['--port', '0', '--quiet', '--test-routes', ...args], /username=/);
	const url = /** @type {RegExpExecArray} */ (/url=(\S+)/.exec(output))[1];
	const token = /** @type {RegExpExecArray} */ (/token=(\S+)/.exec(output))[1];
	/** @param {string} method @param {string} p @param {unknown} [body] */
	const admin = async (method, p, body) => {
		const res = await fetch(`${url}${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
		if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
		return /** @type {any} */ (await res.json());
	};
	return {
		url,
		token,
		port: Number(new URL(url).port),
		admin,
		/** Adds this latency to every API response. @param {number} ms */
		setLatency: async (ms) => (ms > 0 ? await admin('PUT', '/_test/faults', { rules: [{ kind: 'delay', ms, path: '^/v2/' }] }) : await admin('DELETE', '/_test/faults')),
		reset: async () => await admin('POST', '/_test/reset'),
		/** Connections accepted (TLS: handshakes completed) and TLS sessions resumed so far. */
		connections: async () => {
			const stats = await admin('GET', '/_test/stats');
			return { opened: /** @type {number} */ (stats.connections), resumed: /** @type {number} */ (stats.tlsResumed) };
		},
		/** Requests refused with 429, and connections accepted, so far. */
		counts: async () => {
			const stats = await admin('GET', '/_test/stats');
			return { refused: /** @type {number} */ (stats.byStatus?.['429'] ?? 0), connections: /** @type {number} */ (stats.connections) };
		},
		/** @param {string} name */
		createStore: async (name) => /** @type {string} */ ((await admin('POST', `/v2/key-value-stores?name=${name}`)).data.id),
		/** @param {string} store @param {string} key */
		record: async (store, key) => await admin('GET', `/_test/stores/${store}/records/${key}`),
		stop: () => child.kill('SIGTERM'),
	};
}

/**
 * The latency proxy (bench/latency-proxy.js) in front of a port on this machine.
 * @param {number} targetPort @param {number} rttMs
 */
async function startProxyProcess(targetPort, rttMs) {
	const { child, output } = await startProcess(path.resolve(__dirname, 'latency-proxy.js'), ['--target', `127.0.0.1:${targetPort}`, '--rtt', String(rttMs)], /port=\d+/);
	return { port: Number(/** @type {RegExpExecArray} */ (/port=(\d+)/.exec(output))[1]), stop: () => child.kill('SIGTERM') };
}

module.exports = { startServerProcess, startProxyProcess };
