import type http from 'http';
import path from 'path';
import zlib from 'zlib';
import type { INodeParameters } from 'n8n-workflow';
import { runNode, storeRecordParameters, type RunResult } from '../harness/engine';
import { docRows, scriptedServers } from '../support/hostile';
import { expectGeneratedSection } from '../support/generated-doc';

// What reaches an output is true and free of secrets: a Content-Type is kept only as a media type
// and charset; a store's URL signing key, once the run holds it, is kept out of every output and
// error like the token; a record that was stored is output even when its link cannot be signed;
// an archive that is not a ZIP, a body still encoded and a key no URL can address are said so.

const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const TOKEN = 'apify_api_OutputsTestToken0123456789abcdef';
const SIGNING_KEY = 'SigningKeyOfTheStore0123456789';
const STORE_ID = 'OutputsTestStore1';
const byId = { __rl: true, mode: 'id', value: STORE_ID };
const key = (value: string) => ({ __rl: true, mode: 'key', value });

const doc = docRows();
const { note } = doc;
const scripted = scriptedServers();

const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
	res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

/** The store as a server that may read its signing key answers it, and somewhere else too. */
const storeWithKeyElsewhere = { data: { id: STORE_ID, name: 'outputs', urlSigningSecretKey: SIGNING_KEY, description: `signed with ${SIGNING_KEY}`, nested: { copy: SIGNING_KEY } } };

async function run(parameters: INodeParameters, baseUrl: string, items = [{ json: {} }]): Promise<RunResult> {
	const result = await runNode({ parameters, items, credentials: { apiToken: TOKEN, baseUrl }, onError: 'continueErrorOutput' });
	// The harness checks the token; the signing key is checked here, everywhere the token is.
	expect(JSON.stringify([result.outputs, result.run.data, result.error ?? null])).not.toContain(SIGNING_KEY);
	return result;
}

const errorOf = (result: RunResult) => String(result.outputs[1]?.[0]?.json.error);

describe("Get Record's contentType", () => {
	it.each([
		['the token as the charset', `text/plain; charset=${TOKEN}`, 'text/plain'],
		['the token in another parameter', `text/csv; x-echo=${TOKEN}`, 'text/csv'],
		['a header that is not a media type', `<script>${TOKEN}</script>`, 'application/octet-stream'],
		['a media type with a charset and more', 'text/csv; charset="UTF-8"; header=present', 'text/csv; charset=utf-8'],
	])('keeps only a valid media type and charset: %s', async (what, header, expected) => {
		const srv = await scripted((_req, res) => res.writeHead(200, { 'content-type': header }).end('a,b\n'));
		const { outputs } = await run({ resource: 'record', operation: 'get', storeId: byId, recordKey: key('k'), options: { maxRetries: 0 } }, srv.url);
		expect(outputs[0][0].json.contentType).toBe(expected);
		note('Output', `Get Record answered Content-Type with ${what}`, `contentType "${expected}"`);
	});
});

describe("a store's URL signing key is a secret like the token", () => {
	it('is kept out of Store > Get wherever the server put it in the store', async () => {
		const srv = await scripted((_req, res) => json(res, 200, storeWithKeyElsewhere));
		const { outputs } = await run({ resource: 'store', operation: 'get', storeId: byId, options: { maxRetries: 0 } }, srv.url);
		expect(outputs[0][0].json).toMatchObject({ id: STORE_ID, description: 'signed with ***', nested: { copy: '***' } });
		expect(outputs[0][0].json).not.toHaveProperty('urlSigningSecretKey');
		note('Secret', 'Store > Get answered the signing key under its own name and in two other fields', 'every copy shows as ***; urlSigningSecretKey is left out');
	});

	it('is kept out of Store > Get Many, store by store', async () => {
		const other = 'AnotherStoresSigningKey98765';
		const srv = await scripted((_req, res) =>
			json(res, 200, { data: { total: 2, items: [storeWithKeyElsewhere.data, { id: 'OutputsTestStore2', urlSigningSecretKey: other, title: `key ${other}` }] } }),
		);
		const { outputs } = await run({ resource: 'store', operation: 'getAll', options: { maxRetries: 0 } }, srv.url);
		expect(outputs[0]).toHaveLength(2);
		expect(JSON.stringify(outputs[0])).not.toContain(other);
		expect(outputs[0][1].json.title).toBe('key ***');
	});

	it('is redacted from a later error that quotes it', async () => {
		const srv = await scripted((req, res) => {
			if (req.url?.startsWith(`/v2/key-value-stores/${STORE_ID}/records/bad`)) return void json(res, 400, { error: { type: 'invalid-value', message: `do not sign with ${SIGNING_KEY}` } });
			if (req.url?.includes('/records/')) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
			return json(res, 200, storeWithKeyElsewhere);
		});
		const params = { resource: 'record', operation: 'get', storeId: byId, recordKey: key('={{ $json.key }}'), options: { maxRetries: 0, publicUrl: true, concurrency: 1 } };
		const result = await run(params, srv.url, [{ json: { key: 'good' } }, { json: { key: 'bad' } }]);
		expect(result.outputs[0]).toHaveLength(1);
		expect(String(result.outputs[1][0].json.error)).toBe(`Apify refused the request for record "bad" in store "${STORE_ID}": do not sign with ***`);
		expect(String(result.outputs[1][0].json.message)).toMatch(/Apify API answered 400 \(invalid-value: do not sign with \*\*\*\)$/);
		note('Secret', 'An error body quoting the signing key the run read for a link', String(result.outputs[1][0].json.error));
	});
});

