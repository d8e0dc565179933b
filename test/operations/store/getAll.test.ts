import { callOptions, runOperation, stores } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

describe('Store > Get Many', () => {
	it('asks for the filters and the limit, one item per store', async () => {
		stores.list.mockResolvedValue([{ id: 'a' }, { id: 'b' }]);
		const { outputs } = await runOperation({ resource: 'store', operation: 'getAll', limit: 2, options: { unnamed: true, desc: true, ownership: 'sharedWithMe' } });
		expect(stores.list).toHaveBeenCalledWith({ unnamed: true, desc: true, ownership: 'sharedWithMe' }, 2, callOptions());
		expect(outputs[0].map((item) => item.json.id)).toEqual(['a', 'b']);
	});

	it('Return All and all ownerships by default', async () => {
		stores.list.mockResolvedValue([]);
		await runOperation({ resource: 'store', operation: 'getAll', returnAll: true });
		expect(stores.list).toHaveBeenCalledWith({ unnamed: false, desc: false, ownership: undefined }, Infinity, callOptions());
	});
});
