import zlib from 'zlib';
import { mkdtempSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';
import { spawn } from 'child_process';
import { recordSignature, storeContentSignature } from '../../nodes/ApifyKeyValueStore/helpers/signing';
import { callApi, rawRequest, startServer, type LocalServer, DEFAULT_BODY_LIMIT } from '../support/local-server';

const TOKEN = 'contract-token-1';
const OTHER = 'contract-token-2';
const READ_ONLY = 'contract-token-ro';

let server: LocalServer;
let storeId: string;

beforeAll(async () => {
	server = await startServer({
		tokens: [
			{ token: TOKEN, username: 'alice' },
			{ token: OTHER, username: 'bob', userId: 'BobUserId00000000' },
			{ token: READ_ONLY, username: 'alice', userId: 'LocalUser00000000', readOnly: true },
		],
	});
});
afterAll(async () => server.close());
beforeEach(async () => {
	server.reset();
	storeId = server.ensureStore('contract').id;
});

const api = (method: string, p: string, init?: Parameters<typeof callApi>[3]) => callApi(server, method, p, init);
const recordPath = (key: string, store = storeId) => `/v2/key-value-stores/${store}/records/${key}`;
/** The store's signing secret, as Get Store gives it to its owner. */
const secretOf = (id: string) => (server as unknown as { storage: { getById(id: string): { meta: { urlSigningSecretKey: string } } } }).storage.getById(id).meta.urlSigningSecretKey;

describe('stores', () => {
	it('creates a named store once and returns the same one after (201, then 200)', async () => {
		const created = await api('POST', '/v2/key-value-stores?name=my-store');
		expect(created.status).toBe(201);
		expect(created.headers.location).toBe(`${server.url}/v2/key-value-stores/${created.json.data.id}`);
		expect(created.json.data).toMatchObject({ name: 'my-store', username: 'alice' });
		expect(created.json.data.id).toMatch(/^[a-zA-Z0-9]{17}$/);
		const again = await api('POST', '/v2/key-value-stores?name=my-store');
		expect(again.status).toBe(200);
		expect(again.json.data.id).toBe(created.json.data.id);
	});

	it('rejects an invalid store name with 400', async () => {
		const res = await api('POST', '/v2/key-value-stores?name=-bad_name-');
		expect(res.status).toBe(400);
		expect(res.json.error.type).toBe('invalid-value');
	});

	it('lists named stores by default, unnamed ones with unnamed=1, with offset, limit and desc', async () => {
		await api('POST', '/v2/key-value-stores');
		await api('POST', '/v2/key-value-stores?name=second');
		await api('POST', '/v2/key-value-stores?name=third');
		const named = await api('GET', '/v2/key-value-stores');
		expect(named.json.data.items.map((s: { name: string }) => s.name)).toEqual(['contract', 'second', 'third']);
		expect(named.json.data).toMatchObject({ total: 3, offset: 0, count: 3, desc: false });
		const all = await api('GET', '/v2/key-value-stores?unnamed=1');
		expect(all.json.data.total).toBe(4);
		const page = await api('GET', '/v2/key-value-stores?offset=1&limit=1&desc=true');
		expect(page.json.data.items.map((s: { name: string }) => s.name)).toEqual(['second']);
		expect(page.json.data).toMatchObject({ total: 3, offset: 1, limit: 1, count: 1, desc: true });
	});

	it.each([
		['ID', () => storeId],
		['username~name', () => 'alice~contract'],
		['~name (the token owner)', () => '~contract'],
		['%7Ename (percent-encoded ~)', () => '%7Econtract'],
		['alice%7Econtract', () => 'alice%7Econtract'],
	])('resolves a store by %s', async (_label, ref) => {
		const res = await api('GET', `/v2/key-value-stores/${ref()}`);
		expect(res.status).toBe(200);
		expect(res.json.data.id).toBe(storeId);
	});

	it('answers 404 for a store that does not exist', async () => {
		for (const ref of ['AAAAAAAAAAAAAAAAA', '~missing', 'alice~missing']) {
			const res = await api('GET', `/v2/key-value-stores/${ref}`);
			expect(res.status).toBe(404);
			expect(res.json.error.type).toBe('record-or-token-not-found');
		}
	});

	it('deletes a store (204) and then does not find it', async () => {
		expect((await api('DELETE', `/v2/key-value-stores/${storeId}`)).status).toBe(204);
		expect((await api('GET', `/v2/key-value-stores/${storeId}`)).status).toBe(404);
	});
});

describe('authentication and permissions', () => {
	it('answers 401 without a token and with a wrong one, and takes ?token=', async () => {
		const none = await api('GET', '/v2/users/me', { auth: false });
		expect(none.status).toBe(401);
		expect(none.json.error.type).toBe('token-not-provided');
		const wrong = await api('GET', '/v2/users/me', { auth: false, headers: { authorization: 'Bearer nope' } });
		expect(wrong.status).toBe(401);
		expect(wrong.json.error.type).toBe('invalid-token');
		const query = await api('GET', `/v2/users/me?token=${TOKEN}`, { auth: false });
		expect(query.status).toBe(200);
		expect(server.stats.tokensInUrl).toBe(1);
		expect(query.json.data.username).toBe('alice');
	});

	it("answers 403 for another user's store and for a write with a read-only token", async () => {
		const foreign = await callApi({ url: server.url, token: OTHER }, 'GET', `/v2/key-value-stores/alice~contract`);
		expect(foreign.status).toBe(403);
		expect(foreign.json.error.type).toBe('insufficient-permissions');
		const ro = { url: server.url, token: READ_ONLY };
		const write = await callApi(ro, 'PUT', recordPath('k'), { body: 'x', headers: { 'content-type': 'text/plain' } });
		expect(write.status).toBe(403);
		expect((await callApi(ro, 'GET', `/v2/key-value-stores/${storeId}`)).status).toBe(200);
	});

	it('answers 405 with the error body for a method the endpoint does not take', async () => {
		const res = await rawRequest(`${server.url}/v2/key-value-stores/${storeId}/keys`, 'PATCH', {
			authorization: `Bearer ${TOKEN}`,
		});
		expect(res.status).toBe(405);
		expect(JSON.parse(res.buffer.toString()).error.type).toBe('method-not-allowed');
	});
});

describe('records', () => {
	const json = Buffer.from(JSON.stringify({ hello: 'world', list: Array.from({ length: 300 }, (_, i) => i) }));
	const encoders: Array<[string, string, (b: Buffer) => Buffer]> = [
		['identity', 'identity', (b) => b],
		['gzip', 'gzip', (b) => zlib.gzipSync(b)],
		['deflate (zlib)', 'deflate', (b) => zlib.deflateSync(b)],
		['deflate (raw)', 'deflate', (b) => zlib.deflateRawSync(b)],
		['br', 'br', (b) => zlib.brotliCompressSync(b)],
	];

	it.each(encoders)('stores a %s body as uploaded and returns it encoded or decoded as asked', async (_l, encoding, encode) => {
		const body = encode(json);
		const put = await api('PUT', recordPath('rec'), {
			body,
			headers: { 'content-type': 'application/json; charset=utf-8', 'content-encoding': encoding },
		});
		expect(put.status).toBe(201);
		expect(put.json).toEqual({});
		expect(put.headers.location).toBe(`${server.url}/v2/key-value-stores/${storeId}/records/rec`);
		const stored = server.getRecord(storeId, 'rec')!;
		expect(stored.body.equals(body)).toBe(true);
		expect(stored.decoded.equals(json)).toBe(true);
		expect(stored.contentEncoding).toBe(encoding);

		const plain = await api('GET', recordPath('rec'));
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(plain.buffer.equals(json)).toBe(true);

		const encoded = await api('GET', recordPath('rec'), { headers: { 'accept-encoding': `${encoding}, identity` } });
		expect(encoded.buffer.equals(body)).toBe(true);
		expect(encoded.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);

		const refused = await api('GET', recordPath('rec'), { headers: { 'accept-encoding': `${encoding};q=0` } });
		expect(refused.buffer.equals(json)).toBe(true);
	});

	it('takes POST like PUT and defaults the content type to application/octet-stream', async () => {
		const res = await api('POST', recordPath('posted'), { body: Buffer.from([0, 1, 2, 255]) });
		expect(res.status).toBe(201);
		expect(server.getRecord(storeId, 'posted')!.contentType).toBe('application/octet-stream');
	});

	it('answers 415 for an unknown Content-Encoding and 400 for a body that does not decode', async () => {
		const unknown = await api('PUT', recordPath('k'), { body: 'x', headers: { 'content-encoding': 'compress' } });
		expect(unknown.status).toBe(415);
		expect(unknown.json.error.type).toBe('unsupported-content-encoding');
		const corrupt = await api('PUT', recordPath('k'), { body: Buffer.from('not gzip at all'), headers: { 'content-encoding': 'gzip' } });
		expect(corrupt.status).toBe(400);
		expect(server.getRecord(storeId, 'k')).toBeUndefined();
	});

	it.each([
		['a space', 'bad%20key'],
		['a slash', 'a%2Fb'],
		['a non-ASCII letter', '%C3%A9t%C3%A9'],
		['257 characters', 'k'.repeat(257)],
	])('rejects a key with %s (400 invalid-record-key)', async (_l, key) => {
		const res = await api('PUT', recordPath(key), { body: 'x' });
		expect(res.status).toBe(400);
		expect(res.json.error.type).toBe('invalid-record-key');
	});

	it("accepts a 256-character key and one with every allowed symbol !-_.'()", async () => {
		for (const key of ['k'.repeat(256), "a!-_.'()Z9"]) {
			const res = await api('PUT', recordPath(encodeURIComponent(key)), { body: 'x' });
			expect(res.status).toBe(201);
			expect(server.getRecord(storeId, key)!.decoded.toString()).toBe('x');
		}
	});

	it('answers 413 when the decoded body is over the limit, compressed or not', async () => {
		server.setBodyLimit(1000);
		try {
			const plain = await api('PUT', recordPath('big'), { body: Buffer.alloc(1001, 97) });
			expect(plain.status).toBe(413);
			expect(plain.json.error.type).toBe('request-too-large');
			const bomb = zlib.gzipSync(Buffer.alloc(100_000, 97));
			expect(bomb.length).toBeLessThan(1000);
			const compressed = await api('PUT', recordPath('big'), { body: bomb, headers: { 'content-encoding': 'gzip' } });
			expect(compressed.status).toBe(413);
			const fits = await api('PUT', recordPath('big'), { body: Buffer.alloc(1000, 97) });
			expect(fits.status).toBe(201);
		} finally {
			server.setBodyLimit(DEFAULT_BODY_LIMIT);
		}
	});

	it('answers HEAD with 200 and no body, 404 when missing; DELETE with 204', async () => {
		await api('PUT', recordPath('h'), { body: 'hello', headers: { 'content-type': 'text/plain' } });
		const head = await api('HEAD', recordPath('h'));
		expect(head.status).toBe(200);
		expect(head.buffer.length).toBe(0);
		expect(head.headers['content-type']).toBe('text/plain');
		expect((await api('HEAD', recordPath('missing'))).status).toBe(404);
		expect((await api('DELETE', recordPath('h'))).status).toBe(204);
		const gone = await api('GET', recordPath('h'));
		expect(gone.status).toBe(404);
		expect(gone.json.error.type).toBe('record-not-found');
	});
});

describe('keys', () => {
	it('lists keys in UTF-8 byte order with prefix, limit and exclusiveStartKey paging', async () => {
		const keys = ['b', 'B', 'a', '_x', '(p)', 'A1', 'a.2', "it's", 'zz', '!'];
		for (const key of keys) await api('PUT', recordPath(encodeURIComponent(key)), { body: key });
		const sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
		const all = await api('GET', `/v2/key-value-stores/${storeId}/keys`);
		expect(all.json.data.items.map((i: { key: string }) => i.key)).toEqual(sorted);
		expect(all.json.data).toMatchObject({ count: 10, limit: 1000, isTruncated: false, nextExclusiveStartKey: null });
		expect(all.json.data.items[0]).toEqual({
			key: '!',
			size: 1,
			recordPublicUrl: `${server.url}/v2/key-value-stores/${storeId}/records/!?signature=${recordSignature(secretOf(storeId), '!')}`,
		});

		const seen: string[] = [];
		let start: string | null = null;
		for (let page = 0; page < 10; page++) {
			const q: string = start === null ? '' : `&exclusiveStartKey=${encodeURIComponent(start)}`;
			const res = await api('GET', `/v2/key-value-stores/${storeId}/keys?limit=3${q}`);
			seen.push(...res.json.data.items.map((i: { key: string }) => i.key));
			if (!res.json.data.isTruncated) break;
			start = res.json.data.nextExclusiveStartKey;
		}
		expect(seen).toEqual(sorted);

		const prefixed = await api('GET', `/v2/key-value-stores/${storeId}/keys?prefix=a`);
		expect(prefixed.json.data.items.map((i: { key: string }) => i.key)).toEqual(['a', 'a.2']);
	});

	it('clamps limit to 1000 and rejects a limit below 1', async () => {
		expect((await api('GET', `/v2/key-value-stores/${storeId}/keys?limit=5000`)).json.data.limit).toBe(1000);
		const bad = await api('GET', `/v2/key-value-stores/${storeId}/keys?limit=0`);
		expect(bad.status).toBe(400);
	});
});

describe('rate limit and fault injection', () => {
	it('answers 429 rate-limit-exceeded with Retry-After past the per-store rate', async () => {
		server.setRateLimit(5);
		try {
			const statuses: number[] = [];
			let retryAfter: string | string[] | undefined;
			for (let i = 0; i < 8; i++) {
				const res = await api('GET', `/v2/key-value-stores/${storeId}/keys`);
				statuses.push(res.status);
				if (res.status === 429) {
					retryAfter = res.headers['retry-after'];
					expect(res.json.error.type).toBe('rate-limit-exceeded');
				}
			}
			expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
			expect(statuses).toContain(429);
			expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
		} finally {
			server.setRateLimit(0);
		}
	});

	it('fails a given number of requests with 503, then serves normally', async () => {
		server.faults.set([{ kind: 'status', status: 503, count: 2, method: 'PUT' }]);
		const url = `${server.url}${recordPath('f')}`;
		const auth = { authorization: `Bearer ${TOKEN}` };
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await rawRequest(url, 'PUT', auth, 'x')).status);
		expect(statuses).toEqual([503, 503, 201]);
		expect(server.faults.injected.status).toBe(2);
	});

	it('injects 429 with Retry-After', async () => {
		server.faults.set([{ kind: 'rate-limit', retryAfter: 3, count: 1 }]);
		const res = await api('GET', `/v2/key-value-stores/${storeId}`);
		expect(res.status).toBe(429);
		expect(res.headers['retry-after']).toBe('3');
	});

	it('drops the connection mid-request and stores nothing', async () => {
		server.faults.set([{ kind: 'drop', count: 1, afterBytes: 1000 }]);
		const url = `${server.url}${recordPath('dropped')}`;
		await expect(rawRequest(url, 'PUT', { authorization: `Bearer ${TOKEN}` }, Buffer.alloc(200_000, 1))).rejects.toThrow(
			/socket hang up|ECONNRESET|EPIPE/,
		);
		expect(server.getRecord(storeId, 'dropped')).toBeUndefined();
		expect((await api('PUT', recordPath('dropped'), { body: 'ok' })).status).toBe(201);
	});

	it('delays a response by the given time', async () => {
		server.faults.set([{ kind: 'delay', ms: 300, count: 1 }]);
		const started = Date.now();
		expect((await api('GET', `/v2/key-value-stores/${storeId}`)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	it('fails a fraction of requests, the same ones for the same seed', async () => {
		const run = async () => {
			server.faults.set([{ kind: 'status', status: 500, fraction: 0.3 }], 42);
			const out: number[] = [];
			for (let i = 0; i < 100; i++) {
				out.push((await rawRequest(`${server.url}/v2/users/me`, 'GET', { authorization: `Bearer ${TOKEN}` })).status);
			}
			return out;
		};
		const first = await run();
		const failed = first.filter((s) => s === 500).length;
		expect(failed).toBeGreaterThan(15);
		expect(failed).toBeLessThan(45);
		expect(await run()).toEqual(first);
	});
});

describe('persistence and the command line', () => {
	it('keeps stores and records on disk across a restart with dataDir', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kvs-data-'));
		try {
			const first = await startServer({ tokens: [{ token: TOKEN }], dataDir });
			const meta = first.ensureStore('durable');
			const gz = zlib.gzipSync(Buffer.from('persisted'));
			for (const [key, body, enc] of [['one', Buffer.from('1'), 'identity'], ['..', gz, 'gzip']] as const) {
				const res = await callApi(first, 'PUT', `/v2/key-value-stores/${meta.id}/records/${key === '..' ? '%2E%2E' : key}`, {
					body,
					headers: { 'content-type': 'text/plain', 'content-encoding': enc },
				});
				expect(res.status).toBe(201);
			}
			await first.close();
			const second = await startServer({ tokens: [{ token: TOKEN }], dataDir });
			try {
				expect(second.ensureStore('durable').id).toBe(meta.id);
				expect(second.getRecord('~durable', 'one')!.decoded.toString()).toBe('1');
				const restored = second.getRecord(meta.id, '..')!;
				expect(restored.body.equals(gz)).toBe(true);
				expect(restored.contentEncoding).toBe('gzip');
			} finally {
				await second.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('runs from the command line and prints its URL and token', async () => {
		const child = spawn(process.execPath, [path.resolve(__dirname, '../../server/cli.js'), '--port', '0', '--token', 'cli-token', '--quiet']);
		try {
			const lines = await new Promise<string>((resolve, reject) => {
				let out = '';
				child.stdout.on('data', (d: Buffer) => {
					out += d.toString();
					if (out.includes('token=')) resolve(out);
				});
				child.on('exit', () => reject(new Error(`exited early: ${out}`)));
			});
			const url = /url=(\S+)/.exec(lines)![1];
			expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(lines).toContain('token=cli-token');
			const me = await callApi({ url, token: 'cli-token' }, 'GET', '/v2/users/me');
			expect(me.status).toBe(200);
		} finally {
			child.kill('SIGTERM');
		}
	});
});

describe('test routes', () => {
	it('mounts /_test/* only when started with testRoutes', async () => {
		for (const testRoutes of [false, true]) {
			const srv = await startServer({ tokens: [{ token: 'routes-token' }], testRoutes });
			try {
				const res = await fetch(`${srv.url}/_test/stats`, { headers: { authorization: 'Bearer routes-token' } });
				expect(res.status).toBe(testRoutes ? 200 : 404);
			} finally {
				await srv.close();
			}
		}
	});
});

describe('signed URLs, store update and the records archive', () => {
	it('gives the signing secret to writers only, and signs recordPublicUrl for them', async () => {
		const own = await api('GET', `/v2/key-value-stores/${storeId}`);
		expect(own.json.data.urlSigningSecretKey).toBe(secretOf(storeId));
		const ro = await callApi({ url: server.url, token: READ_ONLY }, 'GET', `/v2/key-value-stores/${storeId}`);
		expect(ro.json.data.urlSigningSecretKey).toBeUndefined();
	});

	it('opens a record with a valid signature and no token; refuses a wrong one with Apify\'s error body', async () => {
		server.putRecord(storeId, 'shared.txt', Buffer.from('hello'), 'text/plain');
		const good = await callApi(server, 'GET', `${recordPath('shared.txt')}?signature=${recordSignature(secretOf(storeId), 'shared.txt')}`, { auth: false });
		expect(good.status).toBe(200);
		expect(good.text).toBe('hello');
		const otherKey = await callApi(server, 'GET', `${recordPath('shared.txt')}?signature=${recordSignature(secretOf(storeId), 'other')}`, { auth: false });
		expect(otherKey.status).toBe(403);
		expect(otherKey.json.error.type).toBe('insufficient-permissions');
		const none = await callApi(server, 'GET', recordPath('shared.txt'), { auth: false });
		expect(none.status).toBe(401);
		// A signature opens reading only.
		const put = await callApi(server, 'PUT', `${recordPath('shared.txt')}?signature=${recordSignature(secretOf(storeId), 'shared.txt')}`, { auth: false, body: 'x' });
		expect(put.status).toBe(401);
	});

	it('opens the keys list with an unexpired content signature, not with an expired or forged one', async () => {
		server.putRecord(storeId, 'k1', Buffer.from('1'));
		const keys = (signature: string) => callApi(server, 'GET', `/v2/key-value-stores/${storeId}/keys?signature=${signature}`, { auth: false });
		expect((await keys(storeContentSignature(secretOf(storeId), storeId))).status).toBe(200);
		expect((await keys(storeContentSignature(secretOf(storeId), storeId, Date.now() + 60_000))).status).toBe(200);
		const expired = await keys(storeContentSignature(secretOf(storeId), storeId, Date.now() - 1000));
		expect(expired.status).toBe(403);
		expect(expired.json.error.message).toMatch(/expired/);
		expect((await keys(storeContentSignature('not-the-secret', storeId))).status).toBe(403);
	});

	it('updates a store\'s name and general access; refuses a bad name and an unknown access level', async () => {
		const updated = await api('PUT', `/v2/key-value-stores/${storeId}`, {
			body: JSON.stringify({ name: 'renamed', generalAccess: 'ANYONE_WITH_ID_CAN_READ' }),
			headers: { 'content-type': 'application/json' },
		});
		expect(updated.json.data).toMatchObject({ id: storeId, name: 'renamed', generalAccess: 'ANYONE_WITH_ID_CAN_READ' });
		expect((await api('GET', '/v2/key-value-stores/~renamed')).json.data.id).toBe(storeId);
		for (const body of [{ name: '-bad-' }, { generalAccess: 'EVERYONE' }]) {
			const refused = await api('PUT', `/v2/key-value-stores/${storeId}`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
			expect(refused.status).toBe(400);
		}
		const ro = await callApi({ url: server.url, token: READ_ONLY }, 'PUT', `/v2/key-value-stores/${storeId}`, { body: '{"name":"x"}' });
		expect(ro.status).toBe(403);
	});

	it('downloads every record (or a prefix) as a ZIP that unzip opens, one file per key, decoded', async () => {
		server.putRecord(storeId, 'a.json', Buffer.from('{"a":1}'), 'application/json');
		server.putRecord(storeId, 'b.txt', Buffer.from('bee'), 'text/plain');
		server.putRecord(storeId, 'other', Buffer.alloc(10_000, 'z'));
		const res = await rawRequest(`${server.url}/v2/key-value-stores/${storeId}/records`, 'GET', { authorization: `Bearer ${TOKEN}` });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/zip');
		const dir = mkdtempSync(path.join(os.tmpdir(), 'kvs-zip-'));
		try {
			const zip = path.join(dir, 'all.zip');
			require('fs').writeFileSync(zip, res.buffer);
			const { execFileSync } = require('child_process') as typeof import('child_process');
			// Python's zipfile (standard on this machine) checks every CRC and lists the names.
			const listed = execFileSync('python3', ['-c', 'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;print("\\n".join(z.namelist()));print(z.read("b.txt").decode())', zip], { encoding: 'utf8' });
			expect(listed.trim().split('\n')).toEqual(['a.json', 'b.txt', 'other', 'bee']);
			const prefixed = await rawRequest(`${server.url}/v2/key-value-stores/${storeId}/records?prefix=b`, 'GET', { authorization: `Bearer ${TOKEN}` });
			require('fs').writeFileSync(zip, prefixed.buffer);
			expect(execFileSync('python3', ['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).namelist())', zip], { encoding: 'utf8' }).trim()).toBe("['b.txt']");
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe("a run's default store, by the run-scoped paths", () => {
	it('lists and gets Actors, tasks and runs as the spec describes them, newest first with desc', async () => {
		const actor = server.createActor('my-scraper', 'My Scraper');
		const task = server.createTask(actor.id, 'daily');
		const first = server.createRun({ actorId: actor.id });
		const second = server.createRun({ actorTaskId: task.id, status: 'FAILED' });
		const runs = await api('GET', '/v2/actor-runs?desc=1');
		expect(runs.json.data.items.map((r: { id: string }) => r.id)).toEqual([second.id, first.id]);
		expect(runs.json.data.items[0]).toMatchObject({ actId: actor.id, actorTaskId: task.id, status: 'FAILED' });
		expect((await api('GET', '/v2/actors')).json.data.items).toMatchObject([{ id: actor.id, name: 'my-scraper', username: 'alice' }]);
		expect((await api('GET', '/v2/actor-tasks')).json.data.items).toMatchObject([{ id: task.id, actId: actor.id }]);
		expect((await api('GET', `/v2/actors/alice~my-scraper`)).json.data.id).toBe(actor.id);
		expect((await api('GET', `/v2/actor-tasks/${task.id}`)).json.data.name).toBe('daily');
		const run = await api('GET', `/v2/actor-runs/${first.id}`);
		expect(run.json.data).toMatchObject({ id: first.id, status: 'SUCCEEDED', defaultKeyValueStoreId: first.defaultKeyValueStoreId });
	});

	it("reads and writes a run's store through /v2/actor-runs/:run/key-value-store and answers as the store paths do", async () => {
		const actor = server.createActor('writer');
		const run = server.createRun({ actorId: actor.id });
		const base = `/v2/actor-runs/${run.id}/key-value-store`;
		const store = await api('GET', base);
		expect(store.json.data).toMatchObject({ id: run.defaultKeyValueStoreId, name: null, actId: actor.id, actRunId: run.id });
		const put = await api('PUT', `${base}/records/OUTPUT`, { body: '{"done":true}', headers: { 'content-type': 'application/json' } });
		expect(put.status).toBe(201);
		expect(put.headers.location).toBe(`${server.url}/v2/key-value-stores/${run.defaultKeyValueStoreId}/records/OUTPUT`);
		expect((await api('GET', `${base}/records/OUTPUT`)).json).toEqual({ done: true });
		expect((await api('GET', `${base}/keys`)).json.data.items).toMatchObject([{ key: 'OUTPUT' }]);
		expect((await rawRequest(`${server.url}${base}/records`, 'GET', { authorization: `Bearer ${TOKEN}` })).headers['content-type']).toBe('application/zip');
		expect(server.getRecord(run.defaultKeyValueStoreId, 'OUTPUT')?.decoded.toString()).toBe('{"done":true}');
		expect((await api('DELETE', `${base}/records/OUTPUT`)).status).toBe(204);
	});

	it('reaches the last run of an Actor or task, of a status or of any, by ID or username~name', async () => {
		const actor = server.createActor('last');
		const task = server.createTask(actor.id, 'nightly');
		const ok = server.createRun({ actorTaskId: task.id });
		const failed = server.createRun({ actorTaskId: task.id, status: 'FAILED' });
		server.putRecord(ok.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('ok'), 'text/plain');
		server.putRecord(failed.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('failed'), 'text/plain');
		expect((await api('GET', `/v2/actors/${actor.id}/runs/last/key-value-store/records/OUTPUT?status=SUCCEEDED`)).text).toBe('ok');
		expect((await api('GET', `/v2/actors/alice~last/runs/last/key-value-store/records/OUTPUT`)).text).toBe('failed');
		expect((await api('GET', `/v2/actor-tasks/alice~nightly/runs/last/key-value-store/records/OUTPUT?status=SUCCEEDED`)).text).toBe('ok');
		expect((await api('GET', `/v2/actor-tasks/${task.id}/runs/last?status=FAILED`)).json.data.id).toBe(failed.id);
		expect((await api('GET', `/v2/actors/${actor.id}/runs/last/key-value-store/keys?status=SUCCEEDED`)).json.data.items).toMatchObject([{ key: 'OUTPUT', size: 2 }]);
	});

	it("reaches a public Actor's last run by the user's own runs only, and lists it among the Actors the user used", async () => {
		const crawler = server.createActor('crawler', 'Crawler', 'apify');
		const mine = server.createRun({ actorId: crawler.id });
		server.putRecord(mine.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('mine'), 'text/plain');
		expect((await api('GET', '/v2/actors/apify~crawler/runs/last/key-value-store/records/OUTPUT')).text).toBe('mine');
		expect((await api('GET', '/v2/actors')).json.data.items.map((a: { id: string }) => a.id)).toEqual([crawler.id]);
		const bob = await callApi({ url: server.url, token: OTHER }, 'GET', '/v2/actors/apify~crawler/runs/last');
		expect([bob.status, bob.json.error.message]).toEqual([404, 'Actor run was not found']);
		expect((await callApi({ url: server.url, token: OTHER }, 'GET', `/v2/actors/${crawler.id}`)).json.data.isPublic).toBe(true);
	});

	it('answers 404 for an unknown run, Actor or task, a status with no run, a run whose store is gone, and another user\'s run', async () => {
		const actor = server.createActor('lonely');
		const gone = server.createRun({ actorId: actor.id, withStore: false });
		const cases: Array<[string, string]> = [
			['/v2/actor-runs/NoSuchRun00000000', 'Actor run was not found'],
			['/v2/actor-runs/NoSuchRun00000000/key-value-store', 'Actor run was not found'],
			['/v2/actors/NoSuchActor0000000/runs/last', 'Actor was not found'],
			['/v2/actor-tasks/alice~nope/runs/last/key-value-store', 'Actor task was not found'],
			[`/v2/actors/${actor.id}/runs/last?status=ABORTED`, 'Actor run was not found'],
			[`/v2/actor-runs/${gone.id}/key-value-store`, 'Key-value store was not found'],
		];
		for (const [p, message] of cases) {
			const res = await api('GET', p);
			expect([p, res.status, res.json.error.message]).toEqual([p, 404, message]);
		}
		const other = await callApi({ url: server.url, token: OTHER }, 'GET', `/v2/actor-runs/${gone.id}`);
		expect(other.status).toBe(404);
		const bad = await api('GET', `/v2/actors/${actor.id}/runs/last?status=DONE`);
		expect(bad.status).toBe(400);
	});
});