describe('a record that was stored is output, whatever its link', () => {
	it.each([403, 503])('Store Record with Add Public URL: the Get Store for the link answers %i', async (status) => {
		let puts = 0;
		const srv = await scripted((req, res) => {
			req.resume();
			if (req.method === 'PUT') {
				puts++;
				return void req.on('end', () => res.writeHead(201, { location: `http://${req.headers.host}/v2/key-value-stores/${STORE_ID}/records/k` }).end());
			}
			json(res, status, { error: { type: status === 403 ? 'insufficient-permissions' : 'server-error', message: 'no' } });
		});
		const result = await run(storeRecordParameters(STORE_ID, { recordKey: 'k', options: { publicUrl: true, maxRetries: 1, retryDelay: 10 } }), srv.url, [{ json: { a: 1 } }]);
		expect(puts).toBe(1);
		expect(result.outputs[1] ?? []).toEqual([]);
		const item = result.outputs[0][0].json;
		expect(item).toMatchObject({ key: 'k', storeId: STORE_ID, publicUrl: `${srv.url}/v2/key-value-stores/${STORE_ID}/records/k`, publicUrlSigned: false });
		const why = status === 403 ? `The API token has no permission for store "${STORE_ID}"` : `Apify had a server problem with store "${STORE_ID}"`;
		expect(String(item.publicUrlNote)).toContain(`could not be read to sign the URL (${why})`);
		note('Output', `Store Record with Add Public URL; the Get Store for the link answered ${status}`, `the stored record is output with its unsigned URL: ${String(item.publicUrlNote)}`);
	});
});

describe('answers that are not what they claim', () => {
	it('Download Records answered with an HTML page is not saved as the ZIP', async () => {
		const srv = await scripted((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Please log in to the Wi-Fi</body></html>'));
		const result = await run({ resource: 'store', operation: 'downloadRecords', storeId: byId, options: { maxRetries: 0 } }, srv.url);
		expect(errorOf(result)).toMatch(/with "text\/html", not a ZIP archive \(it starts "<html><body>Please log in/);
		note('Answer', 'Download Records answered 200 text/html (a captive portal)', errorOf(result));
	});

	it('Download Records answered with application/zip that is no ZIP is refused too', async () => {
		const srv = await scripted((_req, res) => res.writeHead(200, { 'content-type': 'application/zip' }).end('not a zip'));
		const result = await run({ resource: 'store', operation: 'downloadRecords', storeId: byId, options: { maxRetries: 0 } }, srv.url);
		expect(errorOf(result)).toMatch(/not a ZIP archive/);
	});

	it.each([
		['gzip, gzip', zlib.gzipSync(zlib.gzipSync(Buffer.from('hello')))],
		['x-unknown', Buffer.from('opaque')],
	])('Get Record whose body is still encoded (%s) fails clearly', async (encoding, body) => {
		const srv = await scripted((_req, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': encoding }).end(body));
		const result = await run({ resource: 'record', operation: 'get', storeId: byId, recordKey: key('k'), options: { maxRetries: 0 } }, srv.url);
		expect(errorOf(result)).toBe(`The record "k" came with Content-Encoding "${encoding}", which this n8n could not decode, so its bytes are not the record's value`);
		note('Answer', `Get Record answered Content-Encoding: ${encoding}`, errorOf(result));
	});
});

describe('keys no URL can address', () => {
	it('get no link, with a note, and the other keys keep theirs', async () => {
		const keys = ['a', '.', '..', 'b\ud800'];
		const srv = await scripted((req, res) => {
			if (req.url?.includes('/keys')) return void json(res, 200, { data: { items: keys.map((k) => ({ key: k, size: 1 })), isTruncated: false } });
			json(res, 200, storeWithKeyElsewhere);
		});
		const { outputs } = await run({ resource: 'record', operation: 'listKeys', storeId: byId, returnAll: true, options: { publicUrl: true, maxRetries: 0 } }, srv.url);
		expect(outputs[0].map((item) => item.json.key)).toEqual(keys);
		expect(String(outputs[0][0].json.publicUrl)).toMatch(/\/records\/a\?signature=/);
		for (const item of outputs[0].slice(1)) {
			expect(item.json.publicUrl).toBeUndefined();
			expect(String(item.json.publicUrlNote)).toMatch(/^No URL can address the key/);
		}
		note('Output', 'List Keys (Add Public URL) answered the keys ".", ".." and one with a lone surrogate', `those three get no link and ${String(outputs[0][1].json.publicUrlNote)}; the others are linked`);
	});
});

describe('docs', () => {
	it('docs/bad-inputs.md has the outputs this run saw', () => {
		const table = doc.table(
			'### Outputs',
			"Generated from `test/node/outputs.test.ts`. Every run also checks that neither the token nor the store's signing key appears in an output, run data or error.",
		);
		expectGeneratedSection(DOC, 'hostile answers: outputs', table);
	});
});
