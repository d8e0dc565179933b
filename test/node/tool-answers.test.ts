import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runNode } from '../harness/engine';
import { useLocalServer } from '../support/fixture';

// What an AI agent receives from the node as its tool (n8n runs it as "<type>Tool"): Get Record
// capped with a link to the whole record, a file as its type, size and link, List Keys a page at a
// time with the cursor; and outside a tool, nothing of this.

const TOKEN = 'tool-answers-token-0123456789';
const READ_ONLY = `ro-${TOKEN}`;
const local = useLocalServer({
	tokens: [
		{ token: TOKEN, username: 'tina' },
		{ token: READ_ONLY, username: 'tina', userId: 'LocalUser00000000', readOnly: true },
	],
	store: 'agent',
});
const DEFAULT_CAP = 32 * 1024;

const get = (key: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'record', operation: 'get', storeId: { __rl: true, mode: 'name', value: '~agent' }, recordKey: { __rl: true, mode: 'key', value: key }, ...extra });
const run = (parameters: INodeParameters, asTool = true, token = TOKEN) =>
	runNode({ parameters, items: [{ json: {} }] as INodeExecutionData[], credentials: local.credentials({ apiToken: token }), asTool });

describe('the node as an AI agent\'s tool', () => {
	it('Get Record hands the agent at most 32 KiB of a 5 MB JSON record, marked truncated, with its size and a signed link to all of it', async () => {
		const big = JSON.stringify({ rows: Array.from({ length: 60_000 }, (_, i) => ({ i, text: `row ${i} ${'x'.repeat(60)}` })) });
		local.server.putRecord(local.storeId, 'big', Buffer.from(big), 'application/json; charset=utf-8');
		expect(big.length).toBeGreaterThan(5_000_000);
		const { outputs } = await run(get('big'));
		const answer = outputs[0][0].json;
		expect(answer).toMatchObject({ key: 'big', truncated: true, bytes: big.length, contentType: 'application/json; charset=utf-8' });
		expect(answer.value).toBe(big.slice(0, DEFAULT_CAP));
		expect(JSON.stringify({ ...answer, value: '' }).length).toBeLessThan(1000);
		expect(local.server.stats.aiToolRequests).toBe(local.server.stats.requests);
		const res = await fetch(String(answer.publicUrl));
		expect(res.status).toBe(200);
		expect((await res.text()).length).toBe(big.length);
	});

	it('a record within the cap comes whole, as outside a tool; the cap is the tool\'s own option', async () => {
		local.server.putRecord(local.storeId, 'small', Buffer.from('{"a":1}'), 'application/json');
		expect((await run(get('small'))).outputs[0][0].json).toEqual({ a: 1 });
		local.server.putRecord(local.storeId, 'text', Buffer.from('é'.repeat(100)), 'text/plain; charset=utf-8');
		const capped = (await run(get('text', { toolMaxChars: 10 }))).outputs[0][0].json;
		expect(capped).toMatchObject({ truncated: true, value: 'é'.repeat(10), bytes: 200 });
	});

	it('a file comes as its content type, size and link, never its bytes; without the signing key, no link but why', async () => {
		local.server.putRecord(local.storeId, 'photo.png', Buffer.alloc(3000, 7), 'image/png');
		const { outputs } = await run(get('photo.png'));
		expect(outputs[0][0].binary).toBeUndefined();
		expect(outputs[0][0].json).toMatchObject({ key: 'photo.png', contentType: 'image/png', bytes: 3000, publicUrl: expect.stringMatching(/signature=/) });
		const readOnly = await run(get('photo.png'), true, READ_ONLY);
		expect(readOnly.outputs[0][0].json.publicUrl).toBeUndefined();
		expect(String(readOnly.outputs[0][0].json.publicUrlNote)).toMatch(/cannot read this store's URL signing key/);
	});

	it('outside a tool nothing changes: the whole record, and the file', async () => {
		local.server.putRecord(local.storeId, 'text', Buffer.from('y'.repeat(40_000)), 'text/plain');
		expect((await run(get('text'), false)).outputs[0][0].json.value).toBe('y'.repeat(40_000));
		local.server.putRecord(local.storeId, 'photo.png', Buffer.alloc(30, 7), 'image/png');
		expect((await run(get('photo.png'), false)).outputs[0][0].binary?.data).toBeDefined();
	});

	it('List Keys hands the agent one page of keys with the cursor to the next, even with Return All', async () => {
		for (let i = 0; i < 1500; i++) local.server.putRecord(local.storeId, `k-${String(i).padStart(4, '0')}`, Buffer.from('v'));
		const list = (extra: INodeParameters) => run({ resource: 'record', operation: 'listKeys', storeId: { __rl: true, mode: 'id', value: local.storeId }, ...extra });
		const first = (await list({ returnAll: false, limit: 20 })).outputs[0];
		expect(first).toHaveLength(1);
		expect(first[0].json).toMatchObject({ count: 20, nextExclusiveStartKey: 'k-0019' });
		expect((first[0].json.keys as Array<{ key: string }>)[0]).toEqual({ key: 'k-0000', size: 1 });
		const all = (await list({ returnAll: true })).outputs[0][0].json;
		expect(all).toMatchObject({ count: 1000, nextExclusiveStartKey: 'k-0999' });
		const next = (await list({ returnAll: false, limit: 1000, options: { exclusiveStartKey: 'k-0999' } })).outputs[0][0].json;
		expect(next.count).toBe(500);
		expect(next.nextExclusiveStartKey).toBeUndefined();
		expect((await run({ resource: 'record', operation: 'listKeys', storeId: { __rl: true, mode: 'id', value: local.storeId }, returnAll: true }, false)).outputs[0]).toHaveLength(1500);
	});
});
