import zlib from 'zlib';
import { Readable } from 'stream';
import { recordApiPath, checkRecordKey } from '../../nodes/ApifyKeyValueStore/helpers/recordKey';
import { checkStoreReference, storeApiPath } from '../../nodes/ApifyKeyValueStore/helpers/storeReference';
import { customJsonText, serializeJson } from '../../nodes/ApifyKeyValueStore/helpers/serialization';
import { checkContentType } from '../../nodes/ApifyKeyValueStore/helpers/mediaType';
import { chooseEncoding, isCompressible } from '../../nodes/ApifyKeyValueStore/helpers/compressionChoice';
import { compress, checkCompression } from '../../nodes/ApifyKeyValueStore/helpers/compress';
import { DEFAULT_RETRY_POLICY } from '../../nodes/ApifyKeyValueStore/transport/settings';
import {
	isRetryableNetworkError,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
} from '../../nodes/ApifyKeyValueStore/transport/retryPolicy';
import { checkBaseUrl } from '../../nodes/ApifyKeyValueStore/transport/baseUrl';
import { describeApiFailure, describeNetworkFailure, redact, type CallSubject } from '../../nodes/ApifyKeyValueStore/transport/errors';
import { paginate } from '../../nodes/ApifyKeyValueStore/transport/pager';

describe('checkRecordKey', () => {
	it.each(['a', 'k'.repeat(256), "A-z_0.9!'()", '...', '.a', 'a..', "'..'"])('accepts %s', (key) => expect(checkRecordKey(key)).toEqual({ ok: true, value: key }));
	it.each([
		['.', /means the current folder/],
		['..', /means the folder above/],
		['', /empty/],
		['k'.repeat(257), /257 characters long; Apify allows at most 256/],
		['a b', /" "/],
		['über', /"ü"/],
		['a/b?c#d', /"\/", "\?", "#"/],
		[42, /must be text of .*, but it is number/],
		[null, /it is null/],
		['a\r\nX: 1', /"a\\r\\nX: 1"/],
	])('refuses %p', (key, message) => {
		const result = checkRecordKey(key);
		expect(!result.ok && result.problem).toMatch(message);
	});

	it('builds a path that ends in exactly /records/<key>, and none for dot segments', () => {
		expect(recordApiPath('/v2/key-value-stores/~s', "a.b!'()")).toBe("/v2/key-value-stores/~s/records/a.b!'()");
		expect(recordApiPath('/v2/key-value-stores/~s', '...')).toBe('/v2/key-value-stores/~s/records/...');
		for (const key of ['.', '..', '%2E%2E', '%2e']) {
			const path = recordApiPath('/v2/key-value-stores/~s', key);
			// Either refused, or still a record path once a URL parser has read it.
			if (path !== undefined) expect(new URL(path, 'http://x').pathname.endsWith(`/records/${encodeURIComponent(key)}`)).toBe(true);
		}
		expect(recordApiPath('/v2/key-value-stores/~s', '.')).toBeUndefined();
		expect(recordApiPath('/v2/key-value-stores/~s', '..')).toBeUndefined();
	});
});

describe('checkStoreReference', () => {
	it.each(['WkzbQMuFYuamGv3YF', 'jane~my-store', '~my-store', 'jane.doe~s', ' ~padded '])('accepts %p', (ref) =>
		expect(checkStoreReference(ref)).toEqual({ ok: true, value: ref.trim() }),
	);
	it.each([
		['', /No key-value store is set/],
		['my-store', /write "~my-store"/],
		['WkzbQMuFYuamGv3Y', /not a key-value store ID/],
		['jane~', /not a valid store name/],
		['jane~-x', /not a valid store name/],
		['ja ne~store', /not a valid Apify username/],
		['a~b~c', /not a valid store name/],
	])('refuses %p', (ref, message) => {
		const result = checkStoreReference(ref);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.problem).toMatch(message);
	});
	it('keeps ~ literal in the path', () => expect(storeApiPath('~s')).toBe('/v2/key-value-stores/~s'));
	it('quotes a reference with CR/LF escaped', () => {
		const result = checkStoreReference('bad\r\nname');
		expect(!result.ok && result.problem).toContain('"bad\\r\\nname"');
	});
});

