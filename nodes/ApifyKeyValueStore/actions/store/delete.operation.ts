import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import { readStoreTarget } from '../target';
import { STORE_REFERENCE_FORMS } from '../../helpers/storeReference';

const properties: INodeProperties[] = [storeLocator, optionsCollection()];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Deletes an Apify key-value store and every record in it; this cannot be undone. Supply the store as ${STORE_REFERENCE_FORMS}. Returns { store, deleted: true }.`;

export const description = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['delete'] } },
	properties,
);

/** Store > Delete: the whole store and every record in it. The reference is checked like any other. */
export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const store = readStoreTarget(this, itemIndex);
	await run.store(store).delete(run.call(itemIndex));
	return [{ json: { store: store.reference, deleted: true }, pairedItem: { item: itemIndex } }];
}
