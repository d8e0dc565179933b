import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import type { Execution } from './execution';
import * as deleteRecord from './record/deleteRecord.operation';
import * as getRecord from './record/getRecord.operation';
import * as listKeys from './record/listKeys.operation';
import * as recordExists from './record/recordExists.operation';
import * as storeRecord from './record/storeRecord.operation';
import * as deleteStore from './store/deleteStore.operation';
import * as downloadRecords from './store/downloadRecords.operation';
import * as getManyStores from './store/getManyStores.operation';
import * as getOrCreateStore from './store/getOrCreateStore.operation';
import * as getStore from './store/getStore.operation';
import * as updateStore from './store/updateStore.operation';

/** What every operation file exports: the one place an operation is described and run. */
export interface Operation {
	/** Its entry in the Operation field; its name is also what the canvas shows under the node. */
	option: Pick<INodePropertyOptions, 'name' | 'description' | 'action'>;
	/** What an AI agent reads of it as a tool: what it does, what to supply, what it returns. */
	toolDescription: string;
	/** Its parameters (shown for this resource and operation only). */
	properties: INodeProperties[];
	/** Items that address the same record key run one after another, in input order. */
	oneRecordPerItem?: boolean;
	/** Runs once for every item instead of once per item, when its parameters say so (else undefined). */
	executeAll?(
		this: IExecuteFunctions,
		execution: Execution,
	): Promise<INodeExecutionData[] | undefined>;
	execute(
		this: IExecuteFunctions,
		execution: Execution,
		itemIndex: number,
	): Promise<INodeExecutionData[]>;
}

/**
 * Every operation, by resource and value (the values are a contract: saved workflows name them).
 * Adding an operation is one file and one entry here: the router, the Operation fields, the
 * canvas subtitles and the tool descriptions all read this table.
 */
export const operations = {
	record: {
		store: storeRecord,
		get: getRecord,
		delete: deleteRecord,
		exists: recordExists,
		listKeys,
	},
	store: {
		get: getStore,
		getOrCreate: getOrCreateStore,
		getAll: getManyStores,
		update: updateStore,
		delete: deleteStore,
		downloadRecords,
	},
} satisfies Record<string, Record<string, Operation>>;

export type Resource = keyof typeof operations;

/** The operation a new node of each resource starts with. */
const DEFAULT_OPERATION: { [R in Resource]: keyof (typeof operations)[R] } = {
	record: 'store',
	store: 'getOrCreate',
};

/** Each resource's operations as [value, operation] pairs. */
function operationsOf(resource: Resource): Array<[string, Operation]> {
	return Object.entries(operations[resource]);
}

/** The operation of a resource and value, or undefined for one the package does not have. */
export function findOperation(resource: string, value: string): Operation | undefined {
	const own = <T>(table: Record<string, T>, name: string) =>
		Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
	const ofResource = own<Record<string, Operation>>(operations, resource);
	return ofResource && own(ofResource, value);
}

/** A resource's Operation field and every operation's parameters, each shown for its own operation. */
export function resourceProperties(resource: Resource): INodeProperties[] {
	const entries = operationsOf(resource);
	const operation = DEFAULT_OPERATION[resource];
	const field: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: entries
			.map(([value, { option }]) => ({ ...option, value }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: operation,
	};
	const shown = entries.flatMap(([value, { properties }]) =>
		updateDisplayOptions({ show: { resource: [resource], operation: [value] } }, properties),
	);
	return [field, ...shown];
}

/** "resource:operation" → one of each operation's texts (its subtitle, its tool description). */
export function byOperation(text: (operation: Operation) => string): Record<string, string> {
	const resources = Object.keys(operations) as Resource[];
	return Object.fromEntries(
		resources.flatMap((resource) =>
			operationsOf(resource).map(([value, operation]) => [`${resource}:${value}`, text(operation)]),
		),
	);
}
