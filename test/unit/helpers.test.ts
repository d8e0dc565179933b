import zlib from 'zlib';
import { Readable } from 'stream';
import { recordKeyProblem } from '../../nodes/ApifyKeyValueStore/helpers/recordKey';
import { checkStoreReference, storePathSegment } from '../../nodes/ApifyKeyValueStore/helpers/storeReference';
import { contentTypeProblem, customJsonText, serializeJson } from '../../nodes/ApifyKeyValueStore/helpers/serialization';
import { chooseEncoding, compressBuffer, createCompressor, isCompressible } from '../../nodes/ApifyKeyValueStore/helpers/compression';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkError,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
} from '../../nodes/ApifyKeyValueStore/helpers/retryPolicy';
import { checkBaseUrl } from '../../nodes/ApifyKeyValueStore/helpers/baseUrl';
import { describeApiFailure, redact } from '../../nodes/ApifyKeyValueStore/helpers/apiErrors';

describe('recordKeyProblem', () => {
	it.each(['a', 'k'.repeat(256), "A-z_0.9!'()", '..'])('accepts %s', (key) => expect(recordKeyProblem(key)).toBeUndefined());
	it.each([
		['', /empty/],
		['k'.repeat(257), /257 characters long; Apify allows at most 256/],
		['a b', /" "/],
		['über', /"ü"/],
		['a/b?c#d', /"\/", "\?", "#"/],
		[42, /must be text, but it is number/],
		[null, /it is null/],
	])('refuses %p', (key, message) => expect(recordKeyProblem(key)).toMatch(message));
});

describe('checkStoreReference', () => {
	it.each(['WkzbQMuFYuamGv3YF', 'jane~my-store', '~my-store', 'jane.doe~s', ' ~padded '])('accepts %p', (ref) =>
		expect(checkStoreReference(ref)).toEqual({ ok: true, reference: ref.trim() }),
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
	it('keeps ~ literal in the path segment', () => expect(storePathSegment('~s')).toBe('~s'));
});

describe('serialization', () => {
	it('serialises JSON compactly', () => expect(serializeJson({ a: [1, 'x'] }, 'v')).toEqual({ ok: true, text: '{"a":[1,"x"]}' }));
	it('names a BigInt and a cycle by their path', () => {
		const cyclic: Record<string, unknown> = { list: [{}] };
		(cyclic.list as Array<Record<string, unknown>>)[0].back = cyclic;
		expect(serializeJson({ n: { 'odd key': BigInt(2) } }, 'v')).toMatchObject({ ok: false, problem: expect.stringMatching(/\$\.n\["odd key"\] is a BigInt/) });
		expect(serializeJson(cyclic, 'v')).toMatchObject({ ok: false, problem: expect.stringMatching(/\$\.list\[0\]\.back refers back/) });
	});
	it('refuses undefined', () => expect(serializeJson(undefined, 'The value').ok).toBe(false));
	it('keeps custom JSON text as written and refuses invalid JSON', () => {
		expect(customJsonText('{ "a" : 1 }')).toEqual({ ok: true, text: '{ "a" : 1 }' });
		expect(customJsonText({ a: 1 })).toEqual({ ok: true, text: '{"a":1}' });
		expect(customJsonText('{a:1}')).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid JSON/) });
	});
	it.each(['application/json', 'text/csv; charset=utf-8', 'image/svg+xml', 'application/vnd.api+json'])('accepts content type %s', (t) =>
		expect(contentTypeProblem(t)).toBeUndefined(),
	);
	it.each(['json', 'text/', 'a b/c', 'text/plain\r\nX-Evil: 1'])('refuses content type %p', (t) => expect(contentTypeProblem(t)).toMatch(/not a valid content type/));
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

	it.each([['gzip', zlib.gunzipSync], ['deflate', zlib.inflateSync], ['br', zlib.brotliDecompressSync]] as const)(
		'%s round-trips a buffer and a stream at any level',
		async (encoding, decode) => {
			const data = Buffer.from('abc'.repeat(5000));
			for (const level of [0, 1, 6, 11]) {
				expect(decode(await compressBuffer(data, encoding, level)).equals(data)).toBe(true);
			}
			const chunks: Buffer[] = [];
			for await (const chunk of Readable.from([data]).pipe(createCompressor(encoding, 6))) chunks.push(chunk as Buffer);
			expect(decode(Buffer.concat(chunks)).equals(data)).toBe(true);
		},
	);
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
	])('accepts %p as %p', (raw, expected) => expect(checkBaseUrl(raw)).toEqual({ ok: true, baseUrl: expected }));
	it.each([
		['http://api.apify.com', /does not use https/],
		['http://10.0.0.1:8000', /does not use https/],
		['http://127.0.0.1.evil.com', /does not use https/],
		['ftp://x', /does not use https/],
		['api.apify.com', /is not a URL/],
		['https://user:pw@api.apify.com', /must not carry/],
	])('refuses %p', (raw, message) => {
		const result = checkBaseUrl(raw);
		expect(!result.ok && result.problem).toMatch(message);
	});
});

describe('API errors', () => {
	it('states the status, the Apify type and message, and the fix', () => {
		const { message, description } = describeApiFailure({ status: 404, type: 'record-or-token-not-found', message: 'Key-value store was not found', attempts: 1, baseUrl: 'x' });
		expect(message).toBe('Apify API answered 404 (record-or-token-not-found: Key-value store was not found)');
		expect(description).toMatch(/Get or Create/);
	});
	it('redacts a secret wherever it appears', () => expect(redact('a SECRET b SECRET', 'SECRET')).toBe('a *** b ***'));
});
