import { byId, callOptions, references, runOperation, store, STORE_ID } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

describe('Store > Get', () => {
	it('outputs the store the client gives, for the reference given', async () => {
		store.get.mockResolvedValue({ id: STORE_ID, name: 'results', stats: { writeCount: 3 } });
		const { outputs } = await runOperation({ resource: 'store', operation: 'get', storeId: { __rl: true, mode: 'name', value: 'dana~results' } });
		expect(references).toEqual(['dana~results']);
		expect(store.get).toHaveBeenCalledWith(callOptions());
		expect(outputs[0][0].json).toEqual({ id: STORE_ID, name: 'results', stats: { writeCount: 3 } });
	});

	it('refuses a reference that is neither an ID nor a name (from an expression), before asking', async () => {
		const { outputs } = await runOperation({ resource: 'store', operation: 'get', storeId: { ...byId, value: '={{ "results" }}' } });
		expect(String(outputs[1][0].json.error)).toMatch(/If "results" is the store's name, write "~results"/);
		expect(store.get).not.toHaveBeenCalled();
	});
});
