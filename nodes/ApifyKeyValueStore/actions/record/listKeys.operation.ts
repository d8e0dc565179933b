import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { paginationFields, publicUrlOption, storeLocator } from '../descriptions';
import { listKeys } from '../listing';
import type { NodeRun } from '../run';
import { optionsCollection, transportSettings } from '../settings';
import { readStoreTarget } from '../target';

const properties: INodeProperties[] = [
	storeLocator,
	...paginationFields(),
	optionsCollection([
		publicUrlOption,
		{
			displayName: 'Prefix',
			name: 'prefix',
			type: 'string',
			default: '',
			description: 'Only keys that start with this text',
		},
		{
			displayName: 'Start After Key',
			name: 'exclusiveStartKey',
			type: 'string',
			default: '',
			description: 'Only keys that sort after this one (keys are in UTF-8 byte order)',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['record'], operation: ['listKeys'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const store = readStoreTarget(this, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		prefix?: string;
		exclusiveStartKey?: string;
		publicUrl?: boolean;
	};
	const qs: IDataObject = options.prefix ? { prefix: options.prefix } : {};
	const call = {
		session: run.session,
		itemIndex,
		settings: transportSettings(this, itemIndex),
		paceStore: store.reference,
	};
	const keys = await listKeys(call, store.path, qs, options.exclusiveStartKey || undefined, limit);
	const items: INodeExecutionData[] = [];
	for (const { key, size, recordPublicUrl } of keys) {
		const link = options.publicUrl ? await run.publicUrl(store, key, itemIndex) : {};
		items.push({ json: { key, size, recordPublicUrl, ...link }, pairedItem: { item: itemIndex } });
	}
	return items;
}
