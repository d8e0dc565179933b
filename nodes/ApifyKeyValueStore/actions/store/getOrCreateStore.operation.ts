import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isPlainObject } from '../../helpers/plainObject';
import { checkStoreName } from '../../helpers/storeReference';
import { itemParameters, readText, type ParameterReader } from '../../shared/parameters';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';

export const option = {
	name: 'Get or Create Store',
	description: 'Get the store of a name, creating it when there is none',
	action: 'Get or create a store',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Store Name',
		name: 'storeName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. my-results',
		description:
			'The name of the store: letters, digits and hyphens. An existing store of this name is returned as it is.',
	},
	optionsCollection([
		{
			displayName: 'Schema',
			name: 'schema',
			type: 'json',
			default: '{}',
			description:
				"The key-value store schema for a store that is created (its collections of keys, as Apify's storage schema describes them). An existing store keeps its own.",
		},
	]),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription =
	'Gets the Apify key-value store of a name, creating it when there is none. Supply the name: 1 to 63 letters, digits and hyphens, not first or last. Returns the store and created (true for a new store).';

/** The "Schema" option as an object, or undefined when it is not set or empty. */
function readSchema(reader: ParameterReader): IDataObject | undefined {
	let schema = reader.get('options.schema');
	if (schema === undefined || schema === '' || schema === null) return undefined;
	if (typeof schema === 'string') {
		try {
			schema = JSON.parse(schema) as unknown;
		} catch (error) {
			throw reader.fail(
				`"Schema" is not valid JSON (${(error as Error).message})`,
				'Write the schema as a JSON object, or remove the option.',
			);
		}
	}
	if (!isPlainObject(schema)) {
		throw reader.fail(
			'"Schema" must be a JSON object',
			'Write the schema as a JSON object, or remove the option.',
		);
	}
	return Object.keys(schema).length > 0 ? (schema as IDataObject) : undefined;
}

/** Store > Get or Create: the store of a name, created (with a schema, if given) when there is none. */
export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const reader = itemParameters(this, itemIndex);
	const name = readText(reader, 'storeName', 'Store Name').trim();
	const checked = checkStoreName(name);
	if (!checked.ok) throw new NodeOperationError(this.getNode(), checked.problem, { itemIndex });
	const schema = readSchema(reader);
	const call = execution.call(itemIndex);
	const { store, created } = await execution.api.stores.getOrCreate(checked.value, schema, call);
	return [{ json: { ...store, created }, pairedItem: { item: itemIndex } }];
}
