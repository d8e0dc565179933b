import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { compress, compressionUnsupported, counted } from '../../helpers/compress';
import {
	chooseEncoding,
	COMPRESSIONS,
	type Compression,
	type ContentEncoding,
} from '../../helpers/compressionChoice';
import { STORE_ID } from '../../helpers/storeReference';
import { contentTypeProblem } from '../../helpers/serialization';
import { headerValue } from '../../transport';
import type { ByteStream } from '../../transport/body';
import { publicUrlOption, recordKeyField, storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import type { RecordTarget } from '../target';
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

export const description = updateDisplayOptions(
	{ show: { resource: ['record'], operation: ['store'] } },
	properties,
);

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
	if (value.kind === 'buffer' && encoding === 'identity') {
		return {
			open: async () => value.buffer,
			bytes: value.buffer.length,
			uploadedBytes: value.buffer.length,
		};
	}
	const counter = { bytes: 0 };
	const source = value.kind === 'buffer' ? value.buffer : counted(await value.open(), counter);
	const body = await compress(source, encoding as Exclude<ContentEncoding, 'identity'>);
	const bytes = value.kind === 'buffer' ? value.buffer.length : counter.bytes;
	return { open: async () => body, bytes, uploadedBytes: body.length };
}

/**
 * The record's URL: the server's Location when it names exactly this record on the API's own
 * origin, otherwise built from the Base URL, so nothing else the server puts there (a query
 * with a token, another host) reaches the output.
 */
function recordLocation(
	baseUrl: string,
	target: RecordTarget,
	header: string | undefined,
): { location: string; storeId: string } {
	const built = { location: `${baseUrl}${target.path}`, storeId: target.store.reference };
	if (!header) return built;
	let url: URL;
	try {
		url = new URL(header, baseUrl);
	} catch {
		return built;
	}
	const base = new URL(baseUrl);
	const prefix = `${base.pathname.replace(/\/$/, '')}/v2/key-value-stores/`;
	const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length).split('/') : [];
	const [store, records, key] = rest;
	// The store segment is the reference we sent or an ID, never anything else the server chose.
	const knownStore =
		store === encodeURIComponent(target.store.reference) || STORE_ID.test(store ?? '');
	const exact =
		rest.length === 3 &&
		knownStore &&
		records === 'records' &&
		key === encodeURIComponent(target.key);
	if (
		url.origin !== base.origin ||
		url.search ||
		url.hash ||
		url.username ||
		url.password ||
		!exact
	)
		return built;
	return { location: url.href, storeId: STORE_ID.test(store) ? store : target.store.reference };
}

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const node = this.getNode();
	// A bad store or key fails the item before its value is read (the target is read once, cached).
	const { key } = run.recordTarget(itemIndex);
	const value = await readRecordValue.call(this, itemIndex, run.items[itemIndex]);
	const contentType =
		(this.getNodeParameter('contentType', itemIndex, '') as string).trim() || value.contentType;
	const typeProblem = contentTypeProblem(contentType);
	if (typeProblem) throw new NodeOperationError(node, typeProblem, { itemIndex });

	const compression = this.getNodeParameter('compression', itemIndex) as Compression;
	if (!COMPRESSIONS.includes(compression)) {
		throw new NodeOperationError(
			node,
			`${JSON.stringify(String(compression))} is not a compression this node knows`,
			{
				itemIndex,
				description: `Choose one of: ${COMPRESSIONS.join(', ')}.`,
			},
		);
	}
	const size = value.kind === 'buffer' ? value.buffer.length : value.size;
	const encoding = chooseEncoding(compression, size, contentType);
	const unsupported = compressionUnsupported(encoding);
	if (unsupported) throw new NodeOperationError(node, unsupported, { itemIndex });
	const body = await prepareBody(value, encoding);

	const headers: Record<string, string> = { 'Content-Type': contentType };
	if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
	const { target, answer } = await run.recordRequest(itemIndex, {
		method: 'PUT',
		headers,
		body: body.open,
	});
	const { baseUrl } = await run.session.connection(itemIndex);
	const wantsLink = this.getNodeParameter('options.publicUrl', itemIndex, false) === true;
	const { location, storeId } = recordLocation(
		baseUrl,
		target,
		headerValue(answer.headers, 'location'),
	);
	return [
		{
			json: {
				storeId,
				key,
				location,
				contentType,
				contentEncoding: encoding,
				bytes: body.bytes,
				uploadedBytes: body.uploadedBytes,
				...(wantsLink ? await run.publicUrl(target.store, key, itemIndex) : {}),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
