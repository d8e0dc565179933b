import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { runNode, type RunResult } from '../harness/engine';

// The API client mocked, as n8n's Google Drive v2 tests mock its transport: each operation runs in
// n8n's real engine, and the test sees exactly what the operation asked of the client and what it
// made of the answer. In a test file:
//   jest.mock('../../../nodes/ApifyKeyValueStore/api/client', () => jest.requireActual('../mockClient').clientModule);

export { references, store, stores } from './mockClient';

export const TOKEN = 'mocked-client-token-0123456789';
export const STORE_ID = 'MockedStore000001';
export const byId = { __rl: true, mode: 'id', value: STORE_ID };
export const keyParam = (value: string) => ({ __rl: true, mode: 'key', value });

/** Runs the node on the items (JSON, or whole items) with the client mocked; failures go to the error output. */
export async function runOperation(parameters: INodeParameters, items: Array<IDataObject | INodeExecutionData> = [{}]): Promise<RunResult> {
	return await runNode({
		parameters,
		items: items.map((item) => ('json' in item && typeof item.json === 'object' ? (item as INodeExecutionData) : { json: item as IDataObject })),
		credentials: { apiToken: TOKEN, baseUrl: 'https://api.apify.com' },
		onError: 'continueErrorOutput',
	});
}

/** The error a client call would throw for an API answer. */
export function apiFailure(message: string, httpCode = '404'): NodeApiError {
	return new NodeApiError({ name: 'x', type: 'x', typeVersion: 1, position: [0, 0], parameters: {}, id: 'x' }, { message, httpCode }, { message, httpCode });
}

/** The call options every client call gets: the item and its checked request settings. */
export const callOptions = (itemIndex = 0) => expect.objectContaining({ itemIndex, settings: expect.objectContaining({ timeoutMs: 60_000, concurrency: 'auto' }) });