describe('serialization', () => {
	it('serialises JSON compactly', () => expect(serializeJson({ a: [1, 'x'] }, 'v')).toEqual({ ok: true, value: '{"a":[1,"x"]}' }));
	it('names a cycle by its path', () => {
		const cyclic: Record<string, unknown> = { list: [{}] };
		(cyclic.list as Array<Record<string, unknown>>)[0].back = cyclic;
		const odd: Record<string, unknown> = { n: {} };
		(odd.n as Record<string, unknown>)['odd key'] = odd;
		expect(serializeJson(odd, 'v')).toMatchObject({ ok: false, problem: expect.stringMatching(/\$\.n\["odd key"\] refers back/) });
		expect(serializeJson(cyclic, 'v')).toMatchObject({ ok: false, problem: expect.stringMatching(/\$\.list\[0\]\.back refers back/) });
	});
	it('refuses undefined', () => expect(serializeJson(undefined, 'The value').ok).toBe(false));
	it('keeps custom JSON text as written and refuses invalid JSON', () => {
		expect(customJsonText('{ "a" : 1 }')).toEqual({ ok: true, value: '{ "a" : 1 }' });
		expect(customJsonText({ a: 1 })).toEqual({ ok: true, value: '{"a":1}' });
		expect(customJsonText('{a:1}')).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid JSON/) });
	});
	it.each(['application/json', 'text/csv; charset=utf-8', 'image/svg+xml', 'application/vnd.api+json'])('accepts content type %s', (t) =>
		expect(checkContentType(t)).toEqual({ ok: true, value: t }),
	);
	it.each(['json', 'text/', 'a b/c', 'text/plain\r\nX-Evil: 1'])('refuses content type %p', (t) => {
		const result = checkContentType(t);
		expect(!result.ok && result.problem).toMatch(/not a valid content type/);
	});
});

describe('compression', () => {
	it.each([
		['application/json; charset=utf-8', true],
		['text/csv', true],
		['image/svg+xml', true],
		['image/png', false],
		['video/mp4', false],
		['application/zip', false],
		['application/gzip', false],
		['application/octet-stream', true],
	])('%s compressible: %s', (type, expected) => expect(isCompressible(type as string)).toBe(expected));

	it('auto gzips compressible bodies of at least 1 KiB, and bodies of unknown size', () => {
		expect(chooseEncoding('auto', 1023, 'text/plain')).toBe('identity');
		expect(chooseEncoding('auto', 1024, 'text/plain')).toBe('gzip');
		expect(chooseEncoding('auto', 10_000, 'image/jpeg')).toBe('identity');
		expect(chooseEncoding('auto', undefined, 'application/octet-stream')).toBe('gzip');
		expect(chooseEncoding('none', 10_000, 'text/plain')).toBe('identity');
		expect(chooseEncoding('br', 1, 'image/png')).toBe('br');
	});

	const brotli = checkCompression('br').ok;
	it.each([['gzip', zlib.gunzipSync], ['deflate', zlib.inflateSync], ['br', zlib.brotliDecompressSync]] as const)(
		'%s round-trips a buffer and a stream (brotli where the runtime has it)',
		async (encoding, decode) => {
			const data = Buffer.from('abc'.repeat(50_000));
			if (encoding === 'br' && !brotli) {
				const refused = checkCompression('br');
				expect(!refused.ok && refused.problem).toMatch(/Node\.js 20 has none/);
				return;
			}
			expect(decode(await compress(data, encoding)).equals(data)).toBe(true);
			const streamed = await compress(Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]), encoding);
			expect(decode(streamed).equals(data)).toBe(true);
		},
	);
	it('says which runtime lacks Brotli, and knows gzip and deflate everywhere', () => {
		expect(checkCompression('gzip')).toEqual({ ok: true, value: 'gzip' });
		expect(checkCompression('deflate')).toEqual({ ok: true, value: 'deflate' });
		expect(checkCompression('identity')).toEqual({ ok: true, value: 'identity' });
		expect(brotli).toBe(Number(process.versions.node.split('.')[0]) >= 22);
	});
});

