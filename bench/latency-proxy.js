#!/usr/bin/env node
// @ts-check
'use strict';
// A TCP proxy on loopback that puts a distance between a client and a server: every chunk waits
// RTT/2 each way, and a new connection's first bytes wait one more round trip (the TCP handshake
// that loopback makes free). TLS passes through untouched, so its handshake costs its real round
// trips. This machine's kernel has no netem, hence a proxy. Run as its own process:
//   node bench/latency-proxy.js --target 127.0.0.1:8789 --rtt 90     (prints "port=<port>")
const net = require('net');

/**
 * @param {{ host: string, port: number, rttMs: number }} options
 * @returns {Promise<{ port: number, stats: { connections: number }, close: () => Promise<void> }>}
 */
async function startLatencyProxy({ host, port, rttMs }) {
	const stats = { connections: 0 };
	const half = rttMs / 2;
	/**
	 * Relays `from` to `to`, each chunk `half` later than it came, the first `extra` later still, in
	 * the order they came: one queue and one timer per direction (timers of different lengths that
	 * fall due together may fire in any order, which would scramble a TLS stream).
	 */
	const relay = (/** @type {net.Socket} */ from, /** @type {net.Socket} */ to, /** @type {number} */ extra) => {
		/** @type {Array<{ due: number, act: () => void }>} */
		const queue = [];
		let timer = /** @type {NodeJS.Timeout | undefined} */ (undefined);
		let first = true;
		const drain = () => {
			timer = undefined;
			while (queue.length > 0 && queue[0].due <= Date.now()) /** @type {{ act: () => void }} */ (queue.shift()).act();
			if (queue.length > 0) timer = setTimeout(drain, queue[0].due - Date.now());
		};
		const later = (/** @type {() => void} */ act) => {
			const last = queue.length > 0 ? queue[queue.length - 1].due : 0;
			queue.push({ due: Math.max(Date.now() + half + (first ? extra : 0), last), act });
			first = false;
			if (!timer) timer = setTimeout(drain, queue[0].due - Date.now());
		};
		from.on('data', (chunk) => later(() => !to.destroyed && to.write(chunk)));
		from.on('end', () => later(() => to.end()));
	};
	const server = net.createServer((client) => {
		stats.connections++;
		client.setNoDelay(true);
		const upstream = net.connect({ host, port });
		upstream.setNoDelay(true);
		relay(client, upstream, rttMs);
		relay(upstream, client, 0);
		const closeBoth = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('error', closeBoth);
		upstream.on('error', closeBoth);
		client.on('close', () => setTimeout(() => upstream.destroy(), rttMs));
		upstream.on('close', () => setTimeout(() => client.destroy(), rttMs));
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	return {
		port: /** @type {net.AddressInfo} */ (server.address()).port,
		stats,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

if (require.main === module) {
	const arg = (/** @type {string} */ name) => process.argv[process.argv.indexOf(name) + 1];
	const [host, port] = arg('--target').split(':');
	startLatencyProxy({ host, port: Number(port), rttMs: Number(arg('--rtt')) }).then((proxy) => {
		process.stdout.write(`port=${proxy.port}\n`);
		process.on('SIGTERM', () => process.exit(0));
	});
}

module.exports = { startLatencyProxy };
