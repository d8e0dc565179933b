import https from 'https';
import type http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import crypto from 'crypto';
import type { INodeParameters } from 'n8n-workflow';
import { makeBinary, resolveCredentialTest, runNode, storeRecordParameters, type RunResult } from '../harness/engine';
import { docRows, scriptedServers } from '../support/hostile';
import { expectGeneratedSection } from '../support/generated-doc';
import { useLocalServer } from '../support/fixture';
import { rawRequest } from '../support/local-server';
import { trustedCertificates } from '../support/tls';

// Where the real Apify API differs from a plain stand-in: Get Record (and Download Records) may
// answer 302 to a pre-signed object-storage URL, which must get no token; the API may modify HTML
// records read without attachment=true; and every request says it comes from n8n.

const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const TOKEN = 'apify_api_RealApiTestToken0123456789abcdef';
const tls = trustedCertificates();

const doc = docRows();
const { note } = doc;

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async (s) => await s.close()));
});
const scripted = scriptedServers();
/** An https server on 127.0.0.1 with a certificate of the CA this run trusts. */
async function scriptedHttps(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
	const seen: http.IncomingHttpHeaders[] = [];
	const srv = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
		seen.push(req.headers);
		handle(req, res);
	});
	await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
	const close = async () => {
		srv.closeAllConnections();
		await new Promise((r) => srv.close(r));
	};
	servers.push({ close });
	return { url: `https://127.0.0.1:${(srv.address() as AddressInfo).port}`, seen };
}

const keyParam = (value: string) => ({ __rl: true, mode: 'key', value });
const errorOf = (result: RunResult) => String(result.outputs[1]?.[0]?.json.error);

describe('Get Record and Download Records follow a redirect to object storage, without the token', () => {
	const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'real' }], store: 'redirects', objectStorage: { tls: { key: tls.key, cert: tls.cert } } });
	const run = async (parameters: INodeParameters, items = [{ json: {} }]) =>
		await runNode({ parameters, items, credentials: local.credentials(), onError: 'continueErrorOutput' });

	it('reads JSON, text, a binary file and a gzip record through the object storage, which refuses any Authorization', async () => {
		const { server, storeId } = local;
		const png = crypto.randomBytes(3000);
		const items = [
			{ json: { key: 'json', source: 'itemJson', compression: 'none', value: { a: [1, 2] } } },
			{ json: { key: 'text', source: 'text', compression: 'gzip' } },
			{ json: { key: 'file', source: 'binary', compression: 'none' }, binary: { data: await makeBinary(png, 'image/png', 'x.png') } },
		];
		const stored = await run(
			storeRecordParameters(storeId, { valueSource: '={{ $json.source }}', textValue: '={{ "line\\n".repeat(500) }}', compression: '={{ $json.compression }}', binaryPropertyName: 'data' }),
			items,
		);
		expect(stored.outputs[0]).toHaveLength(3);
		const read = await run({ resource: 'record', operation: 'get', storeId: { __rl: true, mode: 'id', value: storeId }, recordKey: keyParam('={{ $json.key }}') }, items);
		expect(read.outputs[1] ?? []).toEqual([]);
		expect(read.outputs[0][0].json).toMatchObject({ key: 'json', source: 'itemJson' });
		expect(read.outputs[0][1].json.value).toBe('line\n'.repeat(500));
		expect(read.outputs[0][2].binary?.data.mimeType).toBe('image/png');
		const storage = server.objectStorage!.stats;
		expect(storage).toMatchObject({ served: 3, refusedAuthorization: 0, refusedSignature: 0 });
		note('Redirect', 'Get Record answered 302 to a pre-signed https object-storage URL that refuses any request with an Authorization header (three records: JSON, gzip text, PNG)', `all three read, ${storage.served} served by the object storage, ${storage.refusedAuthorization} refused for carrying the token`);
	});

	it('downloads the archive through the object storage', async () => {
		const { server, storeId } = local;
		server.putRecord(storeId, 'a.txt', Buffer.from('alpha'), 'text/plain');
		const result = await run({ resource: 'store', operation: 'downloadRecords', storeId: { __rl: true, mode: 'id', value: storeId } });
		expect(result.outputs[0][0].json.bytes).toBeGreaterThan(20);
		expect(result.outputs[0][0].binary?.data.mimeType).toBe('application/zip');
		expect(server.objectStorage!.stats.refusedAuthorization).toBe(0);
	});
});

