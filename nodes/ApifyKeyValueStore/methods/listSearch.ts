import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { apifyRequest, parseJson } from '../transport';

const PAGE_SIZE = 100;

interface StoreListPage {
	data: { items: Array<{ id: string; name: string | null; username?: string | null }>; total: number; offset: number; count: number };
}

/** The user's named stores, a page at a time, filtered by name or ID. */
export async function searchStores(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0) || 0;
	const answer = await apifyRequest.call(this, {
		method: 'GET',
		path: '/v2/key-value-stores',
		qs: { offset, limit: PAGE_SIZE, desc: 1 },
	});
	const page = (parseJson.call(this, answer) as StoreListPage).data;
	const needle = filter?.trim().toLowerCase();
	const results = page.items
		.filter((s) => !needle || s.id.toLowerCase().includes(needle) || (s.name ?? '').toLowerCase().includes(needle))
		.map((s) => ({
			name: s.name ? `${s.name} (${s.id})` : s.id,
			value: s.id,
			url: `https://console.apify.com/storage/key-value-stores/${s.id}`,
		}));
	const next = page.offset + page.count;
	return { results, paginationToken: next < page.total ? String(next) : undefined };
}
