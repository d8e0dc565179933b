import { pipeline, type Readable } from 'stream';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { ByteCounter } from '../../helpers/byteCounter';
import {
	chooseEncoding,
	COMPRESSIONS,
	compressBuffer,
	createCompressor,
	DEFAULT_COMPRESSION_LEVEL,
	type Compression,
	type ContentEncoding,
} from '../../helpers/compression';
import { contentTypeProblem } from '../../helpers/serialization';
import { apifyRequest } from '../../transport';
import { recordPath } from '../common';
import { recordKeyField, storeLocator } from '../descriptions';
import { optionsCollection, transportSettings } from '../settings';
import { readRecordValue, type RecordValue } from './recordValue';

const properties: INodeProperties[] = [
	storeLocator,
	recordKeyField,
	{
		displayName: 'Value Source',
		name: 'valueSource',
		type: 'options',
		default: 'itemJson',
		description: 'What to store as the record’s value',
		options: [
			{ name: 'Item JSON', value: 'itemJson', description: "The input item's whole JSON" },
			{ name: 'Custom JSON', value: 'customJson', description: 'JSON you write or build with expressions' },
			{ name: 'Text', value: 'text', description: 'A text value' },
			{ name: 'Binary File', value: 'binary', description: 'A file from the item’s binary data' },
		],
	},
	{
		displayName: 'JSON',
		name: 'jsonValue',
		type: 'json',
		default: '{}',
		displayOptions: { show: { valueSource: ['customJson'] } },
		description: 'The JSON value to store',
	},
	{
		displayName: 'Text',
		name: 'textValue',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		displayOptions: { show: { valueSource: ['text'] } },
		description: 'The text to store',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { valueSource: ['binary'] } },
		hint: 'The name of the input binary field containing the file to be stored',
	},
	{
		displayName: 'Content Type',
		name: 'contentType',
		type: 'string',
		default: '',
		placeholder: 'e.g. text/csv; charset=utf-8',
		description: 'The record\'s MIME type. Empty chooses it: application/JSON; charset=utf-8 for JSON, text/plain; charset=utf-8 for text, and the file\'s own type for binary data.',
	},
	{
		displayName: 'Compression',
		name: 'compression',
		type: 'options',
		default: 'auto',
		description: 'How to compress the value on its way to Apify. Apify stores it compressed and serves it decoded.',
		options: [
			{
				name: 'Automatic',
				value: 'auto',
				description: 'Gzip values of 1 KiB or more whose type compresses (not images, audio, video or archives)',
			},
			{ name: 'Brotli', value: 'br', description: 'Brotli: smaller than gzip, slower to compress' },
			{ name: 'Deflate', value: 'deflate', description: 'Deflate (zlib)' },
			{ name: 'Gzip', value: 'gzip', description: 'Gzip: fast and supported everywhere' },
			{ name: 'None', value: 'none', description: 'Send the value as it is' },
		],
	},
	optionsCollection([
		{
			displayName: 'Compression Level',
			name: 'compressionLevel',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 11 },
			default: DEFAULT_COMPRESSION_LEVEL,
			description: 'Higher is smaller and slower: 1 to 9 for gzip and deflate, 0 to 11 for Brotli',
		},
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['store'] } }, properties);

/** The body to send, built once per attempt so a streamed file can be sent again on a retry. */
interface PreparedBody {
	open: () => Promise<Buffer | Readable>;
	/** Bytes before and after compression of the last attempt. */
	sizes: () => { bytes: number; uploadedBytes: number };
}

async function prepareBody(value: RecordValue, encoding: ContentEncoding, level: number): Promise<PreparedBody> {
	if (value.kind === 'buffer') {
		const body = await compressBuffer(value.buffer, encoding, level);
		return { open: async () => body, sizes: () => ({ bytes: value.buffer.length, uploadedBytes: body.length }) };
	}
	let counters = { source: new ByteCounter(), upload: new ByteCounter() };
	return {
		open: async () => {
			counters = { source: new ByteCounter(), upload: new ByteCounter() };
			const source = await value.open();
			const stages: NodeJS.ReadWriteStream[] = [counters.source];
			if (encoding !== 'identity') stages.push(createCompressor(encoding, level));
			stages.push(counters.upload);
			// pipeline() destroys every stage when one fails, so an aborted upload closes the file.
			return pipeline([source, ...stages], () => {}) as unknown as Readable;
		},
		sizes: () => ({ bytes: counters.source.bytes, uploadedBytes: counters.upload.bytes }),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	const target = recordPath(this, itemIndex);

	const value = await readRecordValue.call(this, itemIndex, item);
	const contentType = (this.getNodeParameter('contentType', itemIndex, '') as string).trim() || value.contentType;
	const typeProblem = contentTypeProblem(contentType);
	if (typeProblem) throw new NodeOperationError(node, typeProblem, { itemIndex });

	const compression = this.getNodeParameter('compression', itemIndex) as Compression;
	if (!COMPRESSIONS.includes(compression)) {
		throw new NodeOperationError(node, `"${String(compression)}" is not a compression this node knows`, {
			itemIndex,
			description: `Choose one of: ${COMPRESSIONS.join(', ')}.`,
		});
	}
	const level = this.getNodeParameter('options.compressionLevel', itemIndex, DEFAULT_COMPRESSION_LEVEL) as number;
	const size = value.kind === 'buffer' ? value.buffer.length : value.size;
	const encoding = chooseEncoding(compression, size, contentType);
	const body = await prepareBody(value, encoding, level);

	const headers: Record<string, string> = { 'Content-Type': contentType };
	if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
	const answer = await apifyRequest.call(
		this,
		{
			method: 'PUT',
			path: target.path,
			headers,
			body: body.open,
			itemIndex,
		},
		transportSettings(this, itemIndex),
	);
	const location = answer.headers.location;
	const locationText = Array.isArray(location) ? location[0] : location;
	const storeIdFromLocation = locationText ? /\/key-value-stores\/([^/]+)\/records\//.exec(locationText)?.[1] : undefined;
	return [
		{
			json: {
				storeId: storeIdFromLocation ? decodeURIComponent(storeIdFromLocation) : target.store,
				key: target.key,
				location: locationText ?? null,
				contentType,
				contentEncoding: encoding,
				...body.sizes(),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
