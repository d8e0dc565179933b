import type { INodeProperties } from 'n8n-workflow';
import * as del from './delete.operation';
import * as exists from './exists.operation';
import * as get from './get.operation';
import * as listKeys from './listKeys.operation';
import * as store from './store.operation';

export { del as delete, exists, get, listKeys, store };

/** What the canvas shows under the node for each operation. */
export const subtitles: Record<string, string> = {
	store: 'Store Record',
	get: 'Get Record',
	delete: 'Delete Record',
	exists: 'Check Record Exists',
	listKeys: 'List Keys',
};

/** What an AI agent reads of each operation. */
export const toolDescriptions: Record<string, string> = {
	store: store.toolDescription,
	get: get.toolDescription,
	delete: del.toolDescription,
	exists: exists.toolDescription,
	listKeys: listKeys.toolDescription,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['record'] } },
		options: [
			{
				name: 'Check Record Exists',
				value: 'exists',
				description: 'Check whether a record exists under a key, without reading it',
				action: 'Check if a record exists',
			},
			{
				name: 'Delete Record',
				value: 'delete',
				description: 'Delete the record stored under a key',
				action: 'Delete a record',
			},
			{
				name: 'Get Record',
				value: 'get',
				description:
					'Read the record stored under a key: JSON into the item, text as a string, anything else as a file',
				action: 'Get a record',
			},
			{
				name: 'List Keys',
				value: 'listKeys',
				description: 'List the keys of the records in a store, with their sizes',
				action: 'List record keys',
			},
			{
				name: 'Store Record',
				value: 'store',
				description:
					'Store a value (JSON, text or a file) under a key, creating or replacing the record',
				action: 'Store a record',
			},
		],
		default: 'store',
	},
	...store.description,
	...get.description,
	...del.description,
	...exists.description,
	...listKeys.description,
];
