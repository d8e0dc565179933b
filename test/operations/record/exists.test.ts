import { byId, callOptions, keyParam, runOperation, store } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

describe('Record > Check Record Exists', () => {
	it.each([true, false])('outputs what the client says: %s', async (exists) => {
		store.recordExists.mockResolvedValue(exists);
		const { outputs } = await runOperation({ resource: 'record', operation: 'exists', storeId: byId, recordKey: keyParam('k') });
		expect(store.recordExists).toHaveBeenCalledWith('k', callOptions());
		expect(outputs[0][0].json).toEqual({ key: 'k', exists });
	});
});
