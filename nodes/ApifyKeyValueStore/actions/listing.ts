import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	apifyJson,
	apifyRequest,
	paginate,
	type ApiSession,
	type Page,
	type TransportSettings,
} from '../transport';
import { LIST_PAGE_SIZE } from '../transport/defaults';

/** The shapes of Apify's two kinds of listing, checked before use. */
export interface KeyItem {
	key: string;
	size: number;
	recordPublicUrl?: string;
}

interface KeysPage {
	data: { items: KeyItem[]; isTruncated?: boolean; nextExclusiveStartKey?: string | null };
}

interface OffsetPage {
	data: { items: IDataObject[]; total?: number };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const isKeysPage = (value: unknown): value is KeysPage =>
	isObject(value) &&
	isObject(value.data) &&
	Array.isArray(value.data.items) &&
	value.data.items.every((item) => isObject(item) && typeof item.key === 'string');

const isOffsetPage = (value: unknown): value is OffsetPage =>
	isObject(value) &&
	isObject(value.data) &&
	Array.isArray(value.data.items) &&
	value.data.items.every(isObject);

export interface ListingCall {
	session: ApiSession;
	itemIndex: number;
	settings?: TransportSettings;
	/** The store whose rate gate the requests take. */
	paceStore?: string;
}

function listingError(call: ListingCall, path: string) {
	return (problem: string) =>
		new NodeOperationError(call.session.ctx.getNode(), `Listing ${path} did not end: ${problem}`, {
			itemIndex: call.itemIndex,
			description:
				'Use "Limit" (or a prefix) instead of "Return All", and check that the Base URL points to the Apify API.',
		});
}

/** One page of a store's keys, from `exclusiveStartKey` on. */
export async function keysPage(
	call: ListingCall,
	storePath: string,
	qs: IDataObject,
	start: string | undefined,
	limit: number,
): Promise<Page<KeyItem, string>> {
	const path = `${storePath}/keys`;
	const query: IDataObject = { ...qs, limit };
	if (start) query.exclusiveStartKey = start;
	const request = { method: 'GET' as const, path, qs: query, itemIndex: call.itemIndex };
	const pace = call.paceStore === undefined ? undefined : { store: call.paceStore, records: false };
	const answer = await apifyRequest(call.session, { ...request, pace }, call.settings);
	const { data } = apifyJson(
		call.session,
		answer,
		request,
		isKeysPage,
		'data.items with a key for each',
	);
	const next =
		data.isTruncated && typeof data.nextExclusiveStartKey === 'string' && data.nextExclusiveStartKey
			? data.nextExclusiveStartKey
			: undefined;
	return { items: data.items, next };
}

/** A store's keys, page after page by `exclusiveStartKey`, up to `limit`. */
export async function listKeys(
	call: ListingCall,
	storePath: string,
	qs: IDataObject,
	start: string | undefined,
	limit: number,
): Promise<KeyItem[]> {
	return await paginate<KeyItem, string>(
		async (cursor, want) => await keysPage(call, storePath, qs, cursor, want),
		{
			start,
			limit,
			pageSize: LIST_PAGE_SIZE,
			fail: listingError(call, `${storePath}/keys`),
		},
	);
}

/** One page of the account's stores from `offset`; the next offset counts the items that came, not what the server claims. */
export async function storesPage(
	call: ListingCall,
	qs: IDataObject,
	offset: number,
	limit: number,
): Promise<Page<IDataObject, number>> {
	const path = '/v2/key-value-stores';
	const request = {
		method: 'GET' as const,
		path,
		qs: { ...qs, offset, limit },
		itemIndex: call.itemIndex,
	};
	const answer = await apifyRequest(call.session, request, call.settings);
	const { data } = apifyJson(call.session, answer, request, isOffsetPage, 'data.items');
	const next = offset + data.items.length;
	const more = data.items.length > 0 && !(typeof data.total === 'number' && next >= data.total);
	return { items: data.items, next: more ? next : undefined };
}

/** The account's stores, page after page by `offset`, up to `limit`. */
export async function listStores(
	call: ListingCall,
	qs: IDataObject,
	limit: number,
): Promise<IDataObject[]> {
	return await paginate<IDataObject, number>(
		async (offset, want) => await storesPage(call, qs, offset ?? 0, want),
		{
			start: 0,
			limit,
			pageSize: LIST_PAGE_SIZE,
			fail: listingError(call, '/v2/key-value-stores'),
		},
	);
}

/** Apify's answer about one store: { data: { id, ... } }. */
export const isStoreAnswer = (value: unknown): value is { data: IDataObject & { id: string } } =>
	isObject(value) && isObject(value.data) && typeof value.data.id === 'string';

/**
 * A store as the node outputs it: without its URL signing secret, which would let anyone who sees
 * the execution sign links to every record ("Add Public URL" signs them instead).
 */
export function storeOutput(data: IDataObject): IDataObject {
	const { urlSigningSecretKey: _secret, ...store } = data;
	return store;
}
