import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as record from './actions/record/Record.resource';
import * as store from './actions/store/Store.resource';
import { router } from './actions/router';
import { searchRecordKeys, searchStores } from './methods/listSearch';

export class ApifyKeyValueStore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apify Key-Value Store',
		name: 'apifyKeyValueStore',
		icon: { light: 'file:apify.svg', dark: 'file:apify.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Store, read and manage records in Apify key-value stores',
		defaults: { name: 'Apify Key-Value Store' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apifyKeyValueStoreApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Record', value: 'record' },
					{ name: 'Store', value: 'store' },
				],
				default: 'record',
			},
			...record.description,
			...store.description,
		],
	};

	methods = { listSearch: { searchStores, searchRecordKeys } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
