import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { KeyValueStoreApi } from '../api';
import { editorParameters } from '../shared/parameters';
import { readStore } from '../shared/target';

/** Items per page of a picker. */
const PICKER_PAGE_SIZE = 100;
/** A filtered store picker scans this many stores at most (the API cannot filter by name). */
const FILTER_SCAN_LIMIT = 10_000;

function storeResult(store: IDataObject, value = String(store.id)) {
	const id = String(store.id);
	return {
		name: store.name ? `${String(store.name)} (${id})` : id,
		value,
		url: `https://console.apify.com/storage/key-value-stores/${id}`,
	};
}

/** The store the Store field names, or undefined while it names none (or not a valid one). */
function namedStore(context: ILoadOptionsFunctions): string | undefined {
	try {
		return readStore(editorParameters(context));
	} catch {
		return undefined;
	}
}

/**
 * The store the field already names (typed by ID or name before switching to the list), shown by
 * its name and kept as written: n8n lists the entry whose value is the field's value first, as
 * selected. Undefined when the field names no store, the page holds it, or it cannot be read.
 */
async function chosenStore(
	context: ILoadOptionsFunctions,
	api: KeyValueStoreApi,
	listed: Array<{ value: string }>,
) {
	const current = namedStore(context);
	// An ID already on the page needs no lookup: n8n finds it there.
	if (current === undefined || listed.some((r) => r.value === current)) return undefined;
	try {
		return storeResult(await api.store(current).get({ itemIndex: 0 }), current);
	} catch {
		// The list still opens; the field's own check reports a store that is not there.
		return undefined;
	}
}

/**
 * The user's named stores, newest first, a page at a time, after the store the field already
 * names. A filter scans the stores (up to 10,000) and returns every match at once.
 */
export async function searchStores(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const api = new KeyValueStoreApi(this);
	const { stores } = api;
	const call = { itemIndex: 0 };
	const needle = filter?.trim().toLowerCase();
	if (!needle) {
		const offset = Math.max(0, Math.floor(Number(paginationToken ?? 0)) || 0);
		const page = await stores.page({ desc: true }, offset, PICKER_PAGE_SIZE, call);
		const results = page.items.map((store) => storeResult(store));
		const chosen = offset === 0 ? await chosenStore(this, api, results) : undefined;
		return {
			results: chosen ? [chosen, ...results.filter((r) => r.url !== chosen.url)] : results,
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
	return { results: matches.map((store) => storeResult(store)) };
}

/** The keys of the chosen store, a page at a time; the filter is a key prefix, as Apify searches. */
export async function searchRecordKeys(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const store = namedStore(this);
	if (store === undefined) return { results: [] };
	const client = new KeyValueStoreApi(this).store(store);
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
