import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { byOperation, resourceProperties } from './actions/operations';
import { router } from './actions/router';
import { toolDescriptionFields } from './actions/toolDescription';
import {
	searchActors,
	searchRecordKeys,
	searchRuns,
	searchStores,
	searchTasks,
} from './methods/listSearch';

const properties: INodeProperties[] = [
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
	...resourceProperties('record'),
	...resourceProperties('store'),
	// As an AI agent's tool, each operation describes itself (what to supply, the rules, what comes back).
	...toolDescriptionFields(byOperation((operation) => operation.toolDescription)),
];

/** "resource:operation" → what the canvas shows, e.g. "Store Record", "Get or Create Store". */
const SUBTITLES = byOperation((operation) => operation.option.name);

export class ApifyKeyValueStore implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apify Key-Value Store',
		name: 'apifyKeyValueStore',
		icon: { light: 'file:apify.svg', dark: 'file:apify.dark.svg' },
		group: ['output'],
		// Version 2: Get Record gives every record the same fields, its value in one (saved workflows keep 1).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: `={{ (${JSON.stringify(SUBTITLES)})[$parameter["resource"] + ":" + $parameter["operation"]] }}`,
		description: 'Store, read and manage records in Apify key-value stores',
		defaults: { name: 'Apify Key-Value Store' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apifyKeyValueStoreApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchStores, searchRecordKeys, searchRuns, searchActors, searchTasks },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
