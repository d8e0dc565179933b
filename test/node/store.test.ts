import crypto from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import zlib from 'zlib';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { makeBinary, runNode, setBinaryDataMode, storeRecordParameters, type RunOptions } from '../harness/engine';
import { cannedServer } from '../support/canned-server';
import { startServer, type LocalServer, DEFAULT_BODY_LIMIT } from '../support/local-server';
import { BROTLI, compressionsHere } from '../support/runtime';

const TOKEN = `canary-token-${crypto.randomBytes(6).toString('hex')}`;
const READ_ONLY = `readonly-${TOKEN}`;

let server: LocalServer;
let storeId: string;

beforeAll(async () => {
	server = await startServer({
		tokens: [
			{ token: TOKEN, username: 'dana' },
			{ token: READ_ONLY, username: 'dana', userId: 'LocalUser00000000', readOnly: true },
		],
	});
	await setBinaryDataMode('filesystem');
});
afterAll(async () => server.close());
beforeEach(() => {
	server.reset();
	storeId = server.ensureStore('engine').id;
});

const credentials = (overrides: IDataObject = {}) => ({ apiToken: TOKEN, baseUrl: server.url, ...overrides });

const params = (overrides: INodeParameters = {}) => storeRecordParameters(storeId, { options: { retryDelay: 10 }, ...overrides });

const run = (parameters: INodeParameters, items: INodeExecutionData[], extra: Partial<RunOptions> = {}) =>
	runNode({ parameters, items, credentials: credentials(), ...extra });

const putCount = () => server.stats.byRoute['PUT record'] ?? 0;

const decoders: Record<string, (b: Buffer) => Buffer> = {
	identity: (b) => b,
	gzip: (b) => zlib.gunzipSync(b),
	deflate: (b) => zlib.inflateSync(b),
	br: (b) => zlib.brotliDecompressSync(b),
};

