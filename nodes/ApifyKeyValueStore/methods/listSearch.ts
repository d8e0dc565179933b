import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { ApiSession, KeyValueStoreApi } from '../api';
import { checkStoreReference } from '../helpers/storeReference';

/** Items per page of a picker. */
const PICKER_PAGE_SIZE = 100;
/** A filtered store picker scans this many stores at most (the API cannot filter by name). */
const FILTER_SCAN_LIMIT = 10_000;

function storeResult(store: IDataObject) {
	const id = String(store.id);
	return {
		name: store.name ? `${String(store.name)} (${id})` : id,
		value: id,
		url: `https://console.apify.com/storage/key-value-stores/${id}`,
	};
}

/**
 * The user's named stores, newest first, a page at a time. A filter scans the stores (up to
 * 10,000) and returns every match at once.
 */
export async function searchStores(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { stores } = new KeyValueStoreApi(new ApiSession(this));
	const call = { itemIndex: 0 };
	const needle = filter?.trim().toLowerCase();
	if (!needle) {
		const offset = Math.max(0, Math.floor(Number(paginationToken ?? 0)) || 0);
		const page = await stores.page({ desc: true }, offset, PICKER_PAGE_SIZE, call);
		return {
			results: page.items.map(storeResult),
			paginationToken: page.next === undefined ? undefined : String(page.next),
		};
	}
	const all = await stores.list({ desc: true }, FILTER_SCAN_LIMIT, call);
	const matches = all.filter(
		(s) =>
			String(s.id).toLowerCase().includes(needle) ||
			String(s.name ?? '')
				.toLowerCase()
				.includes(needle),
	);
	return { results: matches.map(storeResult) };
}

/** The keys of the chosen store, a page at a time; the filter is a key prefix, as Apify searches. */
export async function searchRecordKeys(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const store = checkStoreReference(
		this.getCurrentNodeParameter('storeId', { extractValue: true }),
	);
	if (!store.ok) return { results: [] };
	const client = new KeyValueStoreApi(new ApiSession(this)).store(store.reference);
	const page = await client.keysPage(
		{ prefix: filter?.trim() },
		paginationToken || undefined,
		PICKER_PAGE_SIZE,
		{ itemIndex: 0 },
	);
	// A cursor that does not move would page the editor forever.
	const next = page.next !== undefined && page.next !== paginationToken ? page.next : undefined;
	return {
		results: page.items.map((item) => ({ name: `${item.key} (${item.size} B)`, value: item.key })),
		paginationToken: next,
	};
}
