import type { INodeProperties } from 'n8n-workflow';
import * as del from './delete.operation';
import * as downloadRecords from './downloadRecords.operation';
import * as get from './get.operation';
import * as getOrCreate from './getOrCreate.operation';
import * as update from './update.operation';
import * as getAll from './getAll.operation';

export { del as delete, downloadRecords, get, getAll, getOrCreate, update };

/** What the canvas shows under the node for each operation. */
export const subtitles: Record<string, string> = {
	get: 'Get Store',
	getOrCreate: 'Get or Create Store',
	getAll: 'Get Many Stores',
	update: 'Update Store',
	delete: 'Delete Store',
	downloadRecords: 'Download Records',
};

/** What an AI agent reads of each operation. */
export const toolDescriptions: Record<string, string> = {
	get: get.toolDescription,
	getOrCreate: getOrCreate.toolDescription,
	getAll: getAll.toolDescription,
	update: update.toolDescription,
	delete: del.toolDescription,
	downloadRecords: downloadRecords.toolDescription,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['store'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a key-value store and every record in it',
				action: 'Delete a store',
			},
			{
				name: 'Download Records',
				value: 'downloadRecords',
				description:
					'Download all records of a store (or those with a key prefix) as one ZIP file, one file per key',
				action: 'Download the records of a store',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a key-value store by ID or name, with its statistics',
				action: 'Get a store',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: "List the account's key-value stores",
				action: 'Get many stores',
			},
			{
				name: 'Get or Create',
				value: 'getOrCreate',
				description: 'Get the store of a name, creating it when there is none',
				action: 'Get or create a store',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Rename a store, give it a title or change who may read it (its general access)',
				action: 'Update a store',
			},
		],
		default: 'getOrCreate',
	},
	...del.description,
	...downloadRecords.description,
	...get.description,
	...getOrCreate.description,
	...update.description,
	...getAll.description,
];