describe('Store Record: every value source with every compression', () => {
	const big = { key: 'k', text: 'x'.repeat(3000), list: Array.from({ length: 50 }, (_, i) => i) };
	const sources: Array<[string, INodeParameters, () => Promise<INodeExecutionData>, Buffer, string]> = [
		['item JSON', { valueSource: 'itemJson' }, async () => ({ json: big }), Buffer.from(JSON.stringify(big)), 'application/json; charset=utf-8'],
		[
			'custom JSON',
			{ valueSource: 'customJson', jsonValue: '={ "a": [1, 2, 3], "b": "{{ $json.key }}", "pad": "{{ "z".repeat(1500) }}" }' },
			async () => ({ json: { key: 'k' } }),
			Buffer.from(`{ "a": [1, 2, 3], "b": "k", "pad": "${'z'.repeat(1500)}" }`),
			'application/json; charset=utf-8',
		],
		['text', { valueSource: 'text', textValue: '={{ "line\\n".repeat(400) }}' }, async () => ({ json: { key: 'k' } }), Buffer.from('line\n'.repeat(400)), 'text/plain; charset=utf-8'],
		[
			'binary (inline)',
			{ valueSource: 'binary', binaryPropertyName: 'data' },
			async () => ({ json: { key: 'k' }, binary: { data: await makeBinary(Buffer.from('a,b\n1,2\n'.repeat(300)), 'text/csv') } }),
			Buffer.from('a,b\n1,2\n'.repeat(300)),
			'text/csv',
		],
	];
	const compressions: Array<[string, string]> = [
		['none', 'identity'],
		['gzip', 'gzip'],
		['deflate', 'deflate'],
		['br', 'br'],
		['auto', 'gzip'],
	].filter(([c]) => BROTLI || c !== 'br') as Array<[string, string]>;
	const cases = sources.flatMap((s) => compressions.map((c) => [s[0], c[0], s, c] as const));

	it.each(cases)('%s with compression %s', async (_s, _c, source, [compression, expectedEncoding]) => {
		const [, sourceParams, makeItem, expected, expectedType] = source;
		const { outputs, error } = await run(params({ ...sourceParams, compression }), [await makeItem()]);
		expect(error).toBeUndefined();
		const stored = server.getRecord(storeId, 'k')!;
		expect(stored.contentEncoding).toBe(expectedEncoding);
		expect(stored.contentType).toBe(expectedType);
		expect(stored.decoded.equals(expected)).toBe(true);
		// The bytes on the wire really are in that encoding, not only labelled so.
		expect(decoders[expectedEncoding](stored.body).equals(expected)).toBe(true);
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json).toEqual({
			storeId,
			key: 'k',
			location: `${server.url}/v2/key-value-stores/${storeId}/records/k`,
			contentType: expectedType,
			contentEncoding: expectedEncoding,
			bytes: expected.length,
			uploadedBytes: stored.body.length,
		});
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('Brotli: refused before sending where the runtime lacks it, stored where it has it', async () => {
		const before = putCount();
		const { outputs } = await run(params({ valueSource: 'text', textValue: 'x'.repeat(5000), compression: 'br' }), [{ json: { key: 'brotli' } }], {
			onError: 'continueErrorOutput',
		});
		if (BROTLI) {
			expect(server.getRecord(storeId, 'brotli')!.contentEncoding).toBe('br');
		} else {
			expect(String(outputs[1][0].json.error)).toMatch(/cannot compress with Brotli: .*Node\.js 20 has none.*Choose Gzip or Automatic/);
			expect(putCount()).toBe(before);
		}
	});

	it('auto leaves small values and images uncompressed', async () => {
		const png = await makeBinary(crypto.randomBytes(5000), 'image/png', 'x.png');
		await run(params({ compression: 'auto', recordKey: '={{ $json.key }}', valueSource: '={{ $json.source }}', binaryPropertyName: 'data' }), [
			{ json: { key: 'small', source: 'itemJson' } },
			{ json: { key: 'image', source: 'binary' }, binary: { data: png } },
		]);
		expect(server.getRecord(storeId, 'small')!.contentEncoding).toBe('identity');
		expect(server.getRecord(storeId, 'image')!.contentEncoding).toBe('identity');
		expect(server.getRecord(storeId, 'image')!.contentType).toBe('image/png');
	});

	it('takes a content type that overrides the automatic one', async () => {
		await run(params({ valueSource: 'text', textValue: 'a;b', contentType: 'text/csv; charset=utf-8' }), [{ json: { key: 'csv' } }]);
		expect(server.getRecord(storeId, 'csv')!.contentType).toBe('text/csv; charset=utf-8');
	});
});

describe('Store Record: binary data in filesystem mode is streamed', () => {
	beforeAll(async () => setBinaryDataMode('filesystem'));
	afterAll(async () => setBinaryDataMode('filesystem'));

	it.each(compressionsHere(['none', 'gzip', 'br']).map((c) => [c, c === 'none' ? 'identity' : c]))('streams a 3 MB file with compression %s', async (compression, encoding) => {
		const file = Buffer.concat([crypto.randomBytes(1024 * 1024), Buffer.alloc(2 * 1024 * 1024, 'abc')]);
		const binary = await makeBinary(file, 'application/octet-stream', 'blob.bin');
		expect(binary.id).toMatch(/^filesystem/);
		const { outputs, error } = await run(params({ valueSource: 'binary', binaryPropertyName: 'data', compression }), [
			{ json: { key: 'file' }, binary: { data: binary } },
		]);
		expect(error).toBeUndefined();
		const stored = server.getRecord(storeId, 'file')!;
		expect(stored.contentEncoding).toBe(encoding);
		expect(stored.decoded.equals(file)).toBe(true);
		expect(outputs[0][0].json).toMatchObject({ bytes: file.length, uploadedBytes: stored.body.length, contentEncoding: encoding });
	});

	it('re-opens the stream when the connection drops during the upload', async () => {
		const file = crypto.randomBytes(2 * 1024 * 1024);
		const binary = await makeBinary(file, 'application/octet-stream');
		server.faults.set([{ kind: 'drop', count: 1, method: 'PUT', afterBytes: 256 * 1024 }]);
		const { outputs, error } = await run(params({ valueSource: 'binary', compression: 'none' }), [{ json: { key: 'dropped' }, binary: { data: binary } }]);
		expect(error).toBeUndefined();
		expect(server.faults.injected.drop).toBe(1);
		expect(putCount()).toBe(2);
		expect(server.getRecord(storeId, 'dropped')!.decoded.equals(file)).toBe(true);
		expect(outputs[0][0].json.bytes).toBe(file.length);
	});
});

describe('Store Record: store references', () => {
	it.each([
		['id mode', () => ({ __rl: true, mode: 'id', value: storeId })],
		['list mode', () => ({ __rl: true, mode: 'list', value: storeId, cachedResultName: 'engine' })],
		['username~name', () => ({ __rl: true, mode: 'name', value: 'dana~engine' })],
		['~name', () => ({ __rl: true, mode: 'name', value: '~engine' })],
	])('writes to the store given in %s', async (_label, ref) => {
		const { outputs, error } = await run(params({ storeId: ref() as never }), [{ json: { key: 'ref' } }]);
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.storeId).toBe(storeId);
		expect(server.getRecord(storeId, 'ref')).toBeDefined();
	});
});

