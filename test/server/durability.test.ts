import { spawn, type ChildProcess } from 'child_process';
import crypto from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';

// The server in its own process with --data-dir, loaded from this process, then killed and restarted.
const CLI = path.resolve(__dirname, '../../server/cli.js');
const TOKEN = 'durable-token';

async function startCli(dataDir: string, port = 0): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn(process.execPath, [CLI, '--port', String(port), '--token', TOKEN, '--data-dir', dataDir, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
	const out = await new Promise<string>((resolve, reject) => {
		let text = '';
		child.stdout!.on('data', (d: Buffer) => {
			text += d.toString();
			if (text.includes('token=')) resolve(text);
		});
		child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
	});
	return { child, url: /url=(\S+)/.exec(out)![1] };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
function request(url: string, method: string, body?: Buffer): Promise<{ status: number; body: Buffer }> {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, agent, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/octet-stream' } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const stop = (child: ChildProcess, signal: NodeJS.Signals) =>
	new Promise<void>((resolve) => {
		child.once('exit', () => resolve());
		child.kill(signal);
	});

describe('the server keeps its data', () => {
	let dataDir: string;
	beforeEach(() => {
		dataDir = mkdtempSync(path.join(os.tmpdir(), 'kvs-durable-'));
	});
	afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

	it('loses no acknowledged record under concurrent load, across a kill and a restart', async () => {
		const first = await startCli(dataDir);
		const store = JSON.parse((await request(`${first.url}/v2/key-value-stores?name=durable`, 'POST')).body.toString()).data.id as string;
		const acknowledged = new Map<string, string>();
		const total = 1500;
		let next = 0;
		let killedAt = -1;
		const worker = async () => {
			while (next < total) {
				const i = next++;
				// Some keys are written twice: the last acknowledged write must be what survives.
				const key = `k-${i % 1200}`;
				const body = crypto.randomBytes(100 + (i % 5000));
				try {
					const res = await request(`${first.url}/v2/key-value-stores/${store}/records/${key}`, 'PUT', body);
					if (res.status === 201) acknowledged.set(key, crypto.createHash('sha256').update(body).digest('hex'));
				} catch {
					// the server was killed under this request: not acknowledged, so not promised
				}
				if (i === 1000 && killedAt === -1) {
					killedAt = i;
					first.child.kill('SIGKILL');
				}
			}
		};
		await Promise.all(Array.from({ length: 16 }, worker));
		if (first.child.exitCode === null && first.child.signalCode === null) await stop(first.child, 'SIGKILL');
		expect(killedAt).toBe(1000);
		expect(acknowledged.size).toBeGreaterThan(900);

		const second = await startCli(dataDir);
		try {
			for (const [key, hash] of acknowledged) {
				const res = await request(`${second.url}/v2/key-value-stores/${store}/records/${key}`, 'GET');
				expect(res.status).toBe(200);
				expect(crypto.createHash('sha256').update(res.body).digest('hex')).toBe(hash);
			}
		} finally {
			await stop(second.child, 'SIGTERM');
		}
	}, 120_000);
});
