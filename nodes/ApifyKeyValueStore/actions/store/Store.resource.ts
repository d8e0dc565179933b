import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getOrCreate from './getOrCreate.operation';
import * as getAll from './getAll.operation';

export { get, getAll, getOrCreate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['store'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a key-value store by ID or name, with its statistics',
				action: 'Get a store',
			},
			{
				name: 'Get or Create',
				value: 'getOrCreate',
				description: 'Get the store of a name, creating it when there is none',
				action: 'Get or create a store',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the account's key-value stores",
				action: 'Get many stores',
			},
		],
		default: 'getOrCreate',
	},
	...get.description,
	...getOrCreate.description,
	...getAll.description,
];
