import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { apifyRequest } from '../../transport';
import { recordKeyLocator, storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection, transportSettings } from '../settings';

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
	const target = run.recordTarget(itemIndex);
	// HEAD answers 404 without a body, so a missing record and a missing store look alike: both are "no".
	const answer = await apifyRequest(
		run.session,
		{
			method: 'HEAD',
			path: target.path,
			itemIndex,
			notFoundIsAnswer: true,
			pace: { store: target.store.reference, records: true },
		},
		transportSettings(this, itemIndex),
	);
	return [
		{ json: { key: target.key, exists: answer.status !== 404 }, pairedItem: { item: itemIndex } },
	];
}
