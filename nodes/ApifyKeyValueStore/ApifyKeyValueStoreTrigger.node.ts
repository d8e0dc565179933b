import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { searchStores } from './methods/listSearch';
import { triggerProperties } from './trigger/description';
import { pollStore } from './trigger/poll';

export class ApifyKeyValueStoreTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Apify Key-Value Store Trigger',
		name: 'apifyKeyValueStoreTrigger',
		icon: { light: 'file:apify.svg', dark: 'file:apify.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Watching " + ($parameter["events"] || []).join(", ") }}',
		description:
			'Starts the workflow when records appear, change or go in an Apify key-value store',
		defaults: { name: 'Apify Key-Value Store Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'apifyKeyValueStoreApi', required: true }],
		properties: triggerProperties,
	};

	methods = { listSearch: { searchStores } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollStore.call(this);
	}
}