describe('Store Record: checks before any request', () => {
	const perItem: Array<[string, INodeExecutionData, RegExp]> = [
		['an empty key', { json: { key: '' } }, /record key is empty/],
		['a key with a space and a slash', { json: { key: 'a b/c' } }, /not allow: " ", "\/"/],
		['a 257-character key', { json: { key: 'k'.repeat(257) } }, /257 characters long/],
		['a store name without ~', { json: { key: 'k', store: 'engine' } }, /write "~engine"/],
		['a malformed store name', { json: { key: 'k', store: 'dana~bad_name' } }, /not a valid store name/],
		['a store reference with a slash', { json: { key: 'k', store: 'a/b' } }, /not a key-value store ID/],
	];

	it.each(perItem)('%s gets a clear error naming the item, and nothing is sent for it', async (_label, item, message) => {
		const parameters = params({ storeId: { __rl: true, mode: 'id', value: `={{ $json.store ?? "${storeId}" }}` } });
		const { outputs, error } = await run(parameters, [{ json: { key: 'fine' } }, item]);
		expect(outputs).toEqual([]);
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(server.stats.requests).toBe(1);
	});

	// Every row has all four values: jest takes a callback with more parameters than values for one awaiting done().
	const perNode: Array<[string, INodeParameters, RegExp, IDataObject]> = [
		['a missing binary property', { valueSource: 'binary', binaryPropertyName: 'file' }, /no binary property "file"/, {}],
		['invalid custom JSON', { valueSource: 'customJson', jsonValue: '{ nope' }, /is not valid JSON/, {}],
		['an invalid content type', { contentType: 'not a type' }, /not a valid content type/, {}],
		['a non-https base URL', {}, /does not use https/, { baseUrl: 'http://example.com' }],
		['a Base URL that is not a URL', {}, /is not a URL/, { baseUrl: 'api.apify.com' }],
	];

	it.each(perNode)('%s gets a clear error, and nothing is sent', async (_label, overrides, message, creds) => {
		const { outputs, error } = await run(params(overrides), [{ json: { key: 'k' } }], { credentials: credentials(creds) });
		expect(outputs).toEqual([]);
		expect(error?.message).toMatch(message);
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(0);
		expect(server.stats.requests).toBe(0);
	});

	it("n8n's own parameter check refuses a malformed store ID or name before the run", async () => {
		await expect(run(params({ storeId: { __rl: true, mode: 'id', value: 'short' } }), [{ json: { key: 'k' } }])).rejects.toThrow(
			/A store ID is 17 letters and digits/,
		);
		await expect(run(params({ storeId: { __rl: true, mode: 'name', value: 'no-tilde' } }), [{ json: { key: 'k' } }])).rejects.toThrow(
			/username~store-name/,
		);
		expect(server.stats.requests).toBe(0);
	});

	it('names the place of a circular reference in item JSON', async () => {
		const circular: IDataObject = { key: 'c', nested: {} };
		(circular.nested as IDataObject).self = circular;
		const { error } = await run(params(), [{ json: circular }]);
		expect(error?.message).toMatch(/\$\.nested\.self refers back to one of its parents/);
		expect(server.stats.requests).toBe(0);
	});
});

