import fs from 'fs';
import os from 'os';
import path from 'path';
import type { IDataObject } from 'n8n-workflow';
import { chromium, selectors, type Browser, type Page } from 'playwright-core';
import { startServer, type LocalServer } from '../support/local-server';

// The node in n8n's editor, in headless Chromium (Debian's, driven by playwright-core): the package
// installed as users install it into n8n 2.x, the local Apify-compatible server behind it. The states
// a user sees are photographed (npm run screenshots writes them to .github/media/screenshots/ for the README).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { freePort } = require('../../scripts/system/ports') as { freePort: () => Promise<number> };
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { createInstance } = require('../../scripts/n8n/instance') as {
	createInstance: (options: { line: string }) => Promise<{
		importCredential(credential: IDataObject): Promise<void>;
		importWorkflow(workflow: IDataObject): Promise<void>;
		start(options: { port: number; brokerPort: number }): Promise<{ url: string; setupOwner(owner: IDataObject): Promise<string>; stop(): Promise<void> }>;
		cleanup(): void;
	}>;
};
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ensureChromium } = require('../../scripts/browser/chromium') as { ensureChromium: () => string };

const ROOT = path.resolve(__dirname, '../..');
// `npm run screenshots` writes them where the README shows them; any other run keeps them aside.
const SHOTS = process.env.SCREENSHOTS ? path.join(ROOT, '.github', 'media', 'screenshots') : path.join(os.tmpdir(), 'kvs-editor-screenshots');
const TOKEN = 'editor-token-0123456789';
const STORE = 'n8n-kvs-demo';

// n8n's editor marks its elements with data-test-id.
selectors.setTestIdAttribute('data-test-id');

let server: LocalServer;
let n8n: Awaited<ReturnType<typeof createInstance>>;
let editor: Awaited<ReturnType<Awaited<ReturnType<typeof createInstance>>['start']>>;
let browser: Browser;
let page: Page;
let started = 0;

/** A Store Record node with every request option set, as a user who opened them all sees them. */
const OPTIONS_WORKFLOW = {
	id: 'editorOptions0001',
	name: 'Store Record with its options',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'opts',
			name: 'Store With Options',
			type: 'n8n-nodes-apify-key-value-store.apifyKeyValueStore',
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				resource: 'record',
				operation: 'store',
				storeId: { __rl: true, mode: 'name', value: '~n8n-kvs-demo' },
				recordKey: 'k',
				options: { concurrency: 0, requestsPerSecond: 180, timeout: 60000, maxRetries: 4, retryDelay: 500 },
			},
		},
	],
	connections: {},
};

/** Get Record of three records of different kinds, by a version-2 node and a version-1 node. */
const getNode = (id: string, name: string, typeVersion: number, y: number) => ({
	id,
	name,
	type: 'n8n-nodes-apify-key-value-store.apifyKeyValueStore',
	typeVersion,
	position: [440, y],
	credentials: { apifyKeyValueStoreApi: { id: 'apifyLocalCred01', name: 'Apify API' } },
	parameters: {
		resource: 'record',
		operation: 'get',
		storeId: { __rl: true, mode: 'name', value: '~n8n-kvs-demo' },
		recordKey: { __rl: true, mode: 'key', value: '={{ $json.key }}' },
		options: {},
	},
});
const MIXED_READ_WORKFLOW = {
	id: 'editorMixedRead01',
	name: 'Get Record of mixed records',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'keys', name: 'Keys', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: "return ['summary', 'note.txt', 'logo.png'].map((key) => ({ json: { key } }));" } },
		getNode('v2', 'Read Version 2', 2, -100),
		getNode('v1', 'Read Version 1', 1, 100),
	],
	connections: {
		Start: { main: [[{ node: 'Keys', type: 'main', index: 0 }]] },
		Keys: { main: [[{ node: 'Read Version 2', type: 'main', index: 0 }, { node: 'Read Version 1', type: 'main', index: 0 }]] },
	},
};

/** Store Record on a store that does not exist, stopping on the error as a new node does. */
const MISSING_STORE_WORKFLOW = {
	id: 'editorMissingSto1',
	name: 'Store Record on a missing store',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'missing',
			name: 'Store In Missing Store',
			type: 'n8n-nodes-apify-key-value-store.apifyKeyValueStore',
			typeVersion: 2,
			position: [220, 0],
			credentials: { apifyKeyValueStoreApi: { id: 'apifyLocalCred01', name: 'Apify API' } },
			parameters: {
				resource: 'record',
				operation: 'store',
				storeId: { __rl: true, mode: 'name', value: '~no-such-store' },
				recordKey: 'greeting',
				options: { maxRetries: 0 },
			},
		},
	],
	connections: { Start: { main: [[{ node: 'Store In Missing Store', type: 'main', index: 0 }]] } },
};

