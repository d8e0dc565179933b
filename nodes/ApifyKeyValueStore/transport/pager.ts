import { MAX_PAGES } from './defaults';

/** One page of a listing and the cursor of the next, undefined on the last page. */
export interface Page<T, C> {
	items: T[];
	next: C | undefined;
}

export interface PagingOptions<C> {
	/** Where to start: undefined for the beginning. */
	start?: C;
	/** How many items at most; Infinity for all. */
	limit: number;
	/** Items to ask for per page. */
	pageSize: number;
	maxPages?: number;
	/** The error for a listing that does not end as it should, with what went wrong. */
	fail: (problem: string) => Error;
}

/**
 * Follows a listing page by page: every "Return All" and every picker goes through here. Whatever
 * the server answers, it ends: on an empty page or a missing cursor, and with an error on a cursor
 * it has seen before (a cycle, or one that does not advance) or after `maxPages` pages.
 */
export async function paginate<T, C extends string | number>(
	fetchPage: (cursor: C | undefined, want: number) => Promise<Page<T, C>>,
	options: PagingOptions<C>,
): Promise<T[]> {
	const maxPages = options.maxPages ?? MAX_PAGES;
	const items: T[] = [];
	const seen = new Set<C | undefined>();
	let cursor = options.start;
	for (let pages = 0; items.length < options.limit; pages++) {
		if (pages >= maxPages) {
			throw options.fail(
				`it stopped after ${maxPages} pages (${items.length} items) and the server still said there were more`,
			);
		}
		seen.add(cursor);
		const page = await fetchPage(cursor, Math.min(options.pageSize, options.limit - items.length));
		for (const item of page.items) {
			if (items.length >= options.limit) break;
			items.push(item);
		}
		if (page.items.length === 0 || page.next === undefined) break;
		if (seen.has(page.next)) {
			throw options.fail(
				`the server sent the cursor ${JSON.stringify(page.next)} a second time after ${pages + 1} pages, so the listing would never end`,
			);
		}
		cursor = page.next;
	}
	return items;
}
