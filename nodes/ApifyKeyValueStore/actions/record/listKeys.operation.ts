import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { apifyRequest, parseJson } from '../../transport';
import { storePath } from '../common';
import { paginationFields, storeLocator } from '../descriptions';
import { optionsCollection, transportSettings } from '../settings';

const PAGE_SIZE = 1000;

const properties: INodeProperties[] = [
	storeLocator,
	...paginationFields(),
	optionsCollection([
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

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['listKeys'] } }, properties);

interface KeysPage {
	data: { items: Array<{ key: string; size: number; recordPublicUrl: string }>; isTruncated: boolean; nextExclusiveStartKey?: string | null };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const store = storePath(this, itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const options = this.getNodeParameter('options', itemIndex, {}) as { prefix?: string; exclusiveStartKey?: string };
	const settings = transportSettings(this, itemIndex);
	const keys: IDataObject[] = [];
	let exclusiveStartKey = options.exclusiveStartKey || undefined;
	// Each page moves exclusiveStartKey forward, so the loop ends with the keys.
	while (keys.length < limit) {
		const qs: IDataObject = { limit: Math.min(PAGE_SIZE, limit - keys.length) };
		if (options.prefix) qs.prefix = options.prefix;
		if (exclusiveStartKey) qs.exclusiveStartKey = exclusiveStartKey;
		const answer = await apifyRequest.call(this, { method: 'GET', path: `${store.path}/keys`, qs, itemIndex }, settings);
		const page = (parseJson.call(this, answer, itemIndex) as KeysPage).data;
		keys.push(...page.items.map(({ key, size, recordPublicUrl }) => ({ key, size, recordPublicUrl })));
		const next = page.nextExclusiveStartKey;
		if (!page.isTruncated || !next || next === exclusiveStartKey || page.items.length === 0) break;
		exclusiveStartKey = next;
	}
	return keys.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
