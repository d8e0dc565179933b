import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { KeyValueStoreClient } from '../api';
import type { KeyEvent } from '../helpers/keySnapshot';
import { mediaType } from '../helpers/mediaType';
import { recordShape } from '../helpers/recordShape';
import type { Trigger } from './poll';

/** Whether an error is the read stopping at Max Record Size (the record is then reported without its value). */
const isTooLarge = (error: unknown) =>
	error instanceof NodeApiError && /so the read was stopped$/.test(error.message);

/**
 * The value of an added or changed record: a JSON record in "value", anything else as a file; a
 * record too large or gone by now is reported with a note instead.
 */
async function readValue(
	ctx: IPollFunctions,
	client: KeyValueStoreClient,
	trigger: Trigger,
	key: string,
): Promise<Pick<INodeExecutionData, 'json' | 'binary'>> {
	const read = await client
		.getRecord(key, {
			...trigger.call,
			ifMissing: 'flag',
			maxBytes: trigger.maxBytes,
			tooLarge: (limit) => ({
				message: `The record ${JSON.stringify(key)} is larger than ${limit} bytes, so the read was stopped`,
				description: 'Raise "Max Record Size (Bytes)" in the options to include it.',
			}),
		})
		.then(
			(record) => ({ record }),
			async (error: unknown) =>
				isTooLarge(error) ? { tooLarge: (error as Error).message } : await Promise.reject(error),
		);
	if ('tooLarge' in read) {
		return {
			json: { valueNote: `${read.tooLarge}: raise "Max Record Size (Bytes)" to include it` },
		};
	}
	const { record } = read;
	if (!record) return { json: { valueNote: 'The record was gone by the time its value was read' } };
	if (recordShape(record.contentType) === 'json') {
		try {
			return {
				json: { contentType: record.contentType, value: JSON.parse(record.body.toString('utf8')) },
			};
		} catch {
			// Not JSON after all: it goes as a file, as anything else does.
		}
	}
	const file = await ctx.helpers.prepareBinaryData(record.body, key, mediaType(record.contentType));
	return { json: { contentType: record.contentType }, binary: { [trigger.field]: file } };
}

/** One event as the workflow gets it: what happened to which key, and the value or link when asked. */
export async function eventItem(
	ctx: IPollFunctions,
	client: KeyValueStoreClient,
	trigger: Trigger,
	storeId: string,
	event: KeyEvent,
): Promise<INodeExecutionData> {
	const json: IDataObject = { event: event.event, key: event.key, size: event.size };
	if (event.previousSize !== undefined) json.previousSize = event.previousSize;
	json.store = storeId;
	if (trigger.link && event.event !== 'deleted') {
		Object.assign(json, await client.recordPublicUrl(event.key, trigger.call, storeId));
	}
	if (!trigger.value || event.event === 'deleted') return { json };
	const value = await readValue(ctx, client, trigger, event.key);
	return { json: { ...json, ...value.json }, ...(value.binary ? { binary: value.binary } : {}) };
}
