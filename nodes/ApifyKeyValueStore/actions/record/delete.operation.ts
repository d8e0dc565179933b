import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { recordKeyLocator, storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import { RECORD_KEY_RULE } from '../../helpers/recordKey';

const properties: INodeProperties[] = [storeLocator, recordKeyLocator, optionsCollection()];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Deletes the record stored under a key in an Apify key-value store. Supply the record key (${RECORD_KEY_RULE}). Returns { key, deleted: true }.`;

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
