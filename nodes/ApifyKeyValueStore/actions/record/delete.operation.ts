import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recordKeyLocator, storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';

const properties: INodeProperties[] = [storeLocator, recordKeyLocator, optionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['record'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = run.recordTarget(itemIndex);
	await run.store(target.store).deleteRecord(target.key, run.call(itemIndex));
	return [{ json: { key: target.key, deleted: true }, pairedItem: { item: itemIndex } }];
}
