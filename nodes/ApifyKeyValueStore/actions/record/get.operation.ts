import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { defaults } from '../../api';
import { mediaType } from '../../helpers/mediaType';
import { recordShape } from '../../helpers/recordShape';
import {
	DEFAULT_BINARY_FIELD,
	DEFAULT_MAX_RECORD_BYTES,
	outputFileField,
	publicUrlOption,
	recordKeyLocator,
	storeLocator,
} from '../descriptions';
import {
	itemParameters,
	numberField,
	readBoolean,
	readChoice,
	readNumber,
	readText,
} from '../parameters';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import { RECORD_KEY_RULE } from '../../helpers/recordKey';

const MAX_RECORD_SIZE = {
	label: 'Max Record Size (Bytes)',
	rule: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
	fallback: DEFAULT_MAX_RECORD_BYTES,
	hint: `Set it to the largest record you expect, or remove it to use the default (${DEFAULT_MAX_RECORD_BYTES}).`,
};
const IF_MISSING = ['error', 'flag'] as const;

const properties: INodeProperties[] = [
	storeLocator,
	recordKeyLocator,
	optionsCollection([
		publicUrlOption,
		{
			displayName: 'If Missing',
			name: 'ifMissing',
			type: 'options',
			default: 'error',
			description: 'What to do when the record does not exist',
			options: [
				{ name: 'Fail', value: 'error', description: 'Treat it as an error of this item' },
				{
					name: 'Output a Flagged Item',
					value: 'flag',
					description: 'Output { key, found: false } and go on',
				},
			],
		},
		{
			displayName: 'JSON as Text',
			name: 'jsonAsText',
			type: 'boolean',
			default: false,
			description:
				'Whether to output a JSON record as text in "value" instead of parsing it into the item',
		},
		numberField(
			'maxRecordBytes',
			MAX_RECORD_SIZE,
			`The most bytes a record may have once decoded; a larger one stops the read and fails the item. Apify's own limit is ${defaults.APIFY_RECORD_LIMIT_BYTES} bytes.`,
		),
		outputFileField(
			'The name of the output binary field for records that are neither JSON nor text',
		),
	]),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Reads the record stored under a key in an Apify key-value store. Supply the record key (${RECORD_KEY_RULE}). Returns a JSON record's own fields, a text record as value with its contentType, or a file; fails when no record has that key.`;

export const description = updateDisplayOptions(
	{ show: { resource: ['record'], operation: ['get'] } },
	properties,
);

/** The item's reading options, checked. */
function readOptions(ctx: IExecuteFunctions, itemIndex: number) {
	const reader = itemParameters(ctx, itemIndex);
	return {
		ifMissing: readChoice(reader, 'options.ifMissing', 'If Missing', IF_MISSING, 'error'),
		jsonAsText: readBoolean(reader, 'options.jsonAsText', 'JSON as Text'),
		maxBytes: readNumber(reader, 'options.maxRecordBytes', MAX_RECORD_SIZE),
		field:
			readText(reader, 'options.binaryPropertyName', 'Put Output File in Field').trim() ||
			DEFAULT_BINARY_FIELD,
		publicUrl: readBoolean(reader, 'options.publicUrl', 'Add Public URL'),
	};
}

/** A JSON record: an object becomes the item's JSON; any other JSON value goes into "value". */
function jsonItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	key: string,
	body: Buffer,
	base: IDataObject,
	link: IDataObject,
): IDataObject {
	let value: unknown;
	try {
		value = JSON.parse(body.toString('utf8'));
	} catch (error) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The record ${JSON.stringify(key)} says it is JSON but does not parse (${(error as Error).message})`,
			{ itemIndex, description: 'Turn on "JSON as Text" to read it as text.' },
		);
	}
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? { ...(value as IDataObject), ...link }
		: { ...base, value: value as IDataObject };
}

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const target = run.recordTarget(itemIndex);
	const { key } = target;
	const options = readOptions(this, itemIndex);
	const call = run.call(itemIndex);
	const client = run.store(target.store);
	const record = await client.getRecord(key, {
		...call,
		ifMissing: options.ifMissing,
		maxBytes: options.maxBytes,
		tooLarge: (limit) => ({
			message: `The record ${JSON.stringify(key)} is larger than ${limit} bytes once decoded, so the read was stopped`,
			description:
				'Raise "Max Record Size (Bytes)" in the options if the record is meant to be this large.',
		}),
	});
	const paired = { pairedItem: { item: itemIndex } };
	if (!record) return [{ json: { key, found: false }, ...paired }];
	const { body, contentType } = record;
	const link: IDataObject = options.publicUrl
		? { ...(await client.recordPublicUrl(key, call)) }
		: {};
	const base = { key, contentType, bytes: body.length, ...link };
	const shape = recordShape(contentType);
	if (shape === 'json' && !options.jsonAsText) {
		return [{ json: jsonItem(this, itemIndex, key, body, base, link), ...paired }];
	}
	if (shape !== 'binary') return [{ json: { ...base, value: body.toString('utf8') }, ...paired }];
	const binary = await this.helpers.prepareBinaryData(body, key, mediaType(contentType));
	return [{ json: base, binary: { [options.field]: binary }, ...paired }];
}
