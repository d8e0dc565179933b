import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	requestLimits,
	type CallOptions,
	type KeyValueStoreClient,
	type RecordRead,
} from '../../api';
import { DEFAULT_TOOL_ANSWER_CHARS, firstChars } from '../../helpers/toolAnswer';
import { isPlainObject } from '../../helpers/plainObject';
import {
	DEFAULT_MAX_RECORD_BYTES,
	outputFileField,
	publicUrlOption,
	readOutputField,
	readPublicUrl,
	recordKeyLocator,
} from '../../shared/fields';
import { storeTargetFields } from '../../shared/storeSource';
import {
	itemParameters,
	numberField,
	readBoolean,
	readChoice,
	readNumber,
	readText,
} from '../../shared/parameters';
import { badJsonMessage, recordContent, recordFile } from '../../shared/recordItem';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { RECORD_KEY_RULE } from '../../helpers/recordKey';

const MAX_RECORD_SIZE = {
	label: 'Max Record Size',
	rule: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
	fallback: DEFAULT_MAX_RECORD_BYTES,
	hint: `Set it to the largest record you expect, or remove it to use the default (${DEFAULT_MAX_RECORD_BYTES}).`,
};
const IF_MISSING = ['error', 'flag'] as const;
const TOOL_MAX_CHARS = {
	label: 'Max Characters for the Agent',
	rule: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
	fallback: DEFAULT_TOOL_ANSWER_CHARS,
};

export const option = {
	name: 'Get Record',
	description:
		'Read the record stored under a key: JSON into the item, text as a string, anything else as a file',
	action: 'Get a record',
};

/** Items that address the same key are written (and read) in input order. */
export const oneRecordPerItem = true;

