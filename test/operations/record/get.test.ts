import type { INodeParameters } from 'n8n-workflow';
import { byId, callOptions, keyParam, runOperation, store } from '../mockApi';

jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

const params = (options: INodeParameters = {}): INodeParameters => ({ resource: 'record', operation: 'get', storeId: byId, recordKey: keyParam('k'), options });
const record = (body: string, contentType: string) => ({ body: Buffer.from(body), contentType });

describe('Record > Get Record', () => {
	it('asks for the record with its limit and If Missing, and puts a JSON object into the item', async () => {
		store.getRecord.mockResolvedValue(record('{"a":1}', 'application/json; charset=utf-8'));
		const { outputs } = await runOperation(params({ maxRecordBytes: 1000, ifMissing: 'flag' }));
		expect(store.getRecord).toHaveBeenCalledWith('k', expect.objectContaining({ ifMissing: 'flag', maxBytes: 1000, tooLarge: expect.any(Function) }));
		expect(store.getRecord.mock.calls[0][1]).toEqual(expect.objectContaining({ itemIndex: 0 }));
		expect(outputs[0][0].json).toEqual({ a: 1 });
	});

	it('gives other JSON as value, text as value, anything else as a file, and JSON as text when asked', async () => {
		const cases: Array<[string, string, INodeParameters, unknown]> = [
			['[1,2]', 'application/json', {}, [1, 2]],
			['hello', 'text/plain', {}, 'hello'],
			['{"a":1}', 'application/json', { jsonAsText: true }, '{"a":1}'],
		];
		for (const [body, type, options, value] of cases) {
			store.getRecord.mockResolvedValue(record(body, type));
			const { outputs } = await runOperation(params(options));
			expect(outputs[0][0].json).toMatchObject({ key: 'k', contentType: type, bytes: body.length, value });
		}
		store.getRecord.mockResolvedValue(record('PNG', 'image/png'));
		const file = await runOperation(params({ binaryPropertyName: 'picture' }));
		expect(file.outputs[0][0].binary?.picture).toMatchObject({ mimeType: 'image/png', fileName: 'k' });
	});

	it('a missing record flagged; a link added when asked; a JSON record that does not parse is the item\'s error', async () => {
		store.getRecord.mockResolvedValue(undefined);
		expect((await runOperation(params({ ifMissing: 'flag' }))).outputs[0][0].json).toEqual({ key: 'k', found: false });
		store.getRecord.mockResolvedValue(record('x', 'text/plain'));
		store.recordPublicUrl.mockResolvedValue({ publicUrl: 'https://signed' });
		expect((await runOperation(params({ publicUrl: true }))).outputs[0][0].json.publicUrl).toBe('https://signed');
		expect(store.recordPublicUrl).toHaveBeenCalledWith('k', callOptions());
		store.getRecord.mockResolvedValue(record('{oops', 'application/json'));
		expect(String((await runOperation(params())).outputs[1][0].json.error)).toMatch(/says it is JSON but does not parse/);
	});
});
