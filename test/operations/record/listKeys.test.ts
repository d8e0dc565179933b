import { byId, callOptions, runOperation, store } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

const keys = [
	{ key: 'a', size: 1, recordPublicUrl: 'https://a' },
	{ key: 'b', size: 2, recordPublicUrl: 'https://b' },
];

describe('Record > List Keys', () => {
	it('asks for the limit, prefix, collection and start key, one item per key', async () => {
		store.listKeys.mockResolvedValue(keys);
		const { outputs } = await runOperation({ resource: 'record', operation: 'listKeys', storeId: byId, limit: 7, options: { prefix: 'p', collection: 'c', exclusiveStartKey: 's' } });
		expect(store.listKeys).toHaveBeenCalledWith({ prefix: 'p', collection: 'c' }, 's', 7, callOptions());
		expect(outputs[0].map((item) => item.json)).toEqual(keys);
	});

	it('Return All asks for everything; Add Public URL links each key and the list itself', async () => {
		store.listKeys.mockResolvedValue(keys);
		store.recordPublicUrl.mockImplementation(async (key: string) => ({ publicUrl: `https://signed/${key}` }));
		store.contentPublicUrl.mockResolvedValue({ publicUrl: 'https://signed/keys' });
		const { outputs } = await runOperation({ resource: 'record', operation: 'listKeys', storeId: byId, returnAll: true, options: { publicUrl: true, expiresAfter: 60 } });
		expect(store.listKeys.mock.calls[0][2]).toBe(Infinity);
		expect(store.contentPublicUrl).toHaveBeenCalledWith('keys', { prefix: '', collection: '' }, 60, callOptions());
		expect(outputs[0][1].json).toEqual({ ...keys[1], publicUrl: 'https://signed/b', keysPublicUrl: 'https://signed/keys' });
	});
});
