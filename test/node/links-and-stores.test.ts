import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ApifyClient } from 'apify-client';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { recordSignature, storeContentSignature } from '../../nodes/ApifyKeyValueStore/helpers/signing';
import { binaryBytes, runNode, storeRecordParameters } from '../harness/engine';
import { useLocalServer } from '../support/fixture';

// Signed public URLs (checked byte for byte against apify-client), Store > Update, Delete and
// Download Records, through n8n's engine against the local server.

const TOKEN = 'links-token-0123456789';
const READ_ONLY = `ro-${TOKEN}`;
const local = useLocalServer({
	tokens: [
		{ token: TOKEN, username: 'lena' },
		{ token: READ_ONLY, username: 'lena', userId: 'LocalUser00000000', readOnly: true },
	],
	store: 'links',
});

const run = (parameters: INodeParameters, items: INodeExecutionData[] = [{ json: {} }], token = TOKEN) =>
	runNode({ parameters: { options: { retryDelay: 10 }, ...parameters }, items, credentials: local.credentials({ apiToken: token }), onError: 'continueErrorOutput' });
const byId = (id = local.storeId) => ({ __rl: true, mode: 'id', value: id });
const client = () => new ApifyClient({ baseUrl: local.server.url, publicBaseUrl: local.server.url, token: TOKEN, maxRetries: 0 });
const KEYS = ['report.pdf', "it's-(fine)!", 'a.b_c-d'];