export const properties: INodeProperties[] = [
	...storeTargetFields,
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
			`The largest record to read, in bytes (uncompressed); a larger one stops the read and fails the item. Apify's records hold at most ${requestLimits.recordLimitBytes} bytes.`,
		),
		outputFileField(
			'The name of the output binary field for records that are neither JSON nor text',
		),
	]),
	{
		displayName: 'Put Value in Field',
		name: 'valueField',
		type: 'string',
		default: 'value',
		description:
			"The output field that holds the record's value: parsed JSON, or text. Every item also has key, found, contentType and bytes.",
		displayOptions: { show: { '@version': [2] } },
	},
	{
		...numberField(
			'toolMaxChars',
			TOOL_MAX_CHARS,
			'The most characters of a record the AI agent receives. A longer record comes cut, marked truncated, with its full size and a link to all of it; a file comes as its type, size and link.',
		),
		displayOptions: { show: { '@tool': [true] } },
	},
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Reads the record stored under a key in an Apify key-value store. Supply the record key (${RECORD_KEY_RULE}). Returns { key, found, contentType, bytes, value }, value being the parsed JSON or the text (version 1 of the node gives a JSON object record as its own fields), up to ${DEFAULT_TOOL_ANSWER_CHARS} characters by default: a longer record comes cut to that, with truncated: true, its full size in bytes and publicUrl, a link to the whole record. A file comes as its contentType, bytes and publicUrl, not its content. Fails when no record has that key.`;

/** The item's reading options, checked. */
function readOptions(ctx: IExecuteFunctions, itemIndex: number) {
	const reader = itemParameters(ctx, itemIndex);
	return {
		ifMissing: readChoice(reader, 'options.ifMissing', 'If Missing', IF_MISSING, 'error'),
		jsonAsText: readBoolean(reader, 'options.jsonAsText', 'JSON as Text'),
		maxBytes: readNumber(reader, 'options.maxRecordBytes', MAX_RECORD_SIZE),
		field: readOutputField(reader),
		publicUrl: readPublicUrl(reader),
		// Version 2 puts every value in one field; version 1 merges a JSON object into the item.
		valueField:
			ctx.getNode().typeVersion >= 2
				? readText(reader, 'valueField', 'Put Value in Field').trim() || 'value'
				: undefined,
	};
}

/**
 * The item of a record read by the shared rule. Version 2: every item is { key, found, contentType,
 * bytes } with JSON or text in the value field, a file beside it. Version 1: a JSON object becomes
 * the item's JSON; other JSON and text go into "value". A JSON record that does not parse fails
 * the item, with the way to read it anyway.
 */
async function recordItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	key: string,
	record: RecordRead,
	options: ReturnType<typeof readOptions> & { link: IDataObject; origin: IDataObject },
): Promise<Pick<INodeExecutionData, 'json' | 'binary'>> {
	const { link, origin, valueField } = options;
	const base = {
		key,
		...(valueField === undefined ? {} : { found: true }),
		contentType: record.contentType,
		bytes: record.body.length,
		...link,
		...origin,
	};
	const content = recordContent(record, options.jsonAsText);
	switch (content.shape) {
		case 'badJson':
			throw new NodeOperationError(ctx.getNode(), badJsonMessage(key, content.problem), {
				itemIndex,
				description: 'Turn on "JSON as Text" to read it as text.',
			});
		case 'json': {
			const value = content.value as IDataObject;
			if (valueField !== undefined) return { json: { ...base, [valueField]: value } };
			return isPlainObject(value) ? { json: { ...value, ...link } } : { json: { ...base, value } };
		}
		case 'text':
			return { json: { ...base, [valueField ?? 'value']: content.value } };
		case 'binary': {
			// Version 2: the value field is there for a file too (null: the file is the binary field).
			const json = valueField === undefined ? base : { ...base, [valueField]: null };
			return { json, binary: { [options.field]: await recordFile(ctx, record, key) } };
		}
	}
}

/**
 * What the agent receives of a record: all of a JSON or text record that fits `maxChars`; else its
 * first characters, marked truncated, with its size and a signed link to the whole of it (where
 * the token may read the store's signing key). A file: its type, size and link, never its bytes.
 */
async function toolAnswer(
	client: KeyValueStoreClient,
	key: string,
	record: RecordRead,
	options: { jsonAsText: boolean; maxChars: number; origin: IDataObject },
	call: CallOptions,
): Promise<IDataObject | undefined> {
	const binary = recordContent(record, options.jsonAsText).shape === 'binary';
	const text = binary ? '' : record.body.toString('utf8');
	if (!binary && text.length <= options.maxChars) return undefined;
	const link = await client.recordPublicUrl(key, call);
	const signed = link.publicUrl !== undefined && link.publicUrlSigned !== false;
	return {
		key,
		contentType: record.contentType,
		bytes: record.body.length,
		...(binary
			? { note: 'A file: its content is not given to the agent; publicUrl opens it.' }
			: { truncated: true, value: firstChars(text, options.maxChars) }),
		...(signed
			? { publicUrl: link.publicUrl }
			: { publicUrlNote: link.publicUrlNote ?? 'No link to the whole record.' }),
		...options.origin,
	};
}

export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { key, store } = execution.recordTarget(itemIndex);
	const options = readOptions(this, itemIndex);
	const call = execution.call(itemIndex);
	const client = await execution.storeClient(itemIndex, store);
	const record = await client.getRecord(key, {
		...call,
		ifMissing: options.ifMissing,
		maxBytes: options.maxBytes,
		tooLarge: (limit) => ({
			message: `The record ${JSON.stringify(key)} is larger than ${limit} bytes once decoded, so the read was stopped`,
			description:
				'Raise "Max Record Size" in the options if the record is meant to be this large.',
		}),
	});
	const paired = { pairedItem: { item: itemIndex } };
	const origin: IDataObject = { ...client.runOrigin };
	if (!record) return [{ json: { key, found: false, ...origin }, ...paired }];
	if (execution.asTool) {
		const maxChars = readNumber(execution.parameters(itemIndex), 'toolMaxChars', TOOL_MAX_CHARS);
		const toolOptions = { jsonAsText: options.jsonAsText, maxChars, origin };
		const answer = await toolAnswer(client, key, record, toolOptions, call);
		if (answer) return [{ json: answer, ...paired }];
	}
	const link: IDataObject = options.publicUrl
		? { ...(await client.recordPublicUrl(key, call)) }
		: {};
	const item = await recordItem(this, itemIndex, key, record, { ...options, link, origin });
	return [{ ...item, ...paired }];
}
