import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { paginationFields, readLimit } from '../../shared/fields';
import { readBoolean, readChoice } from '../../shared/parameters';
import type { Execution } from '../execution';
import { SIMPLE_STORE_FIELDS, simpleStore } from './simpleStore';
import { optionsCollection } from '../../shared/requestOptions';

const OWNERSHIP = ['all', 'ownedByMe', 'sharedWithMe'] as const;

export const option = {
	name: 'Get Many Stores',
	description: "List the account's key-value stores",
	action: 'Get many stores',
};

export const properties: INodeProperties[] = [
	...paginationFields(),
	{
		displayName: 'Simplify',
		name: 'simple',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		hint: `When on, each store has only: ${SIMPLE_STORE_FIELDS.join(', ')}`,
		// Version 1 keeps every field, as saved workflows had them.
		displayOptions: { show: { '@version': [2] } },
	},
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
		{
			displayName: 'Ownership',
			name: 'ownership',
			type: 'options',
			default: 'all',
			description: 'Whose stores to list',
			options: [
				{
					name: 'All I Can Access',
					value: 'all',
					description: 'Stores of the account and shared with it',
				},
				{ name: 'Owned by Me', value: 'ownedByMe', description: "The account's own stores" },
				{
					name: 'Shared with Me',
					value: 'sharedWithMe',
					description: 'Stores other users shared with the account',
				},
			],
		},
	]),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Lists the key-value stores of the Apify account: ${SIMPLE_STORE_FIELDS.join(', ')} of each (every field Apify gives, with Simplify off).`;

/** Store > Get Many: the account's stores, filtered and sorted as the options say. */
export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reader = execution.parameters(itemIndex);
	const limit = readLimit(reader);
	const ownership = readChoice(reader, 'options.ownership', 'Ownership', OWNERSHIP, 'all');
	const query = {
		unnamed: readBoolean(reader, 'options.unnamed', 'Include Unnamed Stores'),
		desc: readBoolean(reader, 'options.desc', 'Newest First'),
		ownership: ownership === 'all' ? undefined : ownership,
	};
	const stores = await execution.api.stores.list(query, limit, execution.call(itemIndex));
	const simple = this.getNode().typeVersion >= 2 && readBoolean(reader, 'simple', 'Simplify', true);
	return stores.map((store) => ({
		json: simple ? simpleStore(store) : store,
		pairedItem: { item: itemIndex },
	}));
}