describe('retry policy', () => {
	it('retries 429 and 5xx only', () => {
		expect([429, 500, 502, 503, 599].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 403, 404, 413, 415].some(isRetryableStatus)).toBe(false);
	});
	it('retries network failures', () => {
		expect(isRetryableNetworkError('ECONNRESET')).toBe(true);
		expect(isRetryableNetworkError(undefined, 'socket hang up')).toBe(true);
		expect(isRetryableNetworkError('ENOTFOUND', 'getaddrinfo ENOTFOUND')).toBe(false);
	});
	it('reads Retry-After as seconds or as a date', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});
	it('backs off exponentially with jitter, honours Retry-After and caps every wait', () => {
		const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
		expect(retryDelayMs(policy, 0, undefined, () => 0)).toBe(50);
		expect(retryDelayMs(policy, 0, undefined, () => 1)).toBe(100);
		expect(retryDelayMs(policy, 3, undefined, () => 1)).toBe(800);
		expect(retryDelayMs(policy, 10, undefined, () => 1)).toBe(1000);
		expect(retryDelayMs(policy, 0, 700, () => 0)).toBe(700);
		expect(retryDelayMs(policy, 0, 60_000, () => 0)).toBe(1000);
	});
});

describe('checkBaseUrl', () => {
	it.each([
		['https://api.apify.com', 'https://api.apify.com'],
		['https://api.apify.com/', 'https://api.apify.com'],
		['https://api.apify.com/v2/', 'https://api.apify.com'],
		['http://127.0.0.1:8789', 'http://127.0.0.1:8789'],
		['http://localhost:1/', 'http://localhost:1'],
		['http://[::1]:5', 'http://[::1]:5'],
		['', 'https://api.apify.com'],
	])('accepts %p as %p', (raw, expected) => expect(checkBaseUrl(raw)).toEqual({ ok: true, value: expected }));
	it.each([
		['http://api.apify.com', /does not use https/],
		['http://10.0.0.1:8000', /does not use https/],
		['http://127.0.0.1.evil.com', /does not use https/],
		['ftp://x', /does not use https/],
		['api.apify.com', /is not a URL/],
		['https://user:pw@api.apify.com', /must not carry/],
		['\u0001http://api.example.com', /does not use https/],
		['http:/\n/api.example.com', /does not use https/],
		['http:\\\\api.example.com', /does not use https/],
	])('refuses %p', (raw, message) => {
		const result = checkBaseUrl(raw);
		expect(!result.ok && result.problem).toMatch(message);
	});
	it('never echoes a Base URL that does not parse (a pasted token would show)', () => {
		const result = checkBaseUrl('apify_api_SECRETTOKEN1234');
		expect(!result.ok && result.problem).not.toContain('SECRETTOKEN');
	});
});

