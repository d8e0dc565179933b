import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { recordKeyLocator } from '../../shared/fields';
import { storeTargetFields } from '../../shared/storeSource';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { RECORD_KEY_RULE } from '../../helpers/recordKey';

export const option = {
	name: 'Check Record Exists',
	description: 'Check whether a record exists under a key, without reading it',
	action: 'Check if a record exists',
};

/** Items that address the same key are written (and read) in input order. */
export const oneRecordPerItem = true;

export const properties: INodeProperties[] = [
	...storeTargetFields,
	recordKeyLocator,
	optionsCollection(),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Checks whether an Apify key-value store has a record under a key, without reading it. Supply the record key (${RECORD_KEY_RULE}). Returns { key, exists }.`;

export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// HEAD answers 404 without a body, so a missing record and a missing store look alike: both are "no".
	const target = execution.recordTarget(itemIndex);
	const client = await execution.storeClient(itemIndex, target.store);
	const exists = await client.recordExists(target.key, execution.call(itemIndex));
	const json = { key: target.key, exists, ...client.runOrigin };
	return [{ json, pairedItem: { item: itemIndex } }];
}
