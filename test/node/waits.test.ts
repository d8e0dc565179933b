import type http from 'http';
import path from 'path';
import zlib from 'zlib';
import crypto from 'crypto';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode, storeRecordParameters, type RunResult } from '../harness/engine';
import { docRows, scriptedServers } from '../support/hostile';
import { expectGeneratedSection } from '../support/generated-doc';
import { useLocalServer } from '../support/fixture';

// Every wait ends: a body that stalls mid-stream is ended by Timeout and its connection closed; a
// cancelled execution ends every kind of wait at once; a pace below one request a second still
// sends. Servers on 127.0.0.1, the node in n8n's real engine. Rows go to docs/bad-inputs.md.

const DOC = path.resolve(__dirname, '../../docs/bad-inputs.md');
const TOKEN = 'apify_api_WaitsTestToken0123456789abcdefg';
const STORE_ID = 'WaitsTestStore001';
const byId = { __rl: true, mode: 'id', value: STORE_ID };

const doc = docRows();
const { note } = doc;
const scripted = scriptedServers();

const credentials = (baseUrl: string) => ({ apiToken: TOKEN, baseUrl });

async function runOne(parameters: INodeParameters, baseUrl: string, extra: { items?: INodeExecutionData[]; cancelWhen?: Promise<unknown> } = {}) {
	return await runNode({ parameters, items: extra.items ?? [{ json: {} }], credentials: credentials(baseUrl), onError: 'continueErrorOutput', cancelWhen: extra.cancelWhen });
}

function failure(result: RunResult): string {
	expect(result.error).toBeUndefined();
	expect(result.outputs[0]).toEqual([]);
	expect(result.outputs[1]).toHaveLength(1);
	return String(result.outputs[1][0].json.error);
}

/** A promise and its resolver. */
function signal<T = void>() {
	let resolve: (value: T) => void = () => {};
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a body that stalls mid-stream ends at Timeout, and its connection is closed', () => {
	const gzipStart = zlib.gzipSync(crypto.randomBytes(256 * 1024)).subarray(0, 2000);
	const cases: Array<[string, INodeParameters, number, Record<string, string>, Buffer | string]> = [
		['Store > Get', { resource: 'store', operation: 'get', storeId: byId }, 200, { 'content-type': 'application/json' }, '{"data":{"id":"WaitsTestStore001","name":"'],
		['an error body (500)', { resource: 'record', operation: 'get', storeId: byId, recordKey: { __rl: true, mode: 'key', value: 'k' } }, 500, { 'content-type': 'application/json' }, '{"error":{"type":"internal'],
		['Get Record, a gzip record', { resource: 'record', operation: 'get', storeId: byId, recordKey: { __rl: true, mode: 'key', value: 'k' } }, 200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, gzipStart],
		['Download Records', { resource: 'store', operation: 'downloadRecords', storeId: byId }, 200, { 'content-type': 'application/zip' }, Buffer.from('504b030414000000', 'hex')],
		['List Keys', { resource: 'record', operation: 'listKeys', storeId: byId }, 200, { 'content-type': 'application/json' }, '{"data":{"items":[{"key":"a","size":1},'],
		['Store > Get Many', { resource: 'store', operation: 'getAll' }, 200, { 'content-type': 'application/json' }, '{"data":{"items":['],
		['Store Record (the 201 answer)', storeRecordParameters(STORE_ID, { recordKey: 'k' }), 201, { 'content-type': 'application/json' }, '{"data":'],
	];

	it.each(cases)('%s', async (what, params, status, headers, start) => {
		let stalledAt = 0;
		let closedAt = 0;
		const srv = await scripted((req, res) => {
			req.resume();
			res.writeHead(status, headers);
			res.write(start);
			stalledAt = Date.now();
			// Silence, with the connection open, until the client gives up (or 20 s, so it ends).
			const giveUp = setTimeout(() => res.end(), 20_000);
			res.on('close', () => {
				clearTimeout(giveUp);
				closedAt ||= Date.now();
			});
		});
		const result = await runOne({ ...params, options: { maxRetries: 0, timeout: 1500 } } as INodeParameters, srv.url, { items: [{ json: { key: 'k' } }] });
		const endedAt = Date.now();
		const message = failure(result);
		expect(message).toMatch(/timed out after 1500 ms/);
		const seconds = (endedAt - stalledAt) / 1000;
		// The deadline counts from the start of the attempt; the stall began at once.
		expect(seconds).toBeLessThan(3);
		await wait(300);
		expect(closedAt).toBeGreaterThan(0);
		expect((closedAt - stalledAt) / 1000).toBeLessThan(3);
		process.stderr.write(`[waits] stall in ${what}: error ${seconds.toFixed(2)} s after the stall, connection closed after ${((closedAt - stalledAt) / 1000).toFixed(2)} s\n`);
		note('Stall', `${what}: headers and the first bytes, then silence with the connection open; Timeout 1,500 ms (error N s after the stall)`, message);
	});
});

