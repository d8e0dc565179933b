import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { storeNameProblem } from '../../helpers/storeReference';
import { apifyRequest, parseJson } from '../../transport';
import { optionsCollection, transportSettings } from '../settings';

const properties: INodeProperties[] = [
	{
		displayName: 'Store Name',
		name: 'storeName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. my-results',
		description: 'The name of the store: letters, digits and hyphens. An existing store of this name is returned as it is.',
	},
	optionsCollection(),
];

export const description = updateDisplayOptions({ show: { resource: ['store'], operation: ['getOrCreate'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const name = (this.getNodeParameter('storeName', itemIndex) as string).trim();
	const problem = storeNameProblem(name);
	if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
	const answer = await apifyRequest.call(
		this,
		{ method: 'POST', path: '/v2/key-value-stores', qs: { name }, itemIndex },
		transportSettings(this, itemIndex),
	);
	const { data } = parseJson.call(this, answer, itemIndex) as { data: IDataObject };
	return [{ json: { ...data, created: answer.status === 201 }, pairedItem: { item: itemIndex } }];
}
