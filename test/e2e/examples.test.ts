import fs from 'fs';
import path from 'path';
import type { IDataObject } from 'n8n-workflow';
import { startServer, type LocalServer } from '../support/local-server';

// The example workflows, unmodified, run by a real n8n on each line users run (2.x on Node 24, the
// last 1.x and the oldest supported 1.85 on Node 22, all provisioned by the project) with this package packed and installed
// into the user folder's nodes directory as users install it, against the local Apify-compatible server.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { freePort } = require('../../scripts/system/ports') as { freePort: () => Promise<number> };
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { createInstance } = require('../../scripts/n8n/instance') as {
	createInstance: (options: { line: string }) => Promise<N8nInstance>;
};

interface N8nInstance {
	userFolder: string;
	packageDir: string;
	version: string;
	nodeMajor: number;
	env: NodeJS.ProcessEnv;
	nodeBin: string;
	n8nBin: string;
	importCredential(credential: IDataObject): Promise<void>;
	importWorkflow(workflow: IDataObject): Promise<void>;
	execute(id: string): Promise<any>;
	start(options: { port: number; brokerPort: number }): Promise<{ url: string; setupOwner(owner: IDataObject): Promise<string>; stop(): Promise<void> }>;
	cleanup(): void;
}

const EXAMPLES = path.resolve(__dirname, '../../examples');
const TOKEN = 'e2e-local-token';
const STORE = 'n8n-kvs-demo';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { TESTED_LINES } = require('../../scripts/n8n/provision') as { TESTED_LINES: string[] };
const LINES = process.env.E2E_N8N_LINES ? process.env.E2E_N8N_LINES.split(',').map((l) => l.trim()) : TESTED_LINES;

const example = (file: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));

