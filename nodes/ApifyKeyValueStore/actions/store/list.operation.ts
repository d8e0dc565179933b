import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { apifyRequest, parseJson } from '../../transport';
import { paginationFields } from '../descriptions';
import { optionsCollection, transportSettings } from '../settings';

const PAGE_SIZE = 1000;

const properties: INodeProperties[] = [
	...paginationFields(),
	optionsCollection([
		{
			displayName: 'Include Unnamed Stores',
			name: 'unnamed',
			type: 'boolean',
			default: false,
			description: 'Whether to list unnamed stores (such as those of Actor runs) as well as named ones',
		},
		{
			displayName: 'Newest First',
			name: 'desc',
			type: 'boolean',
			default: false,
			description: 'Whether to sort by creation time, newest first',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['store'], operation: ['list'] } }, properties);

interface StoresPage {
	data: { items: IDataObject[]; total: number; offset: number; count: number };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const options = this.getNodeParameter('options', itemIndex, {}) as { unnamed?: boolean; desc?: boolean };
	const settings = transportSettings(this, itemIndex);
	const stores: IDataObject[] = [];
	let offset = 0;
	while (stores.length < limit) {
		const qs: IDataObject = { offset, limit: Math.min(PAGE_SIZE, limit - stores.length) };
		if (options.unnamed) qs.unnamed = 1;
		if (options.desc) qs.desc = 1;
		const answer = await apifyRequest.call(this, { method: 'GET', path: '/v2/key-value-stores', qs, itemIndex }, settings);
		const page = (parseJson.call(this, answer, itemIndex) as StoresPage).data;
		stores.push(...page.items);
		offset += page.count;
		if (page.count === 0 || offset >= page.total) break;
	}
	return stores.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
