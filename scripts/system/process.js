// @ts-check
'use strict';
// Child processes for the project's scripts: a command run to its end, and a server stopped.
const { spawn } = require('child_process');

/**
 * Runs a command to its end, logging its start, a heartbeat with what it has done so far while it
 * is silent, and its time; rejects with the end of its output when it fails.
 * @param {string} label @param {string} command @param {string[]} args
 * @param {{ options?: import('child_process').SpawnOptions, log: (line: string) => void, progress?: () => string }} how
 */
function runCommand(label, command, args, { options = {}, log, progress = () => '' }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		log(`${label}: started`);
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout?.on('data', (d) => (output += d));
		child.stderr?.on('data', (d) => (output += d));
		const timer = setInterval(() => {
			const extra = progress();
			log(`${label}: ${Math.round((Date.now() - started) / 1000)} s${extra ? `, ${extra}` : ''}`);
		}, 15_000);
		child.on('error', (error) => {
			clearInterval(timer);
			reject(error);
		});
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

/** Stops a child with SIGTERM and waits for it to exit. @param {import('child_process').ChildProcess} child */
function stopProcess(child) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
		child.once('exit', () => resolve(undefined));
		child.kill('SIGTERM');
	});
}

module.exports = { runCommand, stopProcess };