describe.each(LINES)('n8n line %s.x', (line) => {
	let server: LocalServer;
	let n8n: N8nInstance;
	let started = 0;

	beforeAll(async () => {
		started = Date.now();
		server = await startServer({ tokens: [{ token: TOKEN, username: 'e2e' }] });
		n8n = await createInstance({ line });
		await n8n.importCredential({ id: 'apifyLocalCred01', name: 'Apify API', type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: server.url } });
	}, 30 * 60_000);
	afterAll(async () => {
		await server?.close();
		n8n?.cleanup();
		if (n8n) process.stderr.write(`[e2e] n8n ${n8n.version} on Node ${n8n.nodeMajor}: ${Math.round((Date.now() - started) / 1000)} s\n`);
	});

	it('installs the packed package the way users install it', () => {
		const installed = JSON.parse(fs.readFileSync(path.join(n8n.packageDir, 'package.json'), 'utf8'));
		expect(installed.name).toBe('n8n-nodes-apify-key-value-store');
		// No peer or dev dependencies came along: n8n supplies n8n-workflow itself.
		expect(fs.existsSync(path.join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-workflow'))).toBe(false);
	});

	async function runExample(file: string) {
		const workflow = example(file);
		await n8n.importWorkflow(workflow);
		const run = await n8n.execute(workflow.id);
		// n8n 1.85's CLI hands the run back before it marks its status; finished without an error is success on every line.
		expect(run.finished).toBe(true);
		expect(run.data.resultData.error).toBeUndefined();
		if (run.status !== 'running') expect(run.status).toBe('success');
		const runData = run.data.resultData.runData as Record<string, Array<{ data?: { main: Array<Array<{ json: IDataObject; binary?: IDataObject }> | null> } }>>;
		const output = (node: string, index = 0) => runData[node]?.[0]?.data?.main[index] ?? [];
		return { run, output };
	}

	describe('example workflows in a real n8n', () => {
		it('1: stores one gzip record per item, with the exact bytes of each item', async () => {
			const { output } = await runExample('01-code-items-gzip.json');
			const orders = output('Make Orders');
			expect(orders).toHaveLength(300);
			const stored = output('Store Order');
			expect(stored).toHaveLength(300);
			for (const [i, order] of orders.entries()) {
				const key = `order-${order.json.id}`;
				const record = server.getRecord(`~${STORE}`, key)!;
				expect(record.contentEncoding).toBe('gzip');
				expect(record.contentType).toBe('application/json; charset=utf-8');
				expect(record.decoded.toString('utf8')).toBe(JSON.stringify(order.json));
				expect(stored[i].json).toMatchObject({ key, contentEncoding: 'gzip', bytes: record.decoded.length, uploadedBytes: record.body.length });
				expect(stored[i].json.location).toBe(`${server.url}/v2/key-value-stores/${stored[i].json.storeId}/records/${key}`);
			}
		});

		it('2: stores the CSV file made in the workflow with Brotli, its MIME type kept', async () => {
			const { output } = await runExample('02-binary-file-brotli.json');
			const rows = output('Make Rows');
			const record = server.getRecord(`~${STORE}`, 'sales.csv')!;
			expect(record.contentEncoding).toBe('br');
			expect(record.contentType).toMatch(/^text\/csv/);
			const lines = record.decoded.toString('utf8').trim().split('\n');
			expect(lines[0]).toBe('day,store,units,revenue');
			expect(lines).toHaveLength(rows.length + 1);
			expect(lines.slice(1)).toEqual(rows.map((r) => [r.json.day, r.json.store, r.json.units, r.json.revenue].join(',')));
			expect(output('Store File')[0].json).toMatchObject({ key: 'sales.csv', contentEncoding: 'br', bytes: record.decoded.length });
		});

		it('3: sends exactly the bad items to the error output and stores the good ones', async () => {
			const { output } = await runExample('03-error-output.json');
			expect(output('Stored').map((i) => i.json.key)).toEqual(['good-a', 'good-b', 'good-d']);
			const failed = output('Failed');
			expect(failed.map((i) => i.json.key)).toEqual(['bad key with spaces', 'good-c']);
			expect(failed[0].json).toMatchObject({ value: 2 });
			expect(String(failed[0].json.error)).toMatch(/does not allow/);
			expect(String(failed[1].json.error)).toBe('Store "~no-such-store-n8n-kvs" was not found');
			expect(String(failed[1].json.message)).toMatch(/Get or Create Store.* Apify API answered 404 \(record-or-token-not-found/);
			for (const key of ['good-a', 'good-b', 'good-d']) expect(server.getRecord(`~${STORE}`, key)).toBeDefined();
			expect(server.getRecord(`~${STORE}`, 'good-c')).toBeUndefined();
		});

		it('5: stores a file and composes a message with its signed link, which opens without a token', async () => {
			const { output } = await runExample('05-share-signed-link.json');
			const record = server.getRecord(`~${STORE}`, 'weekly-report.csv')!;
			const message = output('Compose Message')[0].json;
			expect(message.text).toBe(`Your weekly report is ready: ${message.link}`);
			expect(String(message.link)).toMatch(new RegExp(`^${server.url}/v2/key-value-stores/[a-zA-Z0-9]{17}/records/weekly-report\\.csv\\?signature=[0-9a-zA-Z]+$`));
			const res = await fetch(String(message.link));
			expect(res.status).toBe(200);
			expect(Buffer.from(await res.arrayBuffer()).equals(record.decoded)).toBe(true);
		});

		it("7: reads OUTPUT of an Actor's last successful run (not a later failed one) and keeps it in the demo store", async () => {
			const actor = server.createActor('website-content-crawler', 'Website Content Crawler', 'apify');
			const ok = server.createRun({ actorId: actor.id });
			server.putRecord(ok.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('{"pagesCrawled":42}'), 'application/json; charset=utf-8');
			const failed = server.createRun({ actorId: actor.id, status: 'FAILED' });
			server.putRecord(failed.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('{"error":"failed"}'), 'application/json');
			const { output } = await runExample('07-last-run-output.json');
			expect(output('Read Run Output').map((i) => i.json)).toEqual([{ pagesCrawled: 42 }]);
			expect(output('Keep Latest Output')[0].json).toMatchObject({ key: 'latest-crawl-output' });
			expect(server.getRecord(`~${STORE}`, 'latest-crawl-output')!.decoded.toString()).toBe('{"pagesCrawled":42}');
			// The run was found by the Actor's last-run path, the record read by the run's own path.
			expect(server.stats.byRoute['GET run store']).toBeGreaterThanOrEqual(2);
		});

		it('4: reads the stored record back through its Location with the HTTP Request node', async () => {
			const { output } = await runExample('04-store-then-read.json');
			const record = server.getRecord(`~${STORE}`, 'greeting')!;
			expect(record.contentEncoding).toBe('br');
			const readBack = output('Read Back')[0].json;
			expect(readBack).toEqual(JSON.parse(record.decoded.toString('utf8')));
			expect(readBack.message).toBe('Hello from n8n');
		});
	});

	describe('n8n registers the package', () => {
		let editor: { url: string; setupOwner(owner: IDataObject): Promise<string>; stop(): Promise<void> } | undefined;
		afterAll(async () => editor?.stop());

		it('lists the node type, its AI-tool variant and the credential type in the running editor', async () => {
			editor = await n8n.start({ port: await freePort(), brokerPort: await freePort() });
			const cookie = await editor.setupOwner({ email: 'e2e@example.com', firstName: 'E2E', lastName: 'Test', password: 'E2e-test-pass-1' });
			const get = async (p: string) => (await (await fetch(`${editor!.url}${p}`, { headers: { cookie } })).json()) as Array<{ name: string }>;
			const nodes = (await get('/types/nodes.json')).map((n) => n.name);
			expect(nodes).toContain('n8n-nodes-apify-key-value-store.apifyKeyValueStore');
			expect(nodes).toContain('n8n-nodes-apify-key-value-store.apifyKeyValueStoreTool');
			expect((await get('/types/credentials.json')).map((c) => c.name)).toContain('apifyKeyValueStoreApi');
			// The credential's test as the editor's "Test" button runs it: on a saved credential
			// (1.x tests only saved ones), with the data in the form.
			const rest = async (method: string, p: string, body: IDataObject) => {
				const res = await fetch(`${editor!.url}/rest${p}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
				return ((await res.json()) as { data: IDataObject }).data;
			};
			const data = { apiToken: TOKEN, baseUrl: server.url };
			const saved = await rest('POST', '/credentials', { name: 'Apify (test button)', type: 'apifyKeyValueStoreApi', data });
			const testWith = async (d: IDataObject) => await rest('POST', '/credentials/test', { credentials: { id: saved.id, name: 'Apify (test button)', type: 'apifyKeyValueStoreApi', data: d } });
			expect(await testWith(data)).toMatchObject({ status: 'OK' });
			// Each failure says what to fix: the token, the Base URL, or (no answer) the address itself.
			const wrongToken = await testWith({ ...data, apiToken: 'not-the-token' });
			// n8n 1.123 answers a 401, a 404 and a refused connection in its own words (2.x and 1.85 read a credential's rules).
			const own = n8n.version.startsWith('1.123.');
			const tokenWords = own ? /^Authorization failed - please check your credentials$/ : /^Apify did not accept the API token\. Copy it again from Apify Console/;
			expect(wrongToken).toMatchObject({ status: 'Error', message: expect.stringMatching(tokenWords) });
			const wrongPath = await testWith({ ...data, baseUrl: `${server.url}/not-the-api` });
			const pathWords = own ? /^The resource you are requesting could not be found$/ : /^The Base URL does not answer like the Apify API/;
			expect(wrongPath).toMatchObject({ status: 'Error', message: expect.stringMatching(pathWords) });
			const unreachable = await testWith({ ...data, baseUrl: 'http://127.0.0.1:9' });
			expect(unreachable).toMatchObject({ status: 'Error', message: expect.stringMatching(own ? /refused the connection/ : /ECONNREFUSED/) });
			process.stderr.write(`[e2e] n8n ${n8n.version}: the credential test says: ${JSON.stringify([wrongToken.message, wrongPath.message, unreachable.message])}\n`);
		}, 240_000);
	});
});
