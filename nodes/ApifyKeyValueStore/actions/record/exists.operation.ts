import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recordKeyLocator, storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';

const properties: INodeProperties[] = [storeLocator, recordKeyLocator, optionsCollection()];

export const description = updateDisplayOptions(
	{ show: { resource: ['record'], operation: ['exists'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// HEAD answers 404 without a body, so a missing record and a missing store look alike: both are "no".
	const target = run.recordTarget(itemIndex);
	const exists = await run.store(target.store).recordExists(target.key, run.call(itemIndex));
	return [{ json: { key: target.key, exists }, pairedItem: { item: itemIndex } }];
}
