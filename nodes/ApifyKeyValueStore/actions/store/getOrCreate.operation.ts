import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { storeNameProblem } from '../../helpers/storeReference';
import { apifyJson, apifyRequest } from '../../transport';
import { isStoreAnswer, storeOutput } from '../listing';
import type { NodeRun } from '../run';
import { optionsCollection, transportSettings } from '../settings';

const properties: INodeProperties[] = [
	{
		displayName: 'Store Name',
		name: 'storeName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. my-results',
		description:
			'The name of the store: letters, digits and hyphens. An existing store of this name is returned as it is.',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['getOrCreate'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const name = String(this.getNodeParameter('storeName', itemIndex) ?? '').trim();
	const problem = storeNameProblem(name);
	if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
	const request = {
		method: 'POST' as const,
		path: '/v2/key-value-stores',
		qs: { name },
		itemIndex,
	};
	const answer = await apifyRequest(run.session, request, transportSettings(this, itemIndex));
	const { data } = apifyJson(run.session, answer, request, isStoreAnswer, 'data with the store');
	return [
		{
			json: { ...storeOutput(data), created: answer.status === 201 },
			pairedItem: { item: itemIndex },
		},
	];
}
