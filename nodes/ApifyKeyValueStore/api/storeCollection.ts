import type { IDataObject } from 'n8n-workflow';
import { defaults, paginate, type Page } from '../transport/transport';
import type { CallOptions, KeyValueStoreApi } from './client';
import { isStoreAnswer, isStoresPage, storeOutput, type StoreObject } from './shapes';

const STORES_PATH = '/v2/key-value-stores';

/** The query of a store listing: what `GET /v2/key-value-stores` filters and sorts by. */
export interface StoreListQuery {
	unnamed?: boolean;
	desc?: boolean;
	ownership?: 'ownedByMe' | 'sharedWithMe';
}

function queryOf(query: StoreListQuery): IDataObject {
	const qs: IDataObject = {};
	if (query.unnamed) qs.unnamed = 1;
	if (query.desc) qs.desc = 1;
	if (query.ownership) qs.ownership = query.ownership;
	return qs;
}

/**
 * One page of an offset listing (stores, runs, Actors, tasks) from `offset`; the next offset counts
 * the items that came, not what the server claims, and a page short of the claimed total is refused.
 */
export async function offsetPage(
	api: KeyValueStoreApi,
	path: string,
	qs: IDataObject,
	page: { offset: number; limit: number; noun: string },
	options: CallOptions,
): Promise<Page<IDataObject, number>> {
	const { offset, limit, noun } = page;
	const call = { method: 'GET' as const, path };
	const answer = await api.request({ ...call, qs: { ...qs, offset, limit } }, options);
	const { data } = api.json(answer, call, options, isStoresPage, 'data.items');
	const next = offset + data.items.length;
	const { total } = data;
	if (data.items.length === 0 && typeof total === 'number' && offset < total) {
		const problem = `the server said there are ${total} ${noun} but sent none from offset ${offset}`;
		throw api.incompleteListing(path, problem, options);
	}
	const more = data.items.length > 0 && !(typeof total === 'number' && next >= total);
	return { items: data.items, next: more ? next : undefined };
}

/** The account's key-value stores: apify-client's KeyValueStoreCollectionClient. */
export class StoreCollectionClient {
	constructor(private readonly api: KeyValueStoreApi) {}

	/** One page of the account's stores from `offset`. */
	async page(
		query: StoreListQuery,
		offset: number,
		limit: number,
		options: CallOptions,
	): Promise<Page<StoreObject, number>> {
		const page = await offsetPage(
			this.api,
			STORES_PATH,
			queryOf(query),
			{ offset, limit, noun: 'stores' },
			options,
		);
		return { ...page, items: page.items.map((store) => storeOutput(store) as StoreObject) };
	}

	/** The account's stores, page after page by `offset`, up to `limit` (Infinity for all). */
	async list(query: StoreListQuery, limit: number, options: CallOptions): Promise<StoreObject[]> {
		return await paginate<StoreObject, number>(
			async (offset, want) => await this.page(query, offset ?? 0, want, options),
			{
				start: 0,
				limit,
				pageSize: defaults.LIST_PAGE_SIZE,
				fail: this.api.listingError(STORES_PATH, options),
			},
		);
	}

	/** The store of this name, created (with the schema, if one is given) when there is none. */
	async getOrCreate(
		name: string,
		schema: IDataObject | undefined,
		options: CallOptions,
	): Promise<{ store: StoreObject; created: boolean }> {
		const call = { method: 'POST' as const, path: STORES_PATH };
		const body = schema
			? {
					headers: { 'Content-Type': 'application/json; charset=utf-8' },
					body: Buffer.from(JSON.stringify({ schema })),
				}
			: {};
		const subject = { store: name };
		const answer = await this.api.request({ ...call, qs: { name }, subject, ...body }, options);
		const { data } = this.api.json(answer, call, options, isStoreAnswer, 'data with the store');
		return { store: storeOutput(data) as StoreObject, created: answer.status === 201 };
	}
}