/** Reads until `ok` says yes or the time is up, and returns the last reading for the assertion. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!ok(value) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 250));
		value = await read();
	}
	return value;
}

/** Asserts that some text on the page comes to match, waiting for it as the editor catches up. */
async function expectText(read: () => Promise<string>, pattern: RegExp, timeoutMs?: number) {
	expect(await eventually(read, (v) => pattern.test(v), timeoutMs)).toMatch(pattern);
}

const shot = async (name: string) => await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

beforeAll(async () => {
	started = Date.now();
	const executablePath = ensureChromium();
	server = await startServer({ tokens: [{ token: TOKEN, username: 'editor' }] });
	const { id } = server.ensureStore(STORE);
	server.ensureStore('reports-2026');
	server.ensureStore('scratch-pad');
	for (const key of ['invoice-001', 'invoice-002', 'summary']) server.putRecord(id, key, Buffer.from(`{"key":"${key}"}`), 'application/json');
	server.putRecord(id, 'note.txt', Buffer.from('a note'), 'text/plain');
	server.putRecord(id, 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
	n8n = await createInstance({ line: '2' });
	await n8n.importCredential({ id: 'apifyLocalCred01', name: 'Apify API', type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: server.url } });
	for (const file of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
		await n8n.importWorkflow(JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')));
	}
	await n8n.importWorkflow(OPTIONS_WORKFLOW);
	await n8n.importWorkflow(MIXED_READ_WORKFLOW);
	await n8n.importWorkflow(MISSING_STORE_WORKFLOW);
	editor = await n8n.start({ port: await freePort(), brokerPort: await freePort() });
	const cookie = await editor.setupOwner({ email: 'editor@example.com', firstName: 'Eda', lastName: 'Tor', password: 'Editor-test-pass-1' });
	browser = await chromium.launch({
		executablePath,
		// As root (CI) Chromium needs --no-sandbox; the rest keeps it off the network it may not reach.
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const [name, value] = cookie.split('=');
	await context.addCookies([{ name, value, url: editor.url }]);
	page = await context.newPage();
	page.setDefaultTimeout(20_000);
	// Leaving a changed workflow asks "leave the page?": yes, the examples are not to be saved.
	page.on('dialog', (dialog) => void dialog.accept());
	fs.mkdirSync(SHOTS, { recursive: true });
}, 30 * 60_000);

afterAll(async () => {
	await browser?.close();
	await editor?.stop();
	n8n?.cleanup();
	await server?.close();
	if (started) process.stderr.write(`[editor] browser test: ${Math.round((Date.now() - started) / 1000)} s\n`);
});

async function openWorkflow(id: string) {
	await page.goto(`${editor.url}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().waitFor();
}

async function openNode(name: string) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await page.getByTestId('ndv').waitFor();
}

async function closeNode() {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

describe("the node in n8n's editor (headless Chromium)", () => {
	it('shows the Store Record parameters', async () => {
		await openWorkflow('kvsExample000001');
		// The canvas names each node's operation in words under its name.
		const canvas = await page.getByTestId('canvas-node').allInnerTexts();
		expect(canvas).toContain('Store Order\nStore Record');
		expect(canvas).toContain('Get or Create Store\nGet or Create Store');
		await shot('canvas');
		await openNode('Store Order');
		for (const parameter of ['storeId', 'recordKey', 'valueSource', 'contentType', 'compression']) {
			await page.getByTestId(`parameter-input-${parameter}`).waitFor();
		}
		const labels = await page.getByTestId('node-parameters').innerText();
		for (const label of ['Store', 'Record Key', 'Value Source', 'Content Type', 'Compression', 'Options']) expect(labels).toContain(label);
	});

	it("shows the Store field's mode whole, then lists the server's stores with the chosen one first, and filters them", async () => {
		const store = page.getByTestId('resource-locator-storeId');
		const mode = store.getByTestId('rlc-mode-selector').locator('input');
		// The workflow names its store "~n8n-kvs-demo": the mode's label fits n8n's 92 px selector.
		expect(await mode.inputValue()).toBe('Name');
		const fit = await mode.evaluate((input) => ({ content: input.scrollWidth, box: input.clientWidth }));
		expect(fit.content).toBeLessThanOrEqual(fit.box);
		await store.getByTestId('rlc-mode-selector').click();
		await page.getByRole('option', { name: 'From List' }).click();
		await store.getByTestId('rlc-input').click();
		const items = page.getByTestId('rlc-item');
		// The store the field named comes first, by its name, ahead of the newer ones.
		await expectText(async () => (await items.allInnerTexts()).join('|'), /^n8n-kvs-demo \([a-zA-Z0-9]{17}\)\|scratch-pad.*\|reports-2026/);
		await shot('store-picker');
		await page.locator('input[data-test-id="rlc-search"], [data-test-id="rlc-search"] input').first().fill('report');
		const filtered = await eventually(async () => await items.allInnerTexts(), (v) => v.length === 1);
		expect(filtered).toEqual([expect.stringMatching(/^reports-2026 \([a-zA-Z0-9]{17}\)$/)]);
		await page.keyboard.press('Escape');
		await closeNode();
	});

	it('shows Auto under Concurrency, the options named in words that fit, and the record key rule in words', async () => {
		await openWorkflow(OPTIONS_WORKFLOW.id);
		await openNode('Store With Options');
		const panel = page.getByTestId('node-parameters');
		await expectText(async () => await panel.innerText(), /0 is Auto \(recommended\)/);
		const text = await panel.innerText();
		expect(text).toContain("Up to 256 characters: letters, digits and ! - _ . ' ( ) only");
		for (const label of ['Concurrency', 'Rate Limit per Store', 'Timeout', 'Max Retries', 'Retry Delay']) {
			const shown = panel.getByText(label, { exact: true }).first();
			const fit = await shown.evaluate((el) => ({ content: el.scrollWidth, box: el.clientWidth }));
			expect([label, fit.content <= fit.box]).toEqual([label, true]);
		}
		expect(text).not.toMatch(/\((Ms|Bytes)\)/);
		await panel.getByText('Retry Delay', { exact: true }).first().scrollIntoViewIfNeeded();
		await shot('options');
		await closeNode();
	});

	it('Get Record version 2 shows records of three kinds in one shape; version 1 as before', async () => {
		await openWorkflow(MIXED_READ_WORKFLOW.id);
		await page.getByTestId('execute-workflow-button').click();
		const labels = page.getByTestId('edge-label');
		await expectText(async () => (await labels.allInnerTexts()).join('|'), /3 items/, 60_000);
		const table = async (node: string) => {
			await openNode(node);
			const output = page.getByTestId('output-panel');
			await expectText(async () => await output.innerText(), /3 items/, 30_000);
			await output.getByTestId('radio-button-table').click();
			await expectText(async () => await output.innerText(), /a note/);
			const text = await output.innerText();
			await shot(node === 'Read Version 2' ? 'get-record-v2' : 'get-record-v1');
			await closeNode();
			return text;
		};
		const v2 = await table('Read Version 2');
		for (const column of ['key', 'found', 'contentType', 'bytes', 'value']) expect(v2).toContain(column);
		expect(v2).not.toContain('undefined');
		expect(v2).toContain('a note');
		const v1 = await table('Read Version 1');
		// Version 1: the JSON record is its own fields, so its row lacks contentType and bytes.
		expect(v1).not.toContain('found');
		expect(v1).toContain('a note');
	});

	it('shows the trigger with its store, events and options', async () => {
		await openWorkflow('kvsExample000006');
		const canvas = await page.getByTestId('canvas-node').allInnerTexts();
		expect(canvas.some((text) => text.startsWith('New Record'))).toBe(true);
		await openNode('New Record');
		const labels = await page.getByTestId('node-parameters').innerText();
		for (const label of ['Store', 'Events', 'Options']) expect(labels).toContain(label);
		await shot('trigger');
		await closeNode();
	});

	it('finds both nodes in the nodes panel by the words people type', async () => {
		const names = page.getByTestId('node-creator-item-name');
		const search = async (words: string) => {
			await page.getByTestId('node-creator-search-bar').fill(words);
			return await eventually(async () => await names.allInnerTexts(), (found) => found.includes('Apify Key-Value Store'));
		};
		// A new workflow's panel offers triggers: the trigger is found.
		await page.goto(`${editor.url}/workflow/new`);
		await page.getByTestId('node-creator-plus-button').click();
		for (const words of ['key value', 'store record', 'kv']) expect(await search(words)).toContain('Apify Key-Value Store');
		expect(await page.getByTestId('node-creator').innerText()).toContain('Starts the workflow when records appear');
		await page.keyboard.press('Escape');
		// After a node, the panel offers actions: the node is found, with its operations.
		await openWorkflow('kvsExample000001');
		await page.getByTestId('node-creator-plus-button').click();
		for (const words of ['key value', 'store record', 'key value store']) expect(await search(words)).toContain('Apify Key-Value Store');
		await names.filter({ hasText: 'Apify Key-Value Store' }).first().click();
		await expectText(async () => await page.getByTestId('node-creator').innerText(), /Store a record/);
		await page.keyboard.press('Escape');
	});

	it('lists record keys in the Record Key picker of Get Record', async () => {
		await openWorkflow('kvsExample000004');
		await openNode('Store Greeting');
		await page.getByTestId('parameter-input-operation').click();
		await page.getByRole('option', { name: 'Get Record' }).click();
		const key = page.getByTestId('resource-locator-recordKey');
		await key.getByTestId('rlc-mode-selector').click();
		await page.getByRole('option', { name: 'From List' }).click();
		await key.getByTestId('rlc-input').click();
		await expectText(async () => (await page.getByTestId('rlc-item').allInnerTexts()).join('|'), /invoice-001 \(\d+ B\)\|invoice-002 \(\d+ B\)\|logo\.png \(4 B\)\|note\.txt \(6 B\)\|summary/);
		await shot('record-key-picker');
		await page.keyboard.press('Escape');
		await closeNode();
	});

	it('executes the workflow from the editor and shows the stored records in the output panel', async () => {
		await openWorkflow('kvsExample000001');
		await page.getByTestId('execute-workflow-button').click();
		expect(await eventually(async () => server.getRecord(`~${STORE}`, 'order-1299') !== undefined, (v) => v, 60_000)).toBe(true);
		await openNode('Store Order');
		const output = page.getByTestId('output-panel');
		await expectText(async () => await output.innerText(), /300 items/, 30_000);
		await output.getByTestId('radio-button-json').click();
		// The JSON view draws spaces as "·" and wraps lines: compare without either.
		const compact = async () => (await output.innerText()).replace(/[\s·]+/g, '');
		await expectText(compact, new RegExp(`"location":"${server.url}/v2/key-value-stores/[a-zA-Z0-9]{17}/records/order-1000"`));
		await shot('output-panel');
		await closeNode();
	});

	it('shows bad items on the error output branch in the canvas', async () => {
		await openWorkflow('kvsExample000003');
		await page.getByTestId('execute-workflow-button').click();
		const labels = page.getByTestId('edge-label');
		await expectText(async () => (await labels.allInnerTexts()).join('|'), /2 items/, 60_000);
		await expectText(async () => (await labels.allInnerTexts()).join('|'), /3 items/);
		await shot('error-branch');
	});

	it('names the missing store in the error title, the fix under it and the status in the details', async () => {
		await openWorkflow(MISSING_STORE_WORKFLOW.id);
		await page.getByTestId('execute-workflow-button').click();
		await openNode('Store In Missing Store');
		const output = page.getByTestId('output-panel');
		await expectText(async () => await output.innerText(), /Store "~no-such-store" was not found/, 60_000);
		expect(await output.getByTestId('node-error-message').innerText()).toBe('Store "~no-such-store" was not found');
		expect(await output.getByTestId('node-error-description').innerText()).toMatch(
			/^Check the store: its ID, "username~store-name" or "~store-name"\. .* Apify API answered 404 \(record-or-token-not-found: /,
		);
		// The status and the answer as Apify gave it are in n8n's error details.
		await output.getByText('From Apify Key-Value Store').click();
		await expectText(async () => await output.innerText(), /Error code\s+404/);
		await expectText(async () => await output.innerText(), /Full message/);
		await shot('error-title');
		await closeNode();
	});

	it('creates the credential in its modal: a wrong token fails the test, the right one passes', async () => {
		await openWorkflow('kvsExample000001');
		await openNode('Store Order');
		await page.getByTestId('node-credentials-select').click();
		await page.getByText('Create new credential').click();
		const modal = page.getByTestId('editCredential-modal');
		await modal.getByTestId('parameter-input-apiToken').locator('input').fill('not-the-token');
		await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(server.url);
		await modal.getByTestId('credential-save-button').click();
		await expectText(async () => await modal.innerText(), /Couldn.t connect with these settings/, 30_000);
		// The failure says what to do (under "More details"), and where the token comes from shows under its field.
		await modal.getByText('More details').click();
		await expectText(async () => await modal.innerText(), /Apify did not accept the API token\. Copy it again from Apify Console/);
		expect(await modal.innerText()).toContain('Settings > API & Integrations > Personal API tokens');
		await shot('credential-failed');
		await modal.getByTestId('parameter-input-apiToken').locator('input').fill(TOKEN);
		await modal.getByRole('button', { name: 'Retry' }).click();
		await expectText(async () => await modal.innerText(), /Connection tested successfully/, 30_000);
		await shot('credential-tested');
	});
});