describe('API errors', () => {
	const failure = (status: number, type?: string, subject?: CallSubject) => ({ status, type, message: 'Apify says so', attempts: 3, baseUrl: 'https://x', credential: 'My Apify', subject });
	const store = { store: '~no-such-store' };
	const record = { store: '~s', key: 'k' };
	it.each([
		['a store that does not exist', failure(404, 'record-or-token-not-found', store), 'Store "~no-such-store" was not found'],
		['a record that does not exist', failure(404, 'record-not-found', record), 'Record "k" was not found in store "~s"'],
		['a record in a store that does not exist', failure(404, 'record-or-token-not-found', record), 'Store "~s" was not found'],
		['a run\'s store', failure(404, 'record-or-token-not-found', { store: 'ID', run: 'RUN' }), 'The store of run "RUN" was not found'],
		['a token that is refused', failure(401, 'user-or-token-not-found', record), 'The API token in the credential "My Apify" was not accepted'],
		['a token without permission', failure(403, 'insufficient-permissions', store), 'The API token has no permission for store "~no-such-store"'],
		['a record too large', failure(413, 'request-too-large', record), 'Record "k" in store "~s" is larger than Apify accepts'],
		['a compression refused', failure(415, 'unsupported-content-encoding', record), 'Apify did not accept the compression of record "k" in store "~s"'],
		['a key refused', failure(400, 'invalid-record-key', record), 'Record key "k" is not valid'],
		['a rate limit that lasted', failure(429, 'rate-limit-exceeded', store), 'Apify kept limiting the request rate for store "~no-such-store"'],
		['a server problem', failure(503, undefined, store), 'Apify had a server problem with store "~no-such-store"'],
		['another refusal', failure(400, 'invalid-input', store), 'Apify refused the request for store "~no-such-store": Apify says so'],
		['a 404 that is not Apify\'s', failure(404, undefined, store), 'The server at https://x did not answer like the Apify API'],
		['a call about no store', failure(400, 'invalid-input'), 'Apify API answered 400 (invalid-input: Apify says so)'],
	])('names what went wrong with the input in the title: %s', (_, given, title) => {
		expect(describeApiFailure(given).message).toBe(title);
	});
	it('keeps the status and Apify\'s error in the details, after the fix', () => {
		const { description, summary } = describeApiFailure(failure(404, 'record-or-token-not-found', store));
		expect(summary).toBe('Apify API answered 404 (record-or-token-not-found: Apify says so)');
		expect(description).toBe(`Check the store: its ID, "username~store-name" or "~store-name". Create it first with Store > Get or Create Store, or pick it from the list. ${summary}`);
	});
	it('sends the user to their own credential by its name, or to the type when it has none', () => {
		expect(describeApiFailure(failure(401, 'user-or-token-not-found', store)).description).toMatch(/^Copy the token again from Apify Console > Settings > API & Integrations and paste it in the credential "My Apify"\./);
		expect(describeApiFailure({ ...failure(401), credential: undefined }).description).toMatch(/paste it in the "Apify Key-Value Store API" credential\./);
	});
	it('redacts a secret wherever it appears', () => expect(redact('a SECRET b SECRET', 'SECRET')).toBe('a *** b ***'));
	it('calls an untrusted certificate a certificate problem, not a reason to retry', () => {
		const { message, description } = describeNetworkFailure('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', { attempts: 1, baseUrl: 'https://x', timeoutMs: 1000, credential: 'My Apify' });
		expect(message).toMatch(/certificate .* is not trusted/);
		expect(description).toMatch(/NODE_EXTRA_CA_CERTS/);
		expect(description).toMatch(/check the Base URL in the credential "My Apify"/);
		expect(description).not.toMatch(/Max Retries/);
	});
	it('sends a 404 without Apify\'s not-found type to the Base URL', () => {
		expect(describeApiFailure({ status: 404, attempts: 1, baseUrl: 'x' }).description).toMatch(/Base URL/);
		expect(describeApiFailure({ status: 404, type: 'page-not-found', attempts: 1, baseUrl: 'x' }).description).toMatch(/Base URL/);
	});
});

describe('paginate', () => {
	const fail = (problem: string) => new Error(problem);
	const pages = (next: Array<string | undefined>, size = 2) => async (cursor: string | undefined) => {
		const index = cursor === undefined ? 0 : Number(cursor.slice(1));
		return { items: Array.from({ length: size }, (_, i) => `${index}.${i}`), next: next[index] };
	};
	it('follows the cursor to the last page and stops at the limit', async () => {
		expect(await paginate(pages(['p1', 'p2', undefined]), { limit: Infinity, pageSize: 2, fail })).toHaveLength(6);
		expect(await paginate(pages(['p1', 'p2', undefined]), { limit: 3, pageSize: 2, fail })).toEqual(['0.0', '0.1', '1.0']);
	});
	it('stops on an empty page', async () => {
		expect(await paginate(async () => ({ items: [], next: 'again' }), { limit: Infinity, pageSize: 2, fail })).toEqual([]);
	});
	it('fails on a cycle and on a cursor that does not advance', async () => {
		await expect(paginate(pages(['p1', 'p2', 'p1']), { limit: Infinity, pageSize: 2, fail })).rejects.toThrow(/"p1" a second time after 3 pages/);
		await expect(paginate(pages(['p0']), { limit: Infinity, pageSize: 2, fail, start: 'p0' })).rejects.toThrow(/a second time after 1 pages/);
	});
	it('fails after the page cap', async () => {
		let n = 0;
		await expect(paginate(async () => ({ items: [n], next: `c${++n}` }), { limit: Infinity, pageSize: 1, maxPages: 50, fail })).rejects.toThrow(/stopped after 50 pages \(50 items\)/);
		expect(n).toBe(50);
	});
});

