import type { INodeProperties } from 'n8n-workflow';
import * as store from './store.operation';

export { store };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['record'] } },
		options: [
			{
				name: 'Store Record',
				value: 'store',
				description: 'Store a value under a key in a key-value store, creating or replacing the record',
				action: 'Store a record',
			},
		],
		default: 'store',
	},
	...store.description,
];
