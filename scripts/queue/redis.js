// @ts-check
'use strict';
// A throwaway Redis for n8n's queue: Debian's redis-server (installed when missing), on a free
// loopback port, nothing saved to disk, stopped at the end.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { ensureDebianPackage } = require('../system/debian-package');
const { freePort } = require('../system/ports');
const { stopProcess } = require('../system/process');

/** @param {number} port @returns {Promise<boolean>} whether Redis answers PING */
function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/** @param {{ log?: (line: string) => void }} [options] */
async function startRedis({ log = (line) => process.stderr.write(`[redis] ${line}\n`) } = {}) {
	const bin = ensureDebianPackage({ pkg: 'redis-server', candidates: ['/usr/bin/redis-server'], purpose: 'Queue mode', log });
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-redis-'));
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
	const deadline = Date.now() + 30_000;
	while (!(await ping(port))) {
		if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error('redis-server did not answer within 30 s');
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return {
		port,
		async stop() {
			await stopProcess(child);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

module.exports = { startRedis };