describe('run scopes', () => {
	const { checkRunId, checkActorReference, runScopeRequest, describeRunScope, storeTargetKey } = require('../../nodes/ApifyKeyValueStore/helpers/runScope') as typeof import('../../nodes/ApifyKeyValueStore/helpers/runScope');
	it('checks run IDs and Actor or task references, saying how to fix them', () => {
		expect(checkRunId(' HG7ML7M8z78YcAPEB ')).toEqual({ ok: true, value: 'HG7ML7M8z78YcAPEB' });
		expect(checkRunId('')).toEqual({ ok: false, problem: 'No Actor run is set. Give the run ID, or pick the run from the list.' });
		expect(checkActorReference('apify~web-scraper', 'actor')).toEqual({ ok: true, value: 'apify~web-scraper' });
		expect(checkActorReference('~web-scraper', 'task')).toEqual({ ok: false, problem: '"~web-scraper" is not a task ID or "username~name". Use the task\'s ID or "username~task-name", or pick it from the list.' });
	});
	it('asks for the run itself or the last run with its status, and names each for messages and groups', () => {
		expect(runScopeRequest({ kind: 'run', runId: 'R' })).toEqual({ path: '/v2/actor-runs/R', qs: {} });
		const last = { kind: 'lastRun', of: 'task', id: 'me~daily', status: 'SUCCEEDED' } as const;
		expect(runScopeRequest(last)).toEqual({ path: '/v2/actor-tasks/me~daily/runs/last', qs: { status: 'SUCCEEDED' } });
		expect(runScopeRequest({ ...last, status: '' }).qs).toEqual({});
		expect(describeRunScope(last)).toBe('the last succeeded run of task "me~daily"');
		expect(storeTargetKey({ kind: 'store', reference: '~s' })).toBe('~s');
		expect(storeTargetKey(last)).not.toBe(storeTargetKey({ ...last, status: '' }));
	});
});

describe('many items as one record', () => {
	const { batchPieces, csvColumns } = require('../../nodes/ApifyKeyValueStore/helpers/batchFormat') as typeof import('../../nodes/ApifyKeyValueStore/helpers/batchFormat');
	const text = (values: unknown[], format: 'jsonArray' | 'jsonLines' | 'csv') => [...batchPieces(values, format)].map((p) => ('text' in p ? p.text : `<${p.itemIndex}: ${p.problem}>`)).join('');
	it('writes a JSON array, JSON Lines and CSV', () => {
		expect(text([], 'jsonArray')).toBe('[]');
		expect(text([{ a: 1 }, { b: [2] }], 'jsonArray')).toBe('[{"a":1},{"b":[2]}]');
		expect(text([{ a: 1 }, { b: 2 }], 'jsonLines')).toBe('{"a":1}\n{"b":2}\n');
		expect(csvColumns([{ b: 1, a: 2 }, { c: 3, a: 4 }])).toEqual(['b', 'a', 'c']);
		expect(text([{ 'x,y': true, n: 0 }, { n: 'a\r\nb' }], 'csv')).toBe('"x,y",n\r\ntrue,0\r\n,"a\r\nb"\r\n');
	});
	it('names the first item that cannot be written and stops there', () => {
		const loop: Record<string, unknown> = {};
		loop.self = loop;
		expect(text([{ ok: 1 }, loop, { never: 1 }], 'jsonLines')).toBe('{"ok":1}\n<1: Item 1\'s JSON cannot be turned into JSON: $.self refers back to one of its parents (a circular reference). Remove or convert that value first (for example with a Set or Code node), or store a different value source.>');
	});
});

describe('answers for an AI agent', () => {
	const { firstChars, isToolNodeType } = require('../../nodes/ApifyKeyValueStore/helpers/toolAnswer') as typeof import('../../nodes/ApifyKeyValueStore/helpers/toolAnswer');
	it('cuts text without splitting a surrogate pair, and knows a tool by its type', () => {
		expect(firstChars('abc', 5)).toBe('abc');
		expect(firstChars('a😀b', 2)).toBe('a');
		expect(firstChars('a😀b', 3)).toBe('a😀');
		expect(isToolNodeType('n8n-nodes-apify-key-value-store.apifyKeyValueStoreTool')).toBe(true);
		expect(isToolNodeType('n8n-nodes-apify-key-value-store.apifyKeyValueStore')).toBe(false);
	});
});
