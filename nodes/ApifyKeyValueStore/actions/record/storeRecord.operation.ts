import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ByteStream } from '../../api';
import { compress, counted } from '../../helpers/compress';
import type { ContentEncoding } from '../../helpers/compressionChoice';
import {
	DEFAULT_BINARY_FIELD,
	publicUrlOption,
	readPublicUrl,
	recordKeyField,
} from '../../shared/fields';
import { storeTargetFields } from '../../shared/storeSource';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { readRecordFormat } from './recordFormat';
import { readRecordValue, valueSize, type RecordValue } from './recordValue';
import { inputModeFields, storeAllItems, storesAllItems } from './storeAllItems';
import { RECORD_KEY_RULE } from '../../helpers/recordKey';

export const option = {
	name: 'Store Record',
	description: 'Store a value (JSON, text or a file) under a key, creating or replacing the record',
	action: 'Store a record',
};

/** Items that address the same key are written (and read) in input order. */
export const oneRecordPerItem = true;

/** Shown for "One Record per Item" only, and for the value source given. */
const perItem = (valueSource?: string[]) => ({
	show: { inputMode: ['each'], ...(valueSource ? { valueSource } : {}) },
});

export const properties: INodeProperties[] = [
	...storeTargetFields,
	...inputModeFields,
	recordKeyField,
	{
		displayName: 'Value Source',
		name: 'valueSource',
		type: 'options',
		default: 'itemJson',
		displayOptions: perItem(),
		description: 'What to store as the record’s value',
		options: [
			{ name: 'Item JSON', value: 'itemJson', description: "The input item's whole JSON" },
			{
				name: 'Custom JSON',
				value: 'customJson',
				description: 'JSON you write or build with expressions',
			},
			{ name: 'Text', value: 'text', description: 'A text value' },
			{ name: 'Binary File', value: 'binary', description: 'A file from the item’s binary data' },
		],
	},
	{
		displayName: 'JSON',
		name: 'jsonValue',
		type: 'json',
		default: '{}',
		displayOptions: perItem(['customJson']),
		description: 'The JSON value to store',
	},
	{
		displayName: 'Text',
		name: 'textValue',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: perItem(['text']),
		description: 'The text to store',
		hint: 'An object from an expression can be stored as text with {{ JSON.stringify($json.value) }}',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: DEFAULT_BINARY_FIELD,
		required: true,
		displayOptions: perItem(['binary']),
		hint: 'The name of the input binary field containing the file to be stored',
	},
	{
		displayName: 'Content Type',
		name: 'contentType',
		type: 'string',
		default: '',
		placeholder: 'e.g. text/csv; charset=utf-8',
		description:
			"The record's MIME type. Empty chooses it: application/JSON; charset=utf-8 for JSON, text/plain; charset=utf-8 for text, and the file's own type for binary data.",
	},
	{
		displayName: 'Compression',
		name: 'compression',
		type: 'options',
		default: 'auto',
		description:
			'How to compress the value on its way to Apify. Apify stores it compressed and serves it decoded.',
		options: [
			{
				name: 'Automatic',
				value: 'auto',
				description:
					'Gzip values of 1 KiB or more whose type compresses (not images, audio, video or archives)',
			},
			{
				name: 'Brotli',
				value: 'br',
				description:
					'Smallest, but slow (maximum quality, about 2 s per MB); needs n8n on Node.js 24 or later',
			},
			{ name: 'Deflate', value: 'deflate', description: 'Deflate (zlib format)' },
			{ name: 'Gzip', value: 'gzip', description: 'Gzip: fast and supported everywhere' },
			{ name: 'None', value: 'none', description: 'Send the value as it is' },
		],
	},
	optionsCollection([publicUrlOption]),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Stores a value in an Apify key-value store under a record key, creating or replacing the record. Supply the record key (${RECORD_KEY_RULE}) and the value; a record holds at most 9 MB. Returns the record's storeId, key, location (its URL), contentType, contentEncoding and sizes in bytes.`;

/** The body to send, opened afresh for each attempt, and its sizes before and after compression. */
interface PreparedBody {
	open: () => Promise<Buffer | ByteStream>;
	bytes: number;
	uploadedBytes: number;
}

/**
 * An uncompressed file streams from n8n's binary store (re-opened on a retry); anything
 * compressed is compressed once, into memory, and the same bytes are sent on every attempt.
 */
async function prepareBody(value: RecordValue, encoding: ContentEncoding): Promise<PreparedBody> {
	if (value.kind === 'stream' && encoding === 'identity') {
		return { open: value.open, bytes: value.size, uploadedBytes: value.size };
	}
	const buffer = value.kind === 'held' ? await value.load() : undefined;
	const whole = value.kind === 'buffer' ? value.buffer : buffer;
	if (whole && encoding === 'identity') {
		return { open: async () => whole, bytes: whole.length, uploadedBytes: whole.length };
	}
	const counter = { bytes: 0 };
	const source =
		whole ?? counted(await (value as { open: () => Promise<ByteStream> }).open(), counter);
	const body = await compress(source, encoding as Exclude<ContentEncoding, 'identity'>);
	return {
		open: async () => body,
		bytes: whole?.length ?? counter.bytes,
		uploadedBytes: body.length,
	};
}

/**
 * The memory an item will hold until its request is done: a file decoded from the item, and a
 * compressed copy. Taken from the execution's byte budget before either is made.
 */
function bytesToHold(value: RecordValue, encoding: ContentEncoding): number {
	const compressed = encoding === 'identity' ? 0 : valueSize(value);
	return (value.kind === 'held' ? value.size : 0) + compressed;
}

/** "All Items in One Record": one record for every item, stored once; undefined for one record per item. */
export async function executeAll(
	this: IExecuteFunctions,
	execution: Execution,
): Promise<INodeExecutionData[] | undefined> {
	if (!storesAllItems(execution.parameters(0))) return undefined;
	return await storeAllItems.call(this, execution);
}

export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	// A bad store or key fails the item before its value is read (the target is read once, cached).
	const target = execution.recordTarget(itemIndex);
	const value = await readRecordValue.call(this, itemIndex, execution.items[itemIndex]);
	const reader = execution.parameters(itemIndex);
	const { contentType, encoding } = readRecordFormat(reader, value.contentType, valueSize(value));
	const call = execution.call(itemIndex);
	const wantsLink = readPublicUrl(reader);
	const headers: Record<string, string> = { 'Content-Type': contentType };
	if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
	const client = await execution.storeClient(itemIndex, target.store);
	let body: PreparedBody | undefined;
	// Decoded files and compressed bodies stay in memory until sent: the client holds the execution's
	// byte budget for them while it prepares and sends the body.
	const write = {
		headers,
		holdBytes: bytesToHold(value, encoding),
		prepare: async () => (body = await prepareBody(value, encoding)).open,
	};
	const stored = await client.setRecord(target.key, write, call);
	const link = wantsLink ? await client.recordPublicUrl(target.key, call, stored.storeId) : {};
	const json = {
		storeId: stored.storeId,
		key: target.key,
		location: stored.location,
		contentType,
		contentEncoding: encoding,
		bytes: body?.bytes,
		uploadedBytes: body?.uploadedBytes,
		...link,
		...client.runOrigin,
	};
	return [{ json, pairedItem: { item: itemIndex } }];
}