describe('a cancelled execution ends every wait at once', () => {
	/** A server that counts requests and tells the test when the first one came. */
	async function firstRequest(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
		const first = signal();
		const srv = await scripted((req, res) => {
			first.resolve();
			answer(req, res);
		});
		return { srv, first: first.promise };
	}

	const expectQuickEnd = (result: RunResult, what: string) => {
		expect(result.cancelled).toBeDefined();
		const ms = result.cancelled!.nodeSettledMs;
		expect(ms).toBeLessThan(1000);
		process.stderr.write(`[waits] cancel during ${what}: the node ended ${ms} ms after the cancel\n`);
		note('Cancel', `Cancelled during ${what}`, `the node's run ended within N ms of the cancel`);
		return ms;
	};

	it('the rate gate (Rate Limit per Store 0.5)', async () => {
		const { srv, first } = await firstRequest((req, res) => {
			req.resume();
			req.on('end', () => res.writeHead(201).end());
		});
		const result = await runOne(storeRecordParameters(STORE_ID, { options: { requestsPerSecond: 0.5 } }), srv.url, {
			items: [{ json: { key: 'a' } }, { json: { key: 'b' } }, { json: { key: 'c' } }],
			cancelWhen: first.then(async () => await wait(100)),
		});
		expectQuickEnd(result, 'a turn at the rate gate (one request every 2 s)');
		expect(srv.requests()).toBe(1);
	});

	it('the backoff before a retry', async () => {
		const { srv, first } = await firstRequest((_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"type":"x","message":"busy"}}'));
		const result = await runOne({ resource: 'store', operation: 'get', storeId: byId, options: { maxRetries: 3, retryDelay: 8000 } }, srv.url, {
			cancelWhen: first.then(async () => await wait(100)),
		});
		expectQuickEnd(result, 'the backoff before a retry (Retry Delay 8 s)');
		expect(srv.requests()).toBe(1);
	});

	it("a 429's Retry-After", async () => {
		const { srv, first } = await firstRequest((_req, res) => res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '8' }).end('{"error":{"type":"rate-limit-exceeded","message":"slow"}}'));
		const result = await runOne({ resource: 'store', operation: 'get', storeId: byId }, srv.url, { cancelWhen: first.then(async () => await wait(100)) });
		expectQuickEnd(result, "a 429's Retry-After of 8 s");
	});

	it('a body in flight that stalls', async () => {
		let closed = false;
		const { srv, first } = await firstRequest((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"data":');
			const giveUp = setTimeout(() => res.end(), 20_000);
			res.on('close', () => {
				clearTimeout(giveUp);
				closed = true;
			});
		});
		const result = await runOne({ resource: 'store', operation: 'get', storeId: byId }, srv.url, { cancelWhen: first.then(async () => await wait(200)) });
		expectQuickEnd(result, 'a body that stalled mid-stream (Timeout 60 s)');
		await wait(200);
		expect(closed).toBe(true);
	});

	it('a download waiting for the run\'s memory budget', async () => {
		const { srv, first } = await firstRequest((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/zip' });
			res.write(Buffer.from('504b0304', 'hex'));
			const giveUp = setTimeout(() => res.end(), 20_000);
			res.on('close', () => clearTimeout(giveUp));
		});
		const result = await runOne({ resource: 'store', operation: 'downloadRecords', storeId: byId, options: { concurrency: 2 } }, srv.url, {
			items: [{ json: {} }, { json: {} }],
			cancelWhen: first.then(async () => await wait(200)),
		});
		// The second archive waits for the first: at the default Max Archive Size they go one at a time.
		expect(srv.requests()).toBe(1);
		expectQuickEnd(result, "a download's turn at the run's memory budget (archives one at a time)");
	});

	it("a full in-flight window (Concurrency Auto)", async () => {
		const { srv, first } = await firstRequest((req, res) => {
			req.resume();
			const giveUp = setTimeout(() => res.writeHead(201).end(), 20_000);
			res.on('close', () => clearTimeout(giveUp));
		});
		const items = Array.from({ length: 12 }, (_, i) => ({ json: { key: `k${i}` } }));
		const result = await runOne(storeRecordParameters(STORE_ID), srv.url, { items, cancelWhen: first.then(async () => await wait(300)) });
		// Auto starts with 4 in flight; the rest wait for a place in the window.
		expect(srv.requests()).toBe(4);
		expectQuickEnd(result, "a place in the store's in-flight window (Concurrency Auto, 4 in flight)");
	});
});

describe('a pace below one request a second', () => {
	const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'waits' }], store: 'slow-pace' });

	it('still sends: 0.5 a second stores three records about 2 s apart', async () => {
		const started = Date.now();
		const { outputs } = await runNode({
			parameters: storeRecordParameters(local.storeId, { options: { requestsPerSecond: 0.5 } }),
			items: [{ json: { key: 'a' } }, { json: { key: 'b' } }, { json: { key: 'c' } }],
			credentials: local.credentials(),
		});
		const seconds = (Date.now() - started) / 1000;
		expect(outputs[0]).toHaveLength(3);
		for (const key of ['a', 'b', 'c']) expect(local.server.getRecord(local.storeId, key)).toBeDefined();
		// The first goes at once, the next two after 2 s each.
		expect(seconds).toBeGreaterThan(3.5);
		note('Pace', 'Rate Limit per Store 0.5 (one every 2 s), three records', `all three stored, in ${seconds.toFixed(1)} s`.replace(/\d+\.\d s/, 'N s'));
	});
});

describe('docs', () => {
	it('docs/bad-inputs.md has the waits this run saw', () => {
		const table = doc.table(
			'### Waits',
			'Generated from `test/node/waits.test.ts`: bodies that stall, cancelled executions and slow paces. Measured seconds and milliseconds are in the test log (`[waits]`).',
			['Class', 'Situation', 'What the node does'],
		);
		expectGeneratedSection(DOC, 'hostile answers: waits', table);
	});
});
