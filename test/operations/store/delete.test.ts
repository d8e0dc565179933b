import { byId, callOptions, references, runOperation, store, STORE_ID } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

describe('Store > Delete', () => {
	it('deletes the store named, and outputs which', async () => {
		store.delete.mockResolvedValue(undefined);
		const { outputs } = await runOperation({ resource: 'store', operation: 'delete', storeId: byId });
		expect(references).toEqual([STORE_ID]);
		expect(store.delete).toHaveBeenCalledWith(callOptions());
		expect(outputs[0][0].json).toEqual({ store: STORE_ID, deleted: true });
	});
});
