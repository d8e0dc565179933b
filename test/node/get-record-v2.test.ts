import type { INodeParameters } from 'n8n-workflow';
import { binaryBytes, runNode } from '../harness/engine';
import { useLocalServer } from '../support/fixture';

// Get Record, version 2: every record gives the same fields, its value in one of them; version 1,
// which saved workflows keep, gives what it always gave.

const TOKEN = 'get-v2-token-0123456789';
const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'vera' }], store: 'mixed' });

const get = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'record',
	operation: 'get',
	storeId: { __rl: true, mode: 'name', value: '~mixed' },
	recordKey: { __rl: true, mode: 'key', value: '={{ $json.key }}' },
	...extra,
});
const keys = ['object', 'array', 'text', 'picture', 'missing'].map((key) => ({ json: { key } }));
const run = (typeVersion: number, extra: INodeParameters = {}) =>
	runNode({ parameters: get({ options: { ifMissing: 'flag' }, ...extra }), items: keys, credentials: local.credentials(), typeVersion });

beforeEach(() => {
	local.server.putRecord(local.storeId, 'object', Buffer.from('{"key":"its own key","value":1,"n":2}'), 'application/json');
	local.server.putRecord(local.storeId, 'array', Buffer.from('[1,2]'), 'application/json');
	local.server.putRecord(local.storeId, 'text', Buffer.from('hello'), 'text/plain');
	local.server.putRecord(local.storeId, 'picture', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'image/png');
});

describe('Get Record, version 2', () => {
	it('gives every record the same fields, its value in "value", a file beside them; a record\'s own "key" or "value" collides with nothing', async () => {
		const { outputs } = await run(2);
		expect(outputs[0].map((o) => o.json)).toEqual([
			{ key: 'object', found: true, contentType: 'application/json', bytes: 37, value: { key: 'its own key', value: 1, n: 2 } },
			{ key: 'array', found: true, contentType: 'application/json', bytes: 5, value: [1, 2] },
			{ key: 'text', found: true, contentType: 'text/plain', bytes: 5, value: 'hello' },
			{ key: 'picture', found: true, contentType: 'image/png', bytes: 4, value: null },
			{ key: 'missing', found: false },
		]);
		expect(await binaryBytes(outputs[0][3].binary!.data)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
	});

	it('puts the value in the field the user names', async () => {
		const { outputs } = await run(2, { valueField: 'record' });
		expect(outputs[0][0].json).toEqual({ key: 'object', found: true, contentType: 'application/json', bytes: 37, record: { key: 'its own key', value: 1, n: 2 } });
		expect(outputs[0][2].json.record).toBe('hello');
	});

	it('version 1 keeps its output: a JSON object record is the item, other values in "value"', async () => {
		const { outputs } = await run(1);
		expect(outputs[0].map((o) => o.json)).toEqual([
			{ key: 'its own key', value: 1, n: 2 },
			{ key: 'array', contentType: 'application/json', bytes: 5, value: [1, 2] },
			{ key: 'text', contentType: 'text/plain', bytes: 5, value: 'hello' },
			{ key: 'picture', contentType: 'image/png', bytes: 4 },
			{ key: 'missing', found: false },
		]);
	});
});