describe('signed public URLs', () => {
	it('Get Record adds the URL apify-client makes, and it opens without a token', async () => {
		for (const key of KEYS) local.server.putRecord(local.storeId, key, Buffer.from(`content of ${key}`), 'text/plain');
		const items = KEYS.map((key) => ({ json: { key } }));
		const { outputs } = await run(
			{ resource: 'record', operation: 'get', storeId: byId(), recordKey: { __rl: true, mode: 'key', value: '={{ $json.key }}' }, options: { publicUrl: true } },
			items,
		);
		// The signing key is read once per store and run, not per item.
		expect(local.server.stats.byRoute['GET store']).toBe(1);
		for (const [i, key] of KEYS.entries()) {
			const expected = await client().keyValueStore(local.storeId).getRecordPublicUrl(key);
			expect(outputs[0][i].json.publicUrl).toBe(expected);
			const res = await fetch(String(outputs[0][i].json.publicUrl));
			expect(res.status).toBe(200);
			expect(await res.text()).toBe(`content of ${key}`);
		}
	});

	it('Store Record and List Keys add the same URLs; a store named by ~name is signed by its ID', async () => {
		const stored = await run(
			storeRecordParameters('~links', { storeId: { __rl: true, mode: 'name', value: '~links' }, options: { publicUrl: true } }),
			KEYS.map((key) => ({ json: { key } })),
		);
		const listed = await run({ resource: 'record', operation: 'listKeys', storeId: byId(), returnAll: true, options: { publicUrl: true } });
		for (const [i, key] of KEYS.entries()) {
			const expected = await client().keyValueStore(local.storeId).getRecordPublicUrl(key);
			expect(stored.outputs[0][i].json.publicUrl).toBe(expected);
			expect(listed.outputs[0].find((o) => o.json.key === key)!.json.publicUrl).toBe(expected);
		}
	});

	it('matches apify-client\'s content signature for the keys list', async () => {
		const secret = (await client().keyValueStore(local.storeId).get())!.urlSigningSecretKey as string;
		const url = new URL(await client().keyValueStore(local.storeId).createKeysPublicUrl());
		expect(url.searchParams.get('signature')).toBe(storeContentSignature(secret, local.storeId));
		expect(recordSignature(secret, 'x')).toMatch(/^[0-9a-zA-Z]+$/);
	});

	it('gives the unsigned URL, and says why, when the token cannot read the signing key', async () => {
		local.server.putRecord(local.storeId, 'k', Buffer.from('v'), 'text/plain');
		const { outputs } = await run(
			{ resource: 'record', operation: 'get', storeId: byId(), recordKey: { __rl: true, mode: 'key', value: 'k' }, options: { publicUrl: true } },
			[{ json: {} }],
			READ_ONLY,
		);
		expect(outputs[0][0].json).toMatchObject({
			publicUrl: `${local.server.url}/v2/key-value-stores/${local.storeId}/records/k`,
			publicUrlSigned: false,
			publicUrlNote: expect.stringMatching(/cannot read this store's URL signing key/),
		});
	});

	it('never outputs the signing secret with a store', async () => {
		const got = await run({ resource: 'store', operation: 'get', storeId: byId() });
		const many = await run({ resource: 'store', operation: 'getAll', returnAll: true });
		const made = await run({ resource: 'store', operation: 'getOrCreate', storeName: 'links' });
		for (const item of [got.outputs[0][0], ...many.outputs[0], made.outputs[0][0]]) {
			expect(item.json.id).toBeDefined();
			expect(item.json).not.toHaveProperty('urlSigningSecretKey');
		}
	});
});

describe('Store > Update and Delete', () => {
	it('renames a store and changes its general access', async () => {
		const { outputs } = await run({ resource: 'store', operation: 'update', storeId: byId(), updateFields: { name: 'renamed', generalAccess: 'ANYONE_WITH_ID_CAN_READ' } });
		expect(outputs[0][0].json).toMatchObject({ id: local.storeId, name: 'renamed', generalAccess: 'ANYONE_WITH_ID_CAN_READ' });
		expect(outputs[0][0].json).not.toHaveProperty('urlSigningSecretKey');
	});

	it.each([
		[{}, /Nothing to update/],
		[{ name: 'bad_name' }, /not a valid store name/],
	])('refuses %p before any request', async (updateFields, message) => {
		const before = local.server.stats.requests;
		const { outputs } = await run({ resource: 'store', operation: 'update', storeId: byId(), updateFields });
		expect(String(outputs[1][0].json.error)).toMatch(message);
		expect(local.server.stats.requests).toBe(before);
	});

	it('deletes a store, and refuses a bad reference before any request', async () => {
		const doomed = local.server.ensureStore('doomed').id;
		const { outputs } = await run({ resource: 'store', operation: 'delete', storeId: byId(doomed) });
		expect(outputs[0][0].json).toEqual({ store: doomed, deleted: true });
		expect((await run({ resource: 'store', operation: 'get', storeId: byId(doomed) })).outputs[1][0].json.error).toBe(`Store "${doomed}" was not found`);
		const before = local.server.stats.requests;
		const bad = await run({ resource: 'store', operation: 'delete', storeId: { __rl: true, mode: 'id', value: '={{ "../x" }}' } });
		expect(String(bad.outputs[1][0].json.error)).toMatch(/not a key-value store ID/);
		expect(local.server.stats.requests).toBe(before);
	});
});

describe('Store > Download Records', () => {
	it('outputs the store as one ZIP file that standard tools open, one file per key', async () => {
		local.server.putRecord(local.storeId, 'a.json', Buffer.from('{"a":1}'), 'application/json');
		local.server.putRecord(local.storeId, 'b.txt', Buffer.from('bee'), 'text/plain');
		const { outputs } = await run({ resource: 'store', operation: 'downloadRecords', storeId: { __rl: true, mode: 'name', value: '~links' } });
		const item = outputs[0][0];
		expect(item.json).toMatchObject({ store: '~links', fileName: 'links.zip' });
		expect(item.binary!.data).toMatchObject({ mimeType: 'application/zip', fileName: 'links.zip' });
		const zip = await binaryBytes(item.binary!.data);
		expect(item.json.bytes).toBe(zip.length);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-dl-')), 'links.zip');
		fs.writeFileSync(file, zip);
		const names = execFileSync('python3', ['-c', 'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;print(",".join(z.namelist()))', file], { encoding: 'utf8' });
		expect(names.trim()).toBe('a.json,b.txt');
	});

	it('stops at Max Archive Size', async () => {
		local.server.putRecord(local.storeId, 'big', Buffer.alloc(5000, 'x'));
		const { outputs } = await run({ resource: 'store', operation: 'downloadRecords', storeId: byId(), options: { maxArchiveBytes: 100 } });
		expect(String(outputs[1][0].json.error)).toMatch(/larger than 100 bytes, so the download was stopped/);
	});

	it('refuses a Max Archive Size or Max Record Size below 1 before any request, naming the option', async () => {
		const archive = await run({ resource: 'store', operation: 'downloadRecords', storeId: byId(), options: { maxArchiveBytes: 0 } });
		expect(archive.outputs[1][0].json.error).toBe('"Max Archive Size" is 0, but it must be a whole number from 1 to 9007199254740991');
		const record = await run({ resource: 'record', operation: 'get', storeId: byId(), recordKey: { __rl: true, mode: 'key', value: 'any' }, options: { maxRecordBytes: -5 } });
		expect(record.outputs[1][0].json.error).toBe('"Max Record Size" is -5, but it must be a whole number from 1 to 9007199254740991');
		expect(local.server.stats.requests).toBe(0);
	});
});
