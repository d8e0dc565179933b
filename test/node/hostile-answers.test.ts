import https from 'https';
import type http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import zlib from 'zlib';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { resolveCredentialTest, runListSearch, runNode, storeRecordParameters } from '../harness/engine';
import { docRows, scriptedServers } from '../support/hostile';
import { expectGeneratedSection } from '../support/generated-doc';
import { useLocalServer } from '../support/fixture';
import { makeTestCertificates } from '../support/tls';

// Hostile answers: servers on 127.0.0.1 that answer badly on purpose, and the node in n8n's real
// engine against them. Every run also passes the harness's token check (outputs, run data, error,
// logs). Each case adds a row to the "hostile answers" section of docs/bad-inputs.md.

const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const TOKEN = 'apify_api_HostileTestToken0123456789abcd';
const STORE_ID = 'HostileStore00001';
const MiB = 1024 * 1024;

const doc = docRows();
const { note } = doc;
const hostile = scriptedServers();

const credentials = (baseUrl: string) => ({ apiToken: TOKEN, baseUrl });
const recordParams = (operation: string, key: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'record',
	operation,
	storeId: { __rl: true, mode: 'id', value: STORE_ID },
	recordKey: { __rl: true, mode: 'key', value: key },
	options: { maxRetries: 0 },
	...extra,
});

async function runOne(parameters: INodeParameters, baseUrl: string, items: INodeExecutionData[] = [{ json: {} }]) {
	return await runNode({ parameters, items, credentials: credentials(baseUrl), onError: 'continueErrorOutput' });
}

/** The one item's error message from the error output (and nothing on the main output). */
function failure(result: Awaited<ReturnType<typeof runOne>>): string {
	expect(result.error).toBeUndefined();
	expect(result.outputs[0]).toEqual([]);
	expect(result.outputs[1]).toHaveLength(1);
	return String(result.outputs[1][0].json.error);
}

/** Writes a chunk again and again while the client reads: at most 256 MB, so it always ends. */
function pump(res: http.ServerResponse, chunk: string, count: () => number): void {
	const more = () => {
		while (count() < 256 * MiB && !res.destroyed) {
			if (!res.write(chunk)) return void res.once('drain', more);
		}
		res.end();
	};
	more();
}