describe('Store Record: API errors become clear node errors', () => {
	const errorOf = async (extra: Partial<RunOptions> = {}, overrides: INodeParameters = {}) => {
		const { error } = await run(params({ options: { retryDelay: 10, maxRetries: 1 }, ...overrides }), [{ json: { key: 'k' } }], extra);
		expect(error).toBeDefined();
		return error as unknown as { message: string; description: string; httpCode: string; messages: string[]; context: { itemIndex: number } };
	};

	it('400 from the API', async () => {
		const canned = await cannedServer(400, JSON.stringify({ error: { type: 'invalid-value', message: 'Something is off' } }));
		try {
			const e = await errorOf({ credentials: credentials({ baseUrl: canned.url }) });
			expect(e.message).toMatch(/^Apify refused the request for record "k" in store "\w+": Something is off$/);
			expect(e.httpCode).toBe('400');
			// The status and Apify's error type stay in the details n8n shows.
			expect(e.messages).toEqual(['Apify API answered 400 (invalid-value: Something is off)']);
		} finally {
			await canned.close();
		}
	});

	it('401 for a wrong token', async () => {
		const e = await errorOf({ credentials: credentials({ apiToken: 'wrong-token' }) });
		expect(e.message).toBe('The API token in the credential "Apify API (test)" was not accepted');
		expect(e.description).toMatch(/^Copy the token again from Apify Console > Settings > API & Integrations and paste it in the credential "Apify API \(test\)"\. Apify API answered 401 \(invalid-token/);
		expect(e.httpCode).toBe('401');
		expect(server.stats.requests).toBe(1);
	});

	it('403 for a token without write permission', async () => {
		const e = await errorOf({ credentials: credentials({ apiToken: READ_ONLY }) });
		expect(e.message).toMatch(/^The API token has no permission for record "k" in store "\w+"$/);
		expect(e.description).toMatch(/write access.* Apify API answered 403 \(insufficient-permissions/);
	});

	it('404 for a store that does not exist, not retried', async () => {
		const e = await errorOf({}, { storeId: { __rl: true, mode: 'name', value: '~missing' } });
		expect(e.message).toBe('Store "~missing" was not found');
		expect(e.description).toMatch(/Get or Create.* Apify API answered 404 \(record-or-token-not-found/);
		expect(e.messages).toEqual([expect.stringMatching(/^Apify API answered 404 \(record-or-token-not-found/)]);
		expect(e.httpCode).toBe('404');
		expect(e.context.itemIndex).toBe(0);
		expect(putCount()).toBe(1);
	});

	it('413 for a body over the limit', async () => {
		server.setBodyLimit(100);
		try {
			const e = await errorOf({}, { valueSource: 'text', textValue: 'x'.repeat(200) });
			expect(e.message).toMatch(/^Record "k" in store "\w+" is larger than Apify accepts$/);
			expect(e.description).toMatch(/Split the value.* Apify API answered 413 \(request-too-large/);
		} finally {
			server.setBodyLimit(DEFAULT_BODY_LIMIT);
		}
	});

	it('415 from the API', async () => {
		const canned = await cannedServer(415, JSON.stringify({ error: { type: 'unsupported-content-encoding', message: 'Content-Encoding "gzip" is not supported.' } }));
		try {
			const e = await errorOf({ credentials: credentials({ baseUrl: canned.url }) });
			expect(e.message).toMatch(/^Apify did not accept the compression of record "k" in store "\w+"$/);
			expect(e.description).toMatch(/Choose another Compression.* Apify API answered 415 \(unsupported-content-encoding/);
		} finally {
			await canned.close();
		}
	});

	it('429 that persists past the retries', async () => {
		server.faults.set([{ kind: 'rate-limit', retryAfter: 0 }]);
		const e = await errorOf();
		expect(e.message).toMatch(/^Apify kept limiting the request rate for record "k" in store "\w+"$/);
		expect(e.description).toMatch(/after 2 attempts.* Apify API answered 429 \(rate-limit-exceeded/);
		expect(server.faults.injected['rate-limit']).toBe(2);
	});

	it('500 that persists past the retries', async () => {
		server.faults.set([{ kind: 'status', status: 500 }]);
		const e = await errorOf();
		expect(e.message).toMatch(/^Apify had a server problem with record "k" in store "\w+"$/);
		expect(e.description).toMatch(/still failed after 2 attempts.* Apify API answered 500 \(internal-server-error/);
	});

	it('an HTML answer instead of JSON', async () => {
		const canned = await cannedServer(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' });
		try {
			const e = await errorOf({ credentials: credentials({ baseUrl: canned.url }) });
			expect(e.message).toBe(`The server at ${canned.url} did not answer like the Apify API`);
			expect(e.description).toMatch(/^It sent text\/html, not the Apify API.s JSON\. Check the Base URL in the credential "Apify API \(test\)".* Apify API answered 502$/);
		} finally {
			await canned.close();
		}
	});

	it('a refused connection', async () => {
		const canned = await cannedServer(200, '{}');
		await canned.close();
		const e = await errorOf({ credentials: credentials({ baseUrl: canned.url }) });
		expect(e.message).toMatch(/connection refused after 2 attempts/);
		expect(e.description).toMatch(/Nothing is listening/);
	});
});

describe('Store Record: retries', () => {
	it('retries 503 with backoff and succeeds', async () => {
		server.faults.set([{ kind: 'status', status: 503, count: 2, method: 'PUT' }]);
		const { outputs, error } = await run(params(), [{ json: { key: 'r' } }]);
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(1);
		expect(putCount()).toBe(3);
	});

	it("waits for 429's Retry-After before the retry", async () => {
		server.faults.set([{ kind: 'rate-limit', retryAfter: 1, count: 1, method: 'PUT' }]);
		const started = Date.now();
		const { error } = await run(params(), [{ json: { key: 'r' } }]);
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(putCount()).toBe(2);
	});

	it('retries a response slower than the timeout', async () => {
		server.faults.set([{ kind: 'delay', ms: 1500, count: 1, method: 'PUT' }]);
		const { error } = await run(params({ options: { retryDelay: 10, timeout: 1000 } }), [{ json: { key: 'slow' } }]);
		expect(error).toBeUndefined();
		expect(putCount()).toBe(2);
		expect(server.getRecord(storeId, 'slow')).toBeDefined();
	});

	it('retries a dropped connection of an in-memory body', async () => {
		server.faults.set([{ kind: 'drop', count: 1, method: 'PUT' }]);
		const { error } = await run(params({ valueSource: 'text', textValue: 'y'.repeat(10000) }), [{ json: { key: 'd' } }]);
		expect(error).toBeUndefined();
		expect(server.getRecord(storeId, 'd')!.decoded.toString()).toBe('y'.repeat(10000));
	});
});

describe('Store Record: failing items', () => {
	const mixed: INodeExecutionData[] = [
		{ json: { key: 'good-1', n: 1 } },
		{ json: { key: 'bad key', n: 2 } },
		{ json: { key: 'good-2', n: 3, store: '~missing' } },
		{ json: { key: 'good-3', n: 4 } },
	];
	const mixedParams = () => params({ storeId: { __rl: true, mode: 'name', value: '={{ $json.store ?? "~engine" }}' } });

	it('routes failures to the error output with the input item, the rest to the main output', async () => {
		const { outputs, error } = await run(mixedParams(), mixed, { onError: 'continueErrorOutput' });
		expect(error).toBeUndefined();
		expect(outputs).toHaveLength(2);
		expect(outputs[0].map((i) => i.json.key)).toEqual(['good-1', 'good-3']);
		expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 3 }]);
		expect(outputs[1]).toHaveLength(2);
		expect(outputs[1][0].json).toMatchObject({ key: 'bad key', n: 2 });
		expect(outputs[1][0].json.error).toMatch(/Apify does not allow: " "/);
		expect(outputs[1][0].pairedItem).toEqual({ item: 1 });
		expect(outputs[1][1].json).toMatchObject({ key: 'good-2', n: 3 });
		expect(outputs[1][1].json.error).toBe('Store "~missing" was not found');
		expect(outputs[1][1].pairedItem).toEqual({ item: 2 });
		// The bad key never went out; the missing store did, once.
		expect(putCount()).toBe(3);
		expect(server.getRecord(storeId, 'good-3')).toBeDefined();
	});

	it('puts failures in the regular output, in order, with "Continue"', async () => {
		const { outputs } = await run(mixedParams(), mixed, { onError: 'continueRegularOutput' });
		expect(outputs).toHaveLength(1);
		expect(outputs[0]).toHaveLength(4);
		expect(outputs[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(outputs[0][1].json.error).toMatch(/not allow/);
		expect(outputs[0][2].json.error).toBe('Store "~missing" was not found');
		expect(outputs[0][2].json.message).toMatch(/Get or Create/);
		expect(outputs[0][3].json.key).toBe('good-3');
	});

	it('stops at the first failure by default, naming the item', async () => {
		const { error } = await run(mixedParams(), mixed);
		expect(error?.message).toMatch(/bad key/);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
	});
});

describe('Store Record: the token stays secret', () => {
	it('does not follow a redirect, so the token never reaches another host', async () => {
		const seenByOther: string[] = [];
		const other = http.createServer((req, res) => {
			seenByOther.push(String(req.headers.authorization));
			res.end('{}');
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
		const otherPort = (other.address() as AddressInfo).port;
		const redirecting = http.createServer((req, res) => {
			req.resume();
			res.writeHead(307, { location: `http://127.0.0.2:${otherPort}${req.url}` }).end();
		});
		await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
		try {
			const { error } = await run(params(), [{ json: { key: 'r' } }], {
				credentials: credentials({ baseUrl: `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}` }),
			});
			expect(error?.message).toMatch(/^The server at http:\/\/127\.0\.0\.1:\d+ did not answer like the Apify API$/);
			expect((error as unknown as { description: string }).description).toMatch(/redirected the request/);
			expect(seenByOther).toEqual([]);
		} finally {
			await new Promise((r) => other.close(r));
			await new Promise((r) => redirecting.close(r));
		}
	});

	it('never shows the token in outputs or errors, and sends it only in the Authorization header', async () => {
		const seen: string[] = [];
		server.faults.set([{ kind: 'status', status: 500, count: 1 }]);
		const results = [
			await run(params(), [{ json: { key: 'ok' } }, { json: { key: 'bad key' } }], { onError: 'continueRegularOutput' }),
			await run(params({ storeId: { __rl: true, mode: 'name', value: '~missing' } }), [{ json: { key: 'x' } }]),
			await run(params(), [{ json: { key: 'x' } }], { credentials: credentials({ apiToken: `${TOKEN}-wrong` }) }),
		];
		for (const r of results) {
			seen.push(JSON.stringify(r.outputs), JSON.stringify(r.error ?? null), String(r.error?.stack ?? ''), String(r.error?.description ?? ''));
		}
		for (const text of seen) expect(text).not.toContain(TOKEN);
		// Every request authenticated by header (a wrong token is still "authenticated" by header), none by ?token=.
		expect(server.stats.requests).toBeGreaterThan(3);
		expect(server.stats.tokensInUrl).toBe(0);
		expect(server.stats.byStatus['401']).toBe(1);
	});
});
