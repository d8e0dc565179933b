import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	KeyValueStoreApi,
	type CallOptions,
	type KeyValueStoreClient,
	type StoreObject,
} from '../api';
import type { KeyEvent, KeyEventKind } from '../helpers/keySnapshot';
import { readKeyQuery, readOutputField, readPublicUrl } from '../shared/fields';
import {
	pollParameters,
	readBoolean,
	readNumber,
	type ParameterReader,
} from '../shared/parameters';
import { transportSettings } from '../shared/requestOptions';
import { readStore } from '../shared/target';
import { EVENTS, EVENTS_PER_POLL, MAX_VALUE_SIZE } from './description';
import { eventItem } from './eventItem';
import { compare, fingerprintOf, idle, MAX_WATCHED_KEYS } from './state';
import { readableState } from './stateHome';

/** The poll's parameters, checked. */
export function readTrigger(reader: ParameterReader) {
	const reference = readStore(reader);
	const events = reader.get('events');
	const chosen = Array.isArray(events) ? EVENTS.filter((kind) => events.includes(kind)) : [];
	if (chosen.length === 0) {
		throw reader.fail(
			'"Events" names no event',
			'Choose Record Added, Record Changed, Record Deleted, or several.',
		);
	}
	return {
		reference,
		chosen: chosen as KeyEventKind[],
		query: readKeyQuery(reader),
		cap: readNumber(reader, 'options.maxEvents', EVENTS_PER_POLL),
		value: readBoolean(reader, 'options.includeValue', 'Include Value'),
		maxBytes: readNumber(reader, 'options.maxRecordBytes', MAX_VALUE_SIZE),
		field: readOutputField(reader),
		link: readPublicUrl(reader),
		call: { itemIndex: 0, settings: transportSettings(reader, 1) } as CallOptions,
	};
}

export type Trigger = ReturnType<typeof readTrigger>;

/** Every watched key and its size, or an error past the most the trigger watches. */
async function listWatched(ctx: IPollFunctions, client: KeyValueStoreClient, trigger: Trigger) {
	const keys = await client.listKeys(trigger.query, undefined, MAX_WATCHED_KEYS + 1, trigger.call);
	if (keys.length > MAX_WATCHED_KEYS) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The store has more than ${MAX_WATCHED_KEYS} records to watch, more than the trigger keeps track of`,
			{ description: 'Watch part of the store with "Prefix" or "Collection" in the options.' },
		);
	}
	return new Map(keys.map((item) => [item.key, item.size]));
}

/** "Fetch Test Event": the last record in key order (Apify's key list carries no dates), as if it were added. */
async function testEvent(
	ctx: IPollFunctions,
	client: KeyValueStoreClient,
	trigger: Trigger,
	store: StoreObject,
): Promise<INodeExecutionData[][] | null> {
	const keys = await client.listKeys(trigger.query, undefined, MAX_WATCHED_KEYS, trigger.call);
	const last = keys[keys.length - 1];
	if (!last) return null;
	const event: KeyEvent = { event: 'added', key: last.key, size: last.size };
	return [[await eventItem(ctx, client, trigger, store, event)]];
}

/**
 * One poll: Get Store; when nothing moved since the last listing, that is all. Otherwise the keys
 * are listed and compared with what the trigger knew: the first listing is the baseline, later
 * ones give events in key order, at most the cap per poll. The state is kept only once every
 * event's item is made, so an error leaves the events for the next poll.
 */
export async function pollStore(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const trigger = readTrigger(pollParameters(this));
	const client = new KeyValueStoreApi(this).store(trigger.reference);
	const store = await client.get(trigger.call);
	if (this.getMode() === 'manual') return await testEvent(this, client, trigger, store);
	const { state, save } = readableState(this);
	// The store as the user named it: watching "~name" watches the name, so a store made again
	// under it is compared with the last listing (the fingerprint holds the ID, which moved).
	const scope = JSON.stringify([trigger.reference, trigger.query.prefix, trigger.query.collection]);
	const fingerprint = fingerprintOf(store);
	if (idle(state, scope, fingerprint)) {
		save({ ...state, polls: (state.polls ?? 0) + 1 });
		return null;
	}
	const now = await listWatched(this, client, trigger);
	const { events, next } = compare(state, scope, fingerprint, now, trigger.chosen, trigger.cap);
	const items: INodeExecutionData[] = [];
	for (const event of events) items.push(await eventItem(this, client, trigger, store, event));
	save(next);
	return items.length > 0 ? [items] : null;
}
