import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { recordKeyLocator } from '../../shared/fields';
import { storeTargetFields } from '../../shared/storeSource';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { RECORD_KEY_RULE } from '../../helpers/recordKey';

export const option = {
	name: 'Delete Record',
	description: 'Delete the record stored under a key',
	action: 'Delete a record',
};

/** Items that address the same key are written (and read) in input order. */
export const oneRecordPerItem = true;

export const properties: INodeProperties[] = [
	...storeTargetFields,
	recordKeyLocator,
	optionsCollection(),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Deletes the record stored under a key in an Apify key-value store. Supply the record key (${RECORD_KEY_RULE}). Returns { key, deleted: true }.`;

export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = execution.recordTarget(itemIndex);
	const client = await execution.storeClient(itemIndex, target.store);
	await client.deleteRecord(target.key, execution.call(itemIndex));
	const json = { key: target.key, deleted: true, ...client.runOrigin };
	return [{ json, pairedItem: { item: itemIndex } }];
}
