import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { checkStoreReference, storePathSegment } from '../helpers/storeReference';
import { apifyRequest, parseJson } from '../transport';

const PAGE_SIZE = 100;

interface StoreListPage {
	data: { items: Array<{ id: string; name: string | null; username?: string | null }>; total: number; offset: number; count: number };
}

const FILTER_PAGE_SIZE = 1000;
const FILTER_MAX_PAGES = 10;

function storeResult(s: StoreListPage['data']['items'][number]) {
	return {
		name: s.name ? `${s.name} (${s.id})` : s.id,
		value: s.id,
		url: `https://console.apify.com/storage/key-value-stores/${s.id}`,
	};
}

async function storePage(ctx: ILoadOptionsFunctions, offset: number, limit: number) {
	const answer = await apifyRequest.call(ctx, { method: 'GET', path: '/v2/key-value-stores', qs: { offset, limit, desc: 1 } });
	return (parseJson.call(ctx, answer) as StoreListPage).data;
}

/**
 * The user's named stores, newest first, a page at a time. The API cannot filter by name, so a
 * filter scans the stores (up to 10,000) and returns every match at once.
 */
export async function searchStores(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const needle = filter?.trim().toLowerCase();
	if (!needle) {
		const page = await storePage(this, Number(paginationToken ?? 0) || 0, PAGE_SIZE);
		const next = page.offset + page.count;
		return { results: page.items.map(storeResult), paginationToken: next < page.total ? String(next) : undefined };
	}
	const results = [];
	for (let pageIndex = 0, offset = 0; pageIndex < FILTER_MAX_PAGES; pageIndex++) {
		const page = await storePage(this, offset, FILTER_PAGE_SIZE);
		results.push(...page.items.filter((s) => s.id.toLowerCase().includes(needle) || (s.name ?? '').toLowerCase().includes(needle)).map(storeResult));
		offset += page.count;
		if (page.count === 0 || offset >= page.total) break;
	}
	return { results };
}

interface KeysPage {
	data: { items: Array<{ key: string; size: number }>; isTruncated: boolean; nextExclusiveStartKey?: string | null };
}

/** The keys of the chosen store, a page at a time; the filter is a key prefix, as Apify searches. */
export async function searchRecordKeys(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const store = checkStoreReference(this.getCurrentNodeParameter('storeId', { extractValue: true }));
	if (!store.ok) return { results: [] };
	const qs: IDataObject = { limit: PAGE_SIZE };
	if (filter?.trim()) qs.prefix = filter.trim();
	if (paginationToken) qs.exclusiveStartKey = paginationToken;
	const answer = await apifyRequest.call(this, {
		method: 'GET',
		path: `/v2/key-value-stores/${storePathSegment(store.reference)}/keys`,
		qs,
	});
	const page = (parseJson.call(this, answer) as KeysPage).data;
	return {
		results: page.items.map((item) => ({ name: `${item.key} (${item.size} B)`, value: item.key })),
		paginationToken: page.isTruncated && page.nextExclusiveStartKey ? page.nextExclusiveStartKey : undefined,
	};
}
