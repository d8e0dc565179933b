import { byId, callOptions, runOperation, store } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

describe('Store > Update', () => {
	it('sends only the fields set: name, title, general access', async () => {
		store.update.mockResolvedValue({ id: 'x', name: 'new-name', title: 'T', generalAccess: 'RESTRICTED' });
		const { outputs } = await runOperation({ resource: 'store', operation: 'update', storeId: byId, updateFields: { name: 'new-name', title: 'T', generalAccess: 'RESTRICTED' } });
		expect(store.update).toHaveBeenCalledWith({ name: 'new-name', title: 'T', generalAccess: 'RESTRICTED' }, callOptions());
		expect(outputs[0][0].json.name).toBe('new-name');
		await runOperation({ resource: 'store', operation: 'update', storeId: byId, updateFields: { title: 'Only a title' } });
		expect(store.update.mock.calls[1][0]).toEqual({ title: 'Only a title' });
	});

	it('refuses nothing to update and a bad name, before asking', async () => {
		const none = await runOperation({ resource: 'store', operation: 'update', storeId: byId, updateFields: {} });
		expect(String(none.outputs[1][0].json.error)).toBe('Nothing to update');
		const bad = await runOperation({ resource: 'store', operation: 'update', storeId: byId, updateFields: { name: '-bad-' } });
		expect(String(bad.outputs[1][0].json.error)).toMatch(/is not a valid store name/);
		expect(store.update).not.toHaveBeenCalled();
	});
});
