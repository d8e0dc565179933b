import { callOptions, runOperation, stores } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

describe('Store > Get or Create', () => {
	it('asks for the name (and the schema, when given) and says whether it was created', async () => {
		stores.getOrCreate.mockResolvedValue({ store: { id: 'x', name: 'results' }, created: true });
		const { outputs } = await runOperation({ resource: 'store', operation: 'getOrCreate', storeName: ' results ', options: { schema: '{"title":"T"}' } });
		expect(stores.getOrCreate).toHaveBeenCalledWith('results', { title: 'T' }, callOptions());
		expect(outputs[0][0].json).toEqual({ id: 'x', name: 'results', created: true });
	});

	it('sends no schema for an empty one, and refuses a bad name before asking', async () => {
		stores.getOrCreate.mockResolvedValue({ store: { id: 'x' }, created: false });
		await runOperation({ resource: 'store', operation: 'getOrCreate', storeName: 'results', options: { schema: '{}' } });
		expect(stores.getOrCreate.mock.calls[0][1]).toBeUndefined();
		const bad = await runOperation({ resource: 'store', operation: 'getOrCreate', storeName: 'no_underscores' });
		expect(String(bad.outputs[1][0].json.error)).toMatch(/is not a valid store name/);
		expect(stores.getOrCreate).toHaveBeenCalledTimes(1);
	});
});
