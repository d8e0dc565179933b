import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ByteStream } from '../../api';
import { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE, TEXT_CONTENT_TYPE } from '../../helpers/mediaType';
import type { Checked } from '../../helpers/checked';
import { customJsonText, serializeJson } from '../../helpers/serialization';
import { DEFAULT_BINARY_FIELD } from '../../shared/fields';
import { itemParameters, readChoice, readText } from '../../shared/parameters';

export const VALUE_SOURCES = ['itemJson', 'customJson', 'text', 'binary'] as const;
export type ValueSource = (typeof VALUE_SOURCES)[number];

/**
 * A record's value before compression: whole in memory; a file held in the item, decoded only when
 * its turn comes (so items waiting for the execution's byte budget hold no copy); or a stream from n8n's
 * binary store, re-opened per attempt.
 */
export type RecordValue =
	| { kind: 'buffer'; buffer: Buffer; contentType: string }
	| { kind: 'held'; load: () => Promise<Buffer>; size: number; contentType: string }
	| { kind: 'stream'; open: () => Promise<ByteStream>; size: number; contentType: string };

/** A value's size in bytes, before compression. */
export const valueSize = (value: RecordValue) =>
	value.kind === 'buffer' ? value.buffer.length : value.size;

/** The bytes of a file held in the item: its recorded size, or what its base64 text decodes to. */
function heldSize(binary: { bytes?: number; data: string }): number {
	if (typeof binary.bytes === 'number') return binary.bytes;
	const padding = binary.data.endsWith('==') ? 2 : binary.data.endsWith('=') ? 1 : 0;
	return Math.floor((binary.data.length * 3) / 4) - padding;
}

function fromText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	serialized: Checked<string>,
	contentType: string,
): RecordValue {
	if (!serialized.ok)
		throw new NodeOperationError(ctx.getNode(), serialized.problem, { itemIndex });
	return { kind: 'buffer', buffer: Buffer.from(serialized.value, 'utf8'), contentType };
}

/** "Text": text, or a number or switch as its text; an object is refused (it would store "[object Object]"). */
function textValue(ctx: IExecuteFunctions, itemIndex: number): RecordValue {
	const text = ctx.getNodeParameter('textValue', itemIndex) as unknown;
	if (text !== null && typeof text === 'object') {
		throw new NodeOperationError(ctx.getNode(), '"Text" is an object, not text', {
			itemIndex,
			description: 'To store an object, set "Value Source" to Custom JSON; or give "Text" text.',
		});
	}
	return {
		kind: 'buffer',
		buffer: Buffer.from(String(text ?? ''), 'utf8'),
		contentType: TEXT_CONTENT_TYPE,
	};
}

/** "Binary File": a file held in the item (whole), or in n8n's binary store (streamed, re-opened per attempt). */
async function binaryValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<RecordValue> {
	const reader = itemParameters(ctx, itemIndex);
	const propertyName =
		readText(reader, 'binaryPropertyName', 'Input Binary Field').trim() || DEFAULT_BINARY_FIELD;
	const binary = item.binary?.[propertyName];
	if (!binary) {
		const present = Object.keys(item.binary ?? {});
		throw new NodeOperationError(
			ctx.getNode(),
			`The item has no binary property "${propertyName}"`,
			{
				itemIndex,
				description: present.length
					? `Its binary properties are: ${present.join(', ')}. Set "Input Binary Field" to one of them.`
					: 'The item carries no binary data at all. Make sure an earlier node (for example Read/Write Files from Disk or Convert to File) puts a file on it.',
			},
		);
	}
	const contentType = binary.mimeType || BINARY_CONTENT_TYPE;
	if (!binary.id) {
		const load = async () => await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		return { kind: 'held', load, size: heldSize(binary), contentType };
	}
	// Stored outside the item (filesystem or S3 mode): stream it, never load it whole.
	const id = binary.id;
	// n8n's binary store records each file's exact size; an uncompressed upload sends exactly that.
	const size =
		typeof binary.bytes === 'number'
			? binary.bytes
			: (await ctx.helpers.getBinaryMetadata(id)).fileSize;
	const open = async () => (await ctx.helpers.getBinaryStream(id)) as ByteStream;
	return { kind: 'stream', open, size, contentType };
}

/** Reads the value an item stores, as "Value Source" says. */
export async function readRecordValue(
	this: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
): Promise<RecordValue> {
	const reader = itemParameters(this, itemIndex);
	const source = readChoice(reader, 'valueSource', 'Value Source', VALUE_SOURCES, 'itemJson');
	switch (source) {
		case 'itemJson':
			return fromText(
				this,
				itemIndex,
				serializeJson(item.json, "The item's JSON"),
				JSON_CONTENT_TYPE,
			);
		case 'customJson': {
			const json = customJsonText(this.getNodeParameter('jsonValue', itemIndex));
			return fromText(this, itemIndex, json, JSON_CONTENT_TYPE);
		}
		case 'text':
			return textValue(this, itemIndex);
		default:
			return await binaryValue(this, itemIndex, item);
	}
}
