import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { storeLocator } from '../../shared/fields';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { STORE_REFERENCE_FORMS } from '../../helpers/storeReference';

export const option = {
	name: 'Delete Store',
	description: 'Delete a key-value store and every record in it',
	action: 'Delete a store',
};

export const properties: INodeProperties[] = [storeLocator, optionsCollection()];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Deletes an Apify key-value store and every record in it; this cannot be undone. Supply the store as ${STORE_REFERENCE_FORMS}. Returns { store, deleted: true }.`;

/** Store > Delete: the whole store and every record in it. The reference is checked like any other. */
export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const client = await execution.storeClient(itemIndex);
	await client.delete(execution.call(itemIndex));
	return [{ json: { store: client.reference, deleted: true }, pairedItem: { item: itemIndex } }];
}
