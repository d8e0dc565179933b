import { makePoller } from '../../harness/engine';
import { references, store, STORE_ID, TOKEN } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

const storeAt = (writeCount: number) => ({ id: STORE_ID, modifiedAt: `2026-11-30T00:00:0${writeCount}Z`, stats: { writeCount, deleteCount: 0 } });
const poller = () => makePoller({ storeId: { __rl: true, mode: 'id', value: STORE_ID }, events: ['added', 'changed', 'deleted'], options: { prefix: 'img-' } }, { apiToken: TOKEN });

describe('Apify Key-Value Store Trigger: a poll', () => {
	it('lists the keys for the baseline, asks only for the store while nothing moves, then reports what changed', async () => {
		const trigger = poller();
		store.get.mockResolvedValue(storeAt(1));
		store.listKeys.mockResolvedValue([{ key: 'img-1', size: 10 }]);
		expect((await trigger.poll()).items).toBeNull();
		expect(references).toEqual([STORE_ID]);
		expect(store.listKeys).toHaveBeenCalledWith({ prefix: 'img-', collection: '' }, undefined, 100_001, expect.objectContaining({ itemIndex: 0 }));
		expect((await trigger.poll()).items).toBeNull();
		expect(store.listKeys).toHaveBeenCalledTimes(1);
		store.get.mockResolvedValue(storeAt(2));
		store.listKeys.mockResolvedValue([{ key: 'img-1', size: 12 }, { key: 'img-2', size: 5 }]);
		const { items } = await trigger.poll();
		expect(items!.map((item) => item.json)).toEqual([
			{ event: 'changed', key: 'img-1', size: 12, previousSize: 10, store: STORE_ID },
			{ event: 'added', key: 'img-2', size: 5, store: STORE_ID },
		]);
	});

	it('an error leaves the state as it was, so the events come with the next poll', async () => {
		const trigger = poller();
		store.get.mockResolvedValue(storeAt(1));
		store.listKeys.mockResolvedValue([]);
		await trigger.poll();
		const before = JSON.stringify(trigger.staticData());
		store.get.mockResolvedValue(storeAt(2));
		store.listKeys.mockRejectedValue(new Error('the API went away'));
		expect((await trigger.poll()).error?.message).toBe('the API went away');
		expect(JSON.stringify(trigger.staticData())).toBe(before);
		store.listKeys.mockResolvedValue([{ key: 'img-9', size: 1 }]);
		expect((await trigger.poll()).items!.map((item) => item.json.key)).toEqual(['img-9']);
	});
});
