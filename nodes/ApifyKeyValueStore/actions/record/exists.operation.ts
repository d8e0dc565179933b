import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recordKeyLocator, storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import { RECORD_KEY_RULE } from '../../helpers/recordKey';

const properties: INodeProperties[] = [storeLocator, recordKeyLocator, optionsCollection()];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Checks whether an Apify key-value store has a record under a key, without reading it. Supply the record key (${RECORD_KEY_RULE}). Returns { key, exists }.`;

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
