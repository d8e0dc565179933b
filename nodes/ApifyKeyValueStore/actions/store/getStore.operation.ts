import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { storeTargetFields } from '../../shared/storeSource';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { STORE_REFERENCE_FORMS } from '../../helpers/storeReference';

export const option = {
	name: 'Get Store',
	description: 'Get a key-value store by ID or name, with its statistics',
	action: 'Get a store',
};

export const properties: INodeProperties[] = [...storeTargetFields, optionsCollection()];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Gets an Apify key-value store: its ID, name, dates and statistics. Supply the store as ${STORE_REFERENCE_FORMS}.`;

/** Store > Get: the store object, with its statistics (never its URL signing key). */
export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const client = await execution.storeClient(itemIndex);
	const store = await client.get(execution.call(itemIndex));
	return [{ json: { ...store, ...client.runOrigin }, pairedItem: { item: itemIndex } }];
}
