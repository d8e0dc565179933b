import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { requestLimits } from '../../api';
import { buildBatchBody, leadingBytes } from '../../helpers/batchBody';
import { BATCH_FORMATS, batchPieces, type BatchFormat } from '../../helpers/batchFormat';
import { AUTO_COMPRESS_MIN_BYTES } from '../../helpers/compressionChoice';
import { readPublicUrl } from '../../shared/fields';
import { readChoice, type ParameterReader } from '../../shared/parameters';
import type { Execution } from '../execution';
import { readRecordFormat } from './recordFormat';

export const INPUT_MODES = ['each', 'all'] as const;

const FORMAT_VALUES = Object.keys(BATCH_FORMATS) as BatchFormat[];

/** "Input Mode" and "Format": one record per item, or every item in one record. */
export const inputModeFields: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		default: 'each',
		options: [
			{
				name: 'One Record per Item',
				value: 'each',
				description: 'Each item is stored as its own record',
			},
			{
				name: 'All Items in One Record',
				value: 'all',
				description:
					'The JSON of every item is stored as one record (a JSON array, JSON Lines or CSV) under one key',
			},
		],
	},
	{
		displayName: 'Format',
		name: 'batchFormat',
		type: 'options',
		default: 'jsonArray',
		displayOptions: { show: { inputMode: ['all'] } },
		options: [
			{
				name: BATCH_FORMATS.jsonArray.name,
				value: 'jsonArray',
				description: 'One JSON array with an element per item',
			},
			{
				name: BATCH_FORMATS.jsonLines.name,
				value: 'jsonLines',
				description: "One line per item, each the item's JSON",
			},
			{
				name: BATCH_FORMATS.csv.name,
				value: 'csv',
				description:
					'A header row of every field any item has, then a row per item; nested values as JSON text',
			},
		],
	},
];

/** Whether Store Record stores every item in one record. */
export const storesAllItems = (reader: ParameterReader): boolean =>
	readChoice(reader, 'inputMode', 'Input Mode', INPUT_MODES, 'each') === 'all';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The record's format, content type and compression, read from the first item's parameters. */
function readBatchFormat(reader: ParameterReader, values: unknown[]) {
	const format = readChoice(reader, 'batchFormat', 'Format', FORMAT_VALUES, 'jsonArray');
	const start = leadingBytes(batchPieces(values, format), AUTO_COMPRESS_MIN_BYTES);
	return { format, ...readRecordFormat(reader, BATCH_FORMATS[format].contentType, start) };
}

/**
 * Store Record with "All Items in One Record": the JSON of every item as one record under the key
 * the first item gives, written and measured before anything is sent (past Apify's record limit
 * nothing is sent). One output item, paired with every input item.
 */
export async function storeAllItems(
	this: IExecuteFunctions,
	execution: Execution,
): Promise<INodeExecutionData[]> {
	const { items } = execution;
	const reader = execution.parameters(0);
	const target = execution.recordTarget(0);
	const values = items.map((item) => item.json);
	const { format, contentType, encoding } = readBatchFormat(reader, values);
	const limit = requestLimits.recordLimitBytes;
	const built = await buildBatchBody(batchPieces(values, format), encoding, limit);
	const count = `${items.length} item${items.length === 1 ? '' : 's'}`;
	if (built.kind === 'badItem') {
		throw new NodeOperationError(this.getNode(), built.problem, {
			itemIndex: built.itemIndex,
			description: `Nothing was stored: all ${count} go into one record, so one item that cannot be written stops it. Fix or remove item ${built.itemIndex}.`,
		});
	}
	if (built.kind === 'tooLarge') {
		throw new NodeOperationError(
			this.getNode(),
			`${count} as one ${BATCH_FORMATS[format].name} record would be ${built.bytes} bytes (${mib(built.bytes)}), more than Apify's record limit of ${limit} bytes (${mib(limit)})`,
			{
				description:
					'Nothing was sent. Apify counts a record uncompressed, so compression does not help: store fewer items per record (a Loop Over Items node makes batches), or one record per item.',
			},
		);
	}
	const call = execution.call(0);
	const client = await execution.storeClient(0, target.store);
	const headers: Record<string, string> = { 'Content-Type': contentType };
	if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
	const body = built.body;
	const write = { headers, holdBytes: 0, prepare: async () => async () => body };
	const stored = await client.setRecord(target.key, write, call);
	const link = readPublicUrl(reader)
		? await client.recordPublicUrl(target.key, call, stored.storeId)
		: {};
	const json = {
		storeId: stored.storeId,
		key: target.key,
		location: stored.location,
		contentType,
		contentEncoding: encoding,
		bytes: built.bytes,
		uploadedBytes: body.length,
		itemCount: items.length,
		...link,
		...client.runOrigin,
	};
	return [{ json, pairedItem: items.map((_, item) => ({ item })) }];
}
