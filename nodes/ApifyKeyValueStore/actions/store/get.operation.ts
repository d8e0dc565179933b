import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import { readStoreTarget } from '../target';
import { STORE_REFERENCE_FORMS } from '../../helpers/storeReference';

const properties: INodeProperties[] = [storeLocator, optionsCollection()];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Gets an Apify key-value store: its ID, name, dates and statistics. Supply the store as ${STORE_REFERENCE_FORMS}.`;

export const description = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['get'] } },
	properties,
);

/** Store > Get: the store object, with its statistics (never its URL signing key). */
export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const store = await run.store(readStoreTarget(this, itemIndex)).get(run.call(itemIndex));
	return [{ json: store, pairedItem: { item: itemIndex } }];
}