/** Samples this process's RSS while `work` runs: the peak growth over the level before it. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
	global.gc?.();
	const before = process.memoryUsage().rss;
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
	try {
		const result = await work();
		peak = Math.max(peak, process.memoryUsage().rss);
		return { result, growthMb: Math.round((peak - before) / MiB) };
	} finally {
		clearInterval(timer);
	}
}

describe('1. record keys "." and ".." never leave the record path', () => {
	it.each(['store', 'get', 'delete', 'exists'])('%s refuses "." and ".." before any request', async (operation) => {
		const srv = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}'));
		for (const key of ['.', '..']) {
			const params =
				operation === 'store'
					? storeRecordParameters(STORE_ID, { recordKey: key, options: { maxRetries: 0 } })
					: recordParams(operation, key);
			const message = failure(await runOne(params, srv.url, [{ json: { a: 1 } }]));
			expect(message).toMatch(key === '.' ? /means the current folder/ : /means the folder above/);
			if (operation === 'delete') note('Dot keys', `Delete Record with key "${key}"`, message);
		}
		expect(srv.requests()).toBe(0);
	});
});

describe('2. no answer can cost more than its limit', () => {
	let bomb: Buffer;
	beforeAll(async () => {
		// 1 GiB of zeros, gzipped as it is made: about 1 MB on the wire.
		const gzip = zlib.createGzip({ level: 9 });
		const chunks: Buffer[] = [];
		gzip.on('data', (c: Buffer) => chunks.push(c));
		const done = new Promise((r) => gzip.on('end', r));
		const zeros = Buffer.alloc(MiB);
		for (let i = 0; i < 1024; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
		gzip.end();
		await done;
		bomb = Buffer.concat(chunks);
	}, 60_000);

	it('a 1 GiB gzip bomb on Get Record stops at Max Record Size, memory near the limit', async () => {
		let sent = 0;
		const srv = await hostile((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' });
			sent = bomb.length;
			res.end(bomb);
		});
		const { result, growthMb } = await peakRssGrowth(async () => await runOne(recordParams('get', 'bomb'), srv.url));
		const message = failure(result);
		expect(message).toMatch(/The record "bomb" is larger than 10485760 bytes once decoded, so the read was stopped/);
		expect(sent).toBeLessThan(2 * MiB);
		// Without the limit the whole GiB was decoded into memory (2.2 GB RSS was measured).
		expect(growthMb).toBeLessThan(200);
		process.stderr.write(`[hostile] gzip bomb (${(bomb.length / MiB).toFixed(2)} MB -> 1 GiB): peak RSS growth ${growthMb} MB\n`);
		note('Answer size', `Get Record answered with a gzip bomb (${(bomb.length / MiB).toFixed(1)} MB expanding to 1 GiB); peak RSS growth ${growthMb} MB`, message);
	});

	it('an endless JSON body on Store > Get stops at the JSON cap', async () => {
		let written = 0;
		const srv = await hostile((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"data":{"id":"x","pad":"');
			const chunk = 'a'.repeat(64 * 1024);
			// Bounded: at most 256 MB, and only while the client still reads.
			pump(res, chunk, () => (written += chunk.length));
		});
		const { result, growthMb } = await peakRssGrowth(
			async () => await runOne({ resource: 'store', operation: 'get', storeId: { __rl: true, mode: 'id', value: STORE_ID }, options: { maxRetries: 0 } }, srv.url),
		);
		const message = failure(result);
		expect(message).toMatch(/is larger than 4194304 bytes, more than the Apify API sends for this call/);
		expect(written).toBeLessThan(64 * MiB);
		expect(growthMb).toBeLessThan(200);
		note('Answer size', `Store > Get answered with an endless JSON body (stopped after the server had written ${Math.round(written / MiB)} MB)`, message);
	});

	it('a huge error body is read only as far as the error needs', async () => {
		let written = 0;
		const srv = await hostile((_req, res) => {
			res.writeHead(500, { 'content-type': 'application/json' });
			const chunk = 'x'.repeat(64 * 1024);
			pump(res, chunk, () => (written += chunk.length));
		});
		const result = await runOne(recordParams('get', 'k'), srv.url);
		const message = `${failure(result)}; ${String(result.outputs[1][0].json.message)}`;
		expect(message).toMatch(new RegExp(`^Apify had a server problem with record "k" in store "${STORE_ID}"; .* Apify API answered 500 \\(x{200}\\)$`));
		expect(written).toBeLessThan(64 * MiB);
		note('Answer size', 'A 500 answer with an endless body', message);
	});
});

describe('3. the token leaves through no path', () => {
	const put201 = (location: string) =>
		hostile((req, res) => {
			req.resume();
			req.on('end', () => res.writeHead(201, { location: location.replace('<base>', `http://127.0.0.1:${(req.socket.address() as AddressInfo).port}`) }).end());
		});

	it('a Location with ?token= is not copied into the output', async () => {
		const srv = await put201(`<base>/v2/key-value-stores/${STORE_ID}/records/k?token=${TOKEN}`);
		const { outputs } = await runOne(storeRecordParameters(STORE_ID, { recordKey: 'k' }), srv.url);
		expect(outputs[0][0].json).toMatchObject({ storeId: STORE_ID, location: `${srv.url}/v2/key-value-stores/${STORE_ID}/records/k` });
		note('Token', 'Store Record answered with a Location carrying ?token=…', `location built from the Base URL: ${String(outputs[0][0].json.location)}`);
	});

	it('a Location whose store segment is the token does not become storeId', async () => {
		const srv = await put201(`<base>/v2/key-value-stores/${TOKEN}/records/k`);
		const { outputs } = await runOne(storeRecordParameters(STORE_ID, { recordKey: 'k' }), srv.url);
		expect(outputs[0][0].json.storeId).toBe(STORE_ID);
		note('Token', 'Store Record answered with the token as the store in its Location', `storeId stays "${String(outputs[0][0].json.storeId)}"`);
	});

	it('a Location on another host, or with bad percent-encoding, is replaced by the built URL and the item succeeds', async () => {
		for (const location of ['http://127.0.0.2:9/v2/key-value-stores/x/records/k', '<base>/v2/key-value-stores/%E0%A4%A/records/k']) {
			const srv = await put201(location);
			const { outputs } = await runOne(storeRecordParameters(STORE_ID, { recordKey: 'k' }), srv.url);
			expect(outputs[0][0].json.location).toBe(`${srv.url}/v2/key-value-stores/${STORE_ID}/records/k`);
		}
		note('Smaller', 'A 201 whose Location has bad percent-encoding, or points elsewhere', 'the item succeeds; location built from the Base URL');
	});

	it.each([
		['its error type', JSON.stringify({ error: { type: TOKEN, message: 'odd' } }), 'application/json'],
		['its error message', JSON.stringify({ error: { type: 'x', message: `bad token ${TOKEN}` } }), 'application/json'],
		['a body that is cut at 200 characters', `${'y'.repeat(190)}${TOKEN}${'z'.repeat(100)}`, 'application/json'],
	])('an error answer echoing the token in %s is redacted, also when the node stops on it', async (where, body, type) => {
		const srv = await hostile((_req, res) => res.writeHead(400, { 'content-type': type }).end(body));
		// Stopping on the error puts the error object into the run data, which the harness checks too.
		const stopped = await runNode({ parameters: recordParams('get', 'k'), items: [{ json: {} }], credentials: credentials(srv.url) });
		expect(stopped.error?.message).toMatch(new RegExp(`^Apify refused the request for record "k" in store "${STORE_ID}"`));
		expect(JSON.stringify(stopped.error)).not.toContain(TOKEN.slice(10));
		note('Token', `An error answer echoing the token in ${where}`, String(stopped.error?.message));
	});

	it('a Base URL that does not parse (a token pasted into the wrong field) is not echoed', async () => {
		const { outputs } = await runNode({ parameters: recordParams('get', 'k'), items: [{ json: {} }], credentials: credentials(TOKEN), onError: 'continueErrorOutput' });
		const message = String(outputs[1][0].json.error);
		expect(message).toMatch(/The Base URL in the credential "Apify API \(test\)" is not a URL/);
		note('Token', 'The token pasted into the Base URL field', message);
	});
});

describe('4. the credential test never sends the token over plain http off this machine', () => {
	it.each([
		['\u0001http://api.example.test', 'https://api.example.test'],
		['http:/\n/api.example.test', 'https://api.example.test'],
		['\thttp://api.example.test/v2/', 'https://api.example.test'],
		['HTTP://api.example.test', 'https://api.example.test'],
		['http:\\\\api.example.test', 'https://api.example.test'],
		['http://127.0.0.1@api.example.test', 'https://127.0.0.1@api.example.test'],
		['http://localhost.example.test', 'https://localhost.example.test'],
		['ws://api.example.test', 'https://api.example.test'],
		['http://127.0.0.1:8789', 'http://127.0.0.1:8789'],
		['http://localhost:8789/', 'http://localhost:8789'],
		['https://api.apify.com', 'https://api.apify.com'],
	])('%j is tested at %s', async (baseUrl, expected) => {
		const request = await resolveCredentialTest({ apiToken: TOKEN, baseUrl });
		expect(request.url).toBe(`${expected}/v2/users/me`);
		// The URL parser agrees: what goes out is https unless it is this machine.
		const parsed = new URL(request.url);
		expect(parsed.protocol === 'https:' || ['127.0.0.1', 'localhost'].includes(parsed.hostname)).toBe(true);
		if (baseUrl.startsWith('\u0001')) note('Credential test', 'Base URL "\\u0001http://host" or "http:/\\n/host"', `tested at ${request.url}`);
	});
});

describe('5. listings end, whatever the server says', () => {
	const keysAnswer = (items: string[], next: string | null) =>
		JSON.stringify({ data: { items: items.map((key) => ({ key, size: 1 })), isTruncated: next !== null, nextExclusiveStartKey: next } });

	it('List Keys stops with an error on a cursor cycle a → b → a', async () => {
		const srv = await hostile((req, res) => {
			const start = new URL(req.url ?? '', 'http://x').searchParams.get('exclusiveStartKey');
			res.writeHead(200, { 'content-type': 'application/json' }).end(start === 'a' ? keysAnswer(['b'], 'b') : keysAnswer(['a'], 'a'));
		});
		const message = failure(await runOne({ ...recordParams('listKeys', 'x'), returnAll: true }, srv.url));
		expect(message).toMatch(/did not end: the server sent the cursor "a" a second time after 3 pages/);
		expect(srv.requests()).toBe(3);
		note('Paging', 'List Keys answered a → b → a', message);
	});

	it('List Keys stops with an error after 1,000 pages of an endless list', async () => {
		const srv = await hostile((req, res) => {
			const start = Number(new URL(req.url ?? '', 'http://x').searchParams.get('exclusiveStartKey') ?? 0);
			res.writeHead(200, { 'content-type': 'application/json' }).end(keysAnswer([String(start + 1)], String(start + 1)));
		});
		// Pacing off: at the 54 requests a second of store listings, 1,000 pages would take 19 s.
		const params = { ...recordParams('listKeys', 'x'), returnAll: true, options: { maxRetries: 0, requestsPerSecond: 0 } };
		const message = failure(await runOne(params, srv.url));
		expect(message).toMatch(/stopped after 1000 pages \(1000 items\)/);
		expect(srv.requests()).toBe(1000);
		note('Paging', 'List Keys answered an endless list', `${message} (${srv.requests()} requests)`);
	});

	it('Store > Get Many ignores a missing count and total, and stops after 1,000 pages', async () => {
		const srv = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { items: [{ id: 'x' }] } })));
		const message = failure(await runOne({ resource: 'store', operation: 'getAll', returnAll: true, options: { maxRetries: 0 } }, srv.url));
		expect(message).toMatch(/stopped after 1000 pages/);
		expect(srv.seen.map((s) => new URL(s.url, 'http://x').searchParams.get('offset')).slice(0, 3)).toEqual(['0', '1', '2']);
		note('Paging', 'Store > Get Many answered pages without count or total', message);
	});

	it.each([
		['a truncated page without items', [] as string[], 'b', /gave no keys on the page/],
		['a truncated page with items but no cursor', ['b'], null, /gave no cursor to the next page/],
	])('List Keys with Return All fails on %s: nothing is taken from a partial list', async (what, items, next, message) => {
		const srv = await hostile((req, res) => {
			const start = new URL(req.url ?? '', 'http://x').searchParams.get('exclusiveStartKey');
			const body = start ? { data: { items: items.map((key) => ({ key, size: 1 })), isTruncated: true, nextExclusiveStartKey: next } } : JSON.parse(keysAnswer(['a'], 'a'));
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		});
		const text = failure(await runOne({ ...recordParams('listKeys', 'x'), returnAll: true }, srv.url));
		expect(text).toMatch(message);
		expect(text).toMatch(/^Listing \/v2\/key-value-stores\/HostileStore00001\/keys was not complete/);
		note('Paging', `List Keys answered ${what} (the trigger's poll fails the same way and keeps its state)`, text);
	});

	it('Store > Get Many fails on an empty page before the total it announced', async () => {
		const srv = await hostile((req, res) => {
			const offset = Number(new URL(req.url ?? '', 'http://x').searchParams.get('offset') ?? 0);
			const items = offset === 0 ? [{ id: 'x' }] : [];
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { items, total: 5 } }));
		});
		const text = failure(await runOne({ resource: 'store', operation: 'getAll', returnAll: true, options: { maxRetries: 0 } }, srv.url));
		expect(text).toMatch(/was not complete: the server said there are 5 stores but sent none from offset 1/);
		note('Paging', 'Store > Get Many answered an empty page before its total', text);
	});

	it('the key picker gives no next page for a cursor that does not advance', async () => {
		const srv = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(keysAnswer(['k'], 'same')));
		const page = await runListSearch('searchRecordKeys', {
			parameters: { storeId: { __rl: true, mode: 'id', value: STORE_ID } },
			credentials: credentials(srv.url),
			paginationToken: 'same',
		});
		expect(page.paginationToken).toBeUndefined();
		note('Paging', 'The key picker answered the same cursor it was given', 'no further page is offered');
	});
});

describe('6. every attempt has a deadline, connect to last byte', () => {
	it('a body trickled a byte every 250 ms fails when Timeout runs out, not when the trickle ends', async () => {
		let bytes = 0;
		let closedAt = 0;
		const started = Date.now();
		const srv = await hostile((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/plain' });
			// 240 bytes over a minute, unless the client goes first.
			const timer = setInterval(() => {
				if (res.destroyed || bytes >= 240) {
					clearInterval(timer);
					closedAt ||= Date.now();
					res.end();
					return;
				}
				bytes++;
				res.write('x');
			}, 250);
			res.on('close', () => {
				clearInterval(timer);
				closedAt ||= Date.now();
			});
		});
		const message = failure(await runOne(recordParams('get', 'slow', { options: { maxRetries: 0, timeout: 1500 } }), srv.url));
		expect(message).toMatch(/timed out after 1500 ms/);
		await new Promise((r) => setTimeout(r, 300));
		expect(bytes).toBeLessThan(20);
		const seconds = ((closedAt - started) / 1000).toFixed(1);
		process.stderr.write(`[hostile] trickle: connection closed after ${seconds} s, ${bytes} bytes\n`);
		note('Deadline', `A body trickled one byte every 250 ms, Timeout 1,500 ms (closed after ${seconds} s and ${bytes} bytes)`, message);
	});
});

describe('7. write order holds across store aliases', () => {
	const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'hostile' }] });

	it('the last item wins when items name one store by ID and by ~name, in parallel', async () => {
		const { server } = local;
		const { id } = server.ensureStore('aliases');
		server.faults.set([{ kind: 'delay', ms: 40, fraction: 0.5 }], 7);
		const items = Array.from({ length: 30 }, (_, i) => ({ json: { i, store: i % 2 ? id : '~aliases' } }));
		const { outputs } = await runNode({
			parameters: storeRecordParameters(id, {
				storeId: { __rl: true, mode: 'id', value: '={{ $json.store }}' },
				recordKey: 'same',
				options: { concurrency: 10 },
			}),
			items,
			credentials: credentials(server.url),
		});
		expect(outputs[0]).toHaveLength(30);
		expect(JSON.parse(server.getRecord(id, 'same')!.decoded.toString('utf8'))).toEqual({ i: 29, store: id });
		server.faults.clear();
		note('Write order', '30 writes of one key through the store ID and "~name", concurrency 10, random delays', 'the stored value is the last item\'s');
	});
});

describe('8. smaller ones', () => {
	it.each([
		['Store > Get', { resource: 'store', operation: 'get', storeId: { __rl: true, mode: 'id', value: STORE_ID } }, '{}', /answered GET \/v2\/key-value-stores\/HostileStore00001 with JSON without data with the store/],
		['List Keys', { ...recordParams('listKeys', 'x') }, '{"data":{}}', /with JSON without data\.items/],
		['Store > Get Many', { resource: 'store', operation: 'getAll' }, '{"data":{}}', /with JSON without data\.items/],
		['Store > Get or Create', { resource: 'store', operation: 'getOrCreate', storeName: 'x' }, 'not json', /with a body that is not JSON/],
	])('%s answered %s: says which call answered what', async (what, params, body, expected) => {
		const srv = await hostile((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
		const message = failure(await runOne({ options: { maxRetries: 0 }, ...params } as INodeParameters, srv.url));
		expect(message).toMatch(expected);
		note('Smaller', `${what} answered ${body}`, message);
	});

	it('an untrusted TLS certificate is a certificate problem, not retried', async () => {
		const tls = makeTestCertificates();
		const srv = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end('{}'));
		await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
		let connections = 0;
		srv.on('connection', () => connections++);
		try {
			const url = `https://127.0.0.1:${(srv.address() as AddressInfo).port}`;
			const result = await runOne(recordParams('get', 'k', { options: { maxRetries: 3, retryDelay: 10 } }), url);
			const message = failure(result);
			expect(message).toMatch(/The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/);
			expect(String(result.outputs[1][0].json.message)).toMatch(/NODE_EXTRA_CA_CERTS/);
			expect(connections).toBe(1);
			note('Smaller', 'An https server whose certificate is not trusted', `${message}; ${String(result.outputs[1][0].json.message)}`);
		} finally {
			srv.closeAllConnections();
			await new Promise((r) => srv.close(r));
		}
	});

	it('Get Record flags only Apify\'s own "not found"; another 404 is a Base URL problem', async () => {
		let type = 'record-not-found';
		const srv = await hostile((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { type, message: 'nope' } })));
		const flag = recordParams('get', 'k', { options: { maxRetries: 0, ifMissing: 'flag' } });
		expect((await runOne(flag, srv.url)).outputs[0][0].json).toEqual({ key: 'k', found: false });
		type = 'page-not-found';
		const result = await runOne(flag, srv.url);
		expect(failure(result)).toBe(`The server at ${srv.url} did not answer like the Apify API`);
		expect(String(result.outputs[1][0].json.message)).toMatch(/Check the Base URL.* Apify API answered 404 \(page-not-found/);
		note('Smaller', 'Get Record (If Missing: flag) answered 404 page-not-found', `${failure(result)}; ${String(result.outputs[1][0].json.message)}`);
	});
});

describe('docs', () => {
	it('docs/bad-inputs.md has the hostile answers this run saw', () => {
		const table = doc.table(
			'## Hostile answers',
			'Generated from `test/node/hostile-answers.test.ts`: servers on 127.0.0.1 that answer badly on purpose, and what the node does.\nEvery run also checks that the API token appears in no output, run data, error or log line.',
		);
		// Measured figures (RSS, seconds, bytes) vary between runs: the page keeps their shape.
		const stable = (text: string) => text.replace(/\d+(\.\d+)? (MB|s|bytes)\b/g, 'N $2').replace(/\(\d+(\.\d+)? MB expanding/g, '(N MB expanding');
		expectGeneratedSection(DOC, 'hostile answers', stable(table));
	});
});
