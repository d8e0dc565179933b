import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { ApiError, type KeyValueStoreClient, type RecordRead, type StoreObject } from '../api';
import type { KeyEvent } from '../helpers/keySnapshot';
import { badJsonMessage, recordContent, recordFile } from '../shared/recordItem';
import type { Trigger } from './poll';

type ValueParts = Pick<INodeExecutionData, 'json' | 'binary'>;

/** The record, or how much it passed Max Record Size by (the read stops there), or undefined when gone. */
async function readRecord(
	client: KeyValueStoreClient,
	trigger: Trigger,
	key: string,
): Promise<RecordRead | { tooLarge: number } | undefined> {
	const read = client.getRecord(key, {
		...trigger.call,
		ifMissing: 'flag',
		maxBytes: trigger.maxBytes,
		tooLarge: (limit) => ({
			message: `The record ${JSON.stringify(key)} is larger than ${limit} bytes, so the read was stopped`,
			description: 'Raise "Max Record Size" in the options to include it.',
		}),
	});
	// Only the read stopping at the limit is an outcome here; every other error fails the poll.
	return await read.catch(async (error: unknown) =>
		error instanceof ApiError && error.reason === 'tooLarge'
			? { tooLarge: error.limit ?? trigger.maxBytes }
			: await Promise.reject(error),
	);
}

/**
 * The value of an added or changed record by the rule Get Record follows: JSON and text in
 * "value", anything else as a file. A poll cannot fail one event without losing the others, so a
 * JSON record that does not parse comes as its text with a note (where Get Record fails the item),
 * and a record too large or gone by now is reported with a note instead of its value.
 */
async function readValue(
	ctx: IPollFunctions,
	client: KeyValueStoreClient,
	trigger: Trigger,
	key: string,
): Promise<ValueParts> {
	const record = await readRecord(client, trigger, key);
	if (!record) return { json: { valueNote: 'The record was gone by the time its value was read' } };
	if ('tooLarge' in record) {
		return {
			json: {
				valueNote: `The record ${JSON.stringify(key)} is larger than ${record.tooLarge} bytes, so the read was stopped: raise "Max Record Size" to include it`,
			},
		};
	}
	const { contentType } = record;
	const content = recordContent(record);
	switch (content.shape) {
		case 'badJson':
			return {
				json: { contentType, value: content.text, valueNote: badJsonMessage(key, content.problem) },
			};
		case 'binary':
			return {
				json: { contentType },
				binary: { [trigger.field]: await recordFile(ctx, record, key) },
			};
		default:
			return { json: { contentType, value: content.value as IDataObject } };
	}
}

/** One event as the workflow gets it: what happened to which key, and the value or link when asked. */
export async function eventItem(
	ctx: IPollFunctions,
	client: KeyValueStoreClient,
	trigger: Trigger,
	store: StoreObject,
	event: KeyEvent,
): Promise<INodeExecutionData> {
	const json: IDataObject = { event: event.event, key: event.key, size: event.size };
	if (event.previousSize !== undefined) json.previousSize = event.previousSize;
	json.store = store.id;
	// The store's name too, when it has one: an ID alone says little in a message or a sheet.
	if (typeof store.name === 'string' && store.name) json.storeName = store.name;
	if (trigger.link && event.event !== 'deleted') {
		Object.assign(json, await client.recordPublicUrl(event.key, trigger.call, store.id));
	}
	if (!trigger.value || event.event === 'deleted') return { json };
	const value = await readValue(ctx, client, trigger, event.key);
	return { json: { ...json, ...value.json }, ...(value.binary ? { binary: value.binary } : {}) };
}