describe('redirects it does not follow', () => {
	const getRecord = { resource: 'record', operation: 'get', storeId: { __rl: true, mode: 'id', value: 'RealApiTestStore1' }, recordKey: keyParam('k'), options: { maxRetries: 0 } };

	it('a redirect to plain http', async () => {
		const target = await scripted((_req, res) => res.end('never read'));
		const api = await scripted((_req, res) => res.writeHead(302, { location: `${target.url}/objects/x` }).end());
		const result = await runNode({ parameters: getRecord, items: [{ json: {} }], credentials: { apiToken: TOKEN, baseUrl: api.url }, onError: 'continueErrorOutput' });
		expect(errorOf(result)).toMatch(/^The API redirected GET \/v2\/key-value-stores\/RealApiTestStore1\/records\/k \(302\), but the redirect led to "http:\/\/127\.0\.0\.1:\d+", which is not https, so it was not followed$/);
		expect(target.requests()).toBe(0);
		// The fix says what Get Record's redirects are, not that the API never redirects.
		expect(String(result.outputs[1][0].json.message)).toMatch(/^Apify sends record reads and archives on to object storage by https links; this redirect was refused/);
		note('Redirect', 'Get Record answered 302 to a plain-http address', errorOf(result));
	});

	it.each(['file:///etc/passwd', 'data:text/plain,hi', 'javascript:alert(1)'])('a redirect to %s names its scheme', async (location) => {
		const api = await scripted((_req, res) => res.writeHead(301, { location }).end());
		const result = await runNode({ parameters: getRecord, items: [{ json: {} }], credentials: { apiToken: TOKEN, baseUrl: api.url }, onError: 'continueErrorOutput' });
		const scheme = location.split(':')[0];
		expect(errorOf(result)).toMatch(new RegExp(`\\(301\\), but the redirect led to a ${scheme}: address, which is not https, so it was not followed$`));
		note('Redirect', `Get Record answered 301 to a ${scheme}: address`, errorOf(result));
	});

	it('a chain longer than three hops, each hop without the token', async () => {
		const storage = await scriptedHttps((_req, res) => res.writeHead(302, { location: '/again' }).end());
		const api = await scripted((_req, res) => res.writeHead(302, { location: `${storage.url}/first` }).end());
		const result = await runNode({ parameters: getRecord, items: [{ json: {} }], credentials: { apiToken: TOKEN, baseUrl: api.url }, onError: 'continueErrorOutput' });
		expect(errorOf(result)).toMatch(/but it redirected more than 3 times$/);
		expect(storage.seen).toHaveLength(3);
		for (const headers of storage.seen) expect(headers.authorization).toBeUndefined();
		note('Redirect', 'Get Record redirected again and again', errorOf(result));
	});

	it('object storage that refuses the pre-signed URL: the message says where', async () => {
		const storage = await scriptedHttps((_req, res) => res.writeHead(403, { 'content-type': 'application/xml' }).end('<Error><Code>AccessDenied</Code></Error>'));
		const api = await scripted((_req, res) => res.writeHead(302, { location: `${storage.url}/objects/x?X-Amz-Signature=old` }).end());
		const result = await runNode({ parameters: getRecord, items: [{ json: {} }], credentials: { apiToken: TOKEN, baseUrl: api.url }, onError: 'continueErrorOutput' });
		expect(errorOf(result)).toMatch(/^The object storage at https:\/\/127\.0\.0\.1:\d+, where the API sent the read, answered 403$/);
		note('Redirect', 'The object storage answered 403 to the pre-signed URL', `${errorOf(result)}; ${String(result.outputs[1][0].json.message)}`);
	});
});

describe('HTML records come back as written', () => {
	const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'real' }], store: 'html' });

	it('Get Record asks with attachment=true, so the API leaves HTML as it was stored', async () => {
		const { server, storeId } = local;
		const html = '<!doctype html><html><body><h1>Report</h1></body></html>';
		server.putRecord(storeId, 'page', Buffer.from(html), 'text/html; charset=utf-8');
		// Without attachment=true this server, like the Apify API, changes the page.
		const plain = await rawRequest(`${server.url}/v2/key-value-stores/${storeId}/records/page`, 'GET', { authorization: `Bearer ${TOKEN}` });
		expect(plain.buffer.toString()).not.toBe(html);
		const { outputs } = await runNode({
			parameters: { resource: 'record', operation: 'get', storeId: { __rl: true, mode: 'id', value: storeId }, recordKey: keyParam('page') },
			items: [{ json: {} }],
			credentials: local.credentials(),
		});
		expect(outputs[0][0].json.value).toBe(html);
		note('Real API', 'An HTML record (the API modifies HTML read without attachment=true)', 'Get Record sends attachment=true and outputs the page byte for byte');
	});
});

describe('every request says it comes from n8n', () => {
	it('x-apify-integration-platform: n8n on every call of a run, and on the credential test', async () => {
		const headers: http.IncomingHttpHeaders[] = [];
		const srv = await scripted((req, res) => {
			headers.push(req.headers);
			req.resume();
			req.on('end', () => {
				if (req.url?.includes('/keys')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"items":[{"key":"k","size":1}]}}');
				if (req.method === 'PUT') return void res.writeHead(201).end();
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"id":"RealApiTestStore1","urlSigningSecretKey":"abcdefghijklmnop"}}');
			});
		});
		const credentials = { apiToken: TOKEN, baseUrl: srv.url };
		await runNode({ parameters: storeRecordParameters('RealApiTestStore1', { recordKey: 'k', options: { publicUrl: true } }), items: [{ json: {} }], credentials });
		await runNode({ parameters: { resource: 'record', operation: 'listKeys', storeId: { __rl: true, mode: 'id', value: 'RealApiTestStore1' } }, items: [{ json: {} }], credentials });
		expect(headers.length).toBeGreaterThanOrEqual(3);
		for (const h of headers) {
			expect(h['x-apify-integration-platform']).toBe('n8n');
			// Not run as an AI agent's tool here.
			expect(h['x-apify-integration-ai-tool']).toBeUndefined();
		}
		const test = await resolveCredentialTest(credentials);
		expect(test.headers).toMatchObject({ 'x-apify-integration-platform': 'n8n' });
	});
});

describe('docs', () => {
	it('docs/bad-inputs.md has the real-API differences this run saw', () => {
		const table = doc.table(
			'### The real API',
			'Generated from `test/node/real-api.test.ts`: the local server in its object-storage mode (record reads answered 302 to a second, https server with a certificate of a throwaway CA this test run trusts, which refuses any request carrying `Authorization`), and scripted servers.',
		);
		expectGeneratedSection(DOC, 'hostile answers: real API', table);
	});
});
