import { makeBinary } from '../../harness/engine';
import { apiFailure, byId, callOptions, references, runOperation, store, STORE_ID } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

const params = (overrides: Record<string, unknown> = {}) => ({ resource: 'record', operation: 'store', storeId: byId, recordKey: '={{ $json.key }}', valueSource: 'itemJson', compression: 'none', ...overrides });
const stored = { location: `https://api.apify.com/v2/key-value-stores/${STORE_ID}/records/k`, storeId: STORE_ID };
/** What the client does with a write: prepares the body (within the byte budget it holds), sends it, says where it is. */
const openers: Array<() => Promise<Buffer>> = [];
const storing = () =>
	store.setRecord.mockImplementation(async (_key: string, write: { prepare: () => Promise<() => Promise<Buffer>> }) => {
		openers.push(await write.prepare());
		return stored;
	});

describe('Record > Store Record', () => {
	it('sends the item as JSON with its headers, and outputs where the record is and its sizes', async () => {
		storing();
		const { outputs } = await runOperation(params(), [{ key: 'k', a: 1 }]);
		expect(references).toEqual([STORE_ID]);
		const [key, write, options] = store.setRecord.mock.calls[0];
		expect(key).toBe('k');
		expect(write.headers).toEqual({ 'Content-Type': 'application/json; charset=utf-8' });
		expect(write.holdBytes).toBe(0);
		expect((await openers[openers.length - 1]()).toString()).toBe('{"key":"k","a":1}');
		expect(options).toEqual(callOptions());
		expect(outputs[0][0].json).toEqual({ ...stored, key: 'k', contentType: 'application/json; charset=utf-8', contentEncoding: 'identity', bytes: 17, uploadedBytes: 17 });
		expect(outputs[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('compresses when asked, and adds the public link from the client', async () => {
		storing();
		store.recordPublicUrl.mockResolvedValue({ publicUrl: 'https://signed' });
		const { outputs } = await runOperation(params({ valueSource: 'text', textValue: '={{ "x".repeat(2000) }}', compression: 'gzip', options: { publicUrl: true } }), [{ key: 'k' }]);
		expect(store.setRecord.mock.calls[0][1].headers).toEqual({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Encoding': 'gzip' });
		// The compressed copy is held in memory until sent: the client holds the byte budget for it.
		expect(store.setRecord.mock.calls[0][1].holdBytes).toBe(2000);
		expect(store.recordPublicUrl).toHaveBeenCalledWith('k', callOptions(), STORE_ID);
		expect(outputs[0][0].json).toMatchObject({ contentEncoding: 'gzip', bytes: 2000, publicUrl: 'https://signed' });
		expect(Number(outputs[0][0].json.uploadedBytes)).toBeLessThan(100);
	});

	it('streams a binary file and keeps its MIME type', async () => {
		storing();
		const file = await makeBinary(Buffer.from('a,b\n1,2\n'), 'text/csv');
		const { outputs } = await runOperation(params({ valueSource: 'binary', binaryPropertyName: 'data', recordKey: 'k' }), [{ json: {}, binary: { data: file } }]);
		expect(store.setRecord.mock.calls[0][1].headers['Content-Type']).toBe('text/csv');
		expect(outputs[0][0].json.bytes).toBe(8);
	});

	it('refuses a bad key before the client is asked, and passes on an API failure as the item\'s error', async () => {
		const bad = await runOperation(params(), [{ key: 'a b' }]);
		expect(String(bad.outputs[1][0].json.error)).toMatch(/does not allow: " "/);
		expect(store.setRecord).not.toHaveBeenCalled();
		store.setRecord.mockRejectedValue(apiFailure('Apify API answered 404 (record-or-token-not-found: Key-value store was not found)'));
		const failed = await runOperation(params(), [{ key: 'k' }]);
		expect(String(failed.outputs[1][0].json.error)).toMatch(/answered 404/);
	});
});
