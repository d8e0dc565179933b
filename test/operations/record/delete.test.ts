import { byId, callOptions, keyParam, references, runOperation, store, STORE_ID } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

describe('Record > Delete Record', () => {
	it('deletes the key in the store, and refuses "." before asking', async () => {
		store.deleteRecord.mockResolvedValue(undefined);
		const { outputs } = await runOperation({ resource: 'record', operation: 'delete', storeId: byId, recordKey: keyParam('old') });
		expect(references).toEqual([STORE_ID]);
		expect(store.deleteRecord).toHaveBeenCalledWith('old', callOptions());
		expect(outputs[0][0].json).toEqual({ key: 'old', deleted: true });
		const dot = await runOperation({ resource: 'record', operation: 'delete', storeId: byId, recordKey: keyParam('.') });
		expect(String(dot.outputs[1][0].json.error)).toMatch(/means the current folder/);
		expect(store.deleteRecord).toHaveBeenCalledTimes(1);
	});
});
