import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { storeLocator } from '../descriptions';
import { storeOutput } from '../listing';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import { readStoreTarget } from '../target';

const properties: INodeProperties[] = [storeLocator, optionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const data = await run.getStore(readStoreTarget(this, itemIndex), itemIndex);
	return [{ json: storeOutput(data), pairedItem: { item: itemIndex } }];
}
