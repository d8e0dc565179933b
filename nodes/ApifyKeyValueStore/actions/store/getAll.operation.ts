import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { paginationFields } from '../descriptions';
import { listStores, storeOutput } from '../listing';
import type { NodeRun } from '../run';
import { optionsCollection, transportSettings } from '../settings';

const properties: INodeProperties[] = [
	...paginationFields(),
	optionsCollection([
		{
			displayName: 'Include Unnamed Stores',
			name: 'unnamed',
			type: 'boolean',
			default: false,
			description:
				'Whether to list unnamed stores (such as those of Actor runs) as well as named ones',
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

export const description = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['getAll'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		unnamed?: boolean;
		desc?: boolean;
	};
	const qs: IDataObject = {};
	if (options.unnamed) qs.unnamed = 1;
	if (options.desc) qs.desc = 1;
	const stores = await listStores(
		{ session: run.session, itemIndex, settings: transportSettings(this, itemIndex) },
		qs,
		limit,
	);
	return stores.map((store) => ({ json: storeOutput(store), pairedItem: { item: itemIndex } }));
}
