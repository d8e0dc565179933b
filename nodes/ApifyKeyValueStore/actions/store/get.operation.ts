import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { apifyJson, apifyRequest } from '../../transport';
import { storeLocator } from '../descriptions';
import { isStoreAnswer, storeOutput } from '../listing';
import type { NodeRun } from '../run';
import { optionsCollection, transportSettings } from '../settings';
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
	const store = readStoreTarget(this, itemIndex);
	const request = { method: 'GET' as const, path: store.path, itemIndex };
	const answer = await apifyRequest(
		run.session,
		{ ...request, pace: { store: store.reference, records: false } },
		transportSettings(this, itemIndex),
	);
	const { data } = apifyJson(run.session, answer, request, isStoreAnswer, 'data with the store');
	return [{ json: storeOutput(data), pairedItem: { item: itemIndex } }];
}
