import { byId, callOptions, runOperation, store } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

const zip = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');

describe('Store > Download Records', () => {
	it('asks for the filters and the size limit, and outputs the archive as a file named after the store', async () => {
		store.downloadRecords.mockImplementation(async (_query: unknown, _options: unknown, keep: (archive: Buffer) => Promise<unknown>) => await keep(zip));
		const { outputs } = await runOperation({ resource: 'store', operation: 'downloadRecords', storeId: { __rl: true, mode: 'name', value: '~crawl' }, options: { prefix: 'p', collection: 'c', maxArchiveBytes: 5000, binaryPropertyName: 'archive' } });
		const [query, options] = store.downloadRecords.mock.calls[0];
		expect(query).toEqual({ prefix: 'p', collection: 'c' });
		expect(options).toEqual(expect.objectContaining({ itemIndex: 0, maxBytes: 5000, tooLarge: expect.any(Function) }));
		expect(outputs[0][0].json).toEqual({ store: '~crawl', fileName: 'crawl.zip', bytes: zip.length });
		expect(outputs[0][0].binary?.archive).toMatchObject({ mimeType: 'application/zip', fileName: 'crawl.zip' });
	});

	it('adds a link to the archive when asked', async () => {
		store.downloadRecords.mockImplementation(async (_q: unknown, _o: unknown, keep: (archive: Buffer) => Promise<unknown>) => await keep(zip));
		store.contentPublicUrl.mockResolvedValue({ publicUrl: 'https://signed/records' });
		const { outputs } = await runOperation({ resource: 'store', operation: 'downloadRecords', storeId: byId, options: { publicUrl: true, expiresAfter: 600 } });
		expect(store.contentPublicUrl).toHaveBeenCalledWith('records', { prefix: '', collection: '' }, 600, callOptions());
		expect(outputs[0][0].json.publicUrl).toBe('https://signed/records');
	});
});
