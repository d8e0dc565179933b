import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { KeyValueStoreApi, type RunListing } from '../api';
import { editorParameters, type ParameterReader } from '../shared/parameters';
import { readStore, readStoreTarget } from '../shared/target';

/** Items per page of a picker. */
const PICKER_PAGE_SIZE = 100;
/** A filtered store picker scans this many stores at most (the API cannot filter by name). */
const FILTER_SCAN_LIMIT = 10_000;
/** A filtered run, Actor or task picker scans the newest this many. */
const RUN_FILTER_SCAN_LIMIT = 1_000;

function storeResult(store: IDataObject, value = String(store.id)) {
	const id = String(store.id);
	return {
		name: store.name ? `${String(store.name)} (${id})` : id,
		value,
		url: `https://console.apify.com/storage/key-value-stores/${id}`,
	};
}

/** What the fields name (read by `read`), or undefined while they name nothing valid yet. */
function named<T>(
	context: ILoadOptionsFunctions,
	read: (reader: ParameterReader) => T,
): T | undefined {
	try {
		return read(editorParameters(context));
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
	const current = named(context, readStore);
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
	const target = named(this, readStoreTarget);
	if (target === undefined) return { results: [] };
	const client = await new KeyValueStoreApi(this).storeOf(target, { itemIndex: 0 });
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

/** How each listing shows in its picker. */
const RUN_PICKERS: Record<RunListing, (item: IDataObject) => { name: string; url: string }> = {
	runs: (run) => ({
		name: `${String(run.startedAt ?? '')
			.slice(0, 19)
			.replace('T', ' ')} ${String(run.status ?? '')} (${String(run.id)})`.trim(),
		url: `https://console.apify.com/actors/runs/${String(run.id)}`,
	}),
	actors: (actor) => ({
		name: `${String(actor.title ?? actor.name)} (${String(actor.username)}/${String(actor.name)})`,
		url: `https://console.apify.com/actors/${String(actor.id)}`,
	}),
	tasks: (task) => ({
		name: `${String(task.title ?? task.name)} (${String(task.username)}/${String(task.name)})`,
		url: `https://console.apify.com/actors/tasks/${String(task.id)}`,
	}),
};

/** A picker of the account's runs, Actors or tasks, newest first; a filter scans the newest 1,000. */
async function searchListing(
	context: ILoadOptionsFunctions,
	listing: RunListing,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const { runs } = new KeyValueStoreApi(context);
	const show = (item: IDataObject) => ({ ...RUN_PICKERS[listing](item), value: String(item.id) });
	const needle = filter?.trim().toLowerCase();
	const offset = Math.max(0, Math.floor(Number(paginationToken ?? 0)) || 0);
	if (!needle) {
		const page = await runs.page(listing, offset, PICKER_PAGE_SIZE, { itemIndex: 0 });
		const next = page.next === undefined ? undefined : String(page.next);
		return { results: page.items.map(show), paginationToken: next };
	}
	const results = [];
	for (let at: number | undefined = 0; at !== undefined && at < RUN_FILTER_SCAN_LIMIT; ) {
		const page = await runs.page(listing, at, PICKER_PAGE_SIZE, { itemIndex: 0 });
		results.push(...page.items.map(show));
		at = page.next;
	}
	const matches = results.filter((r) => `${r.name} ${r.value}`.toLowerCase().includes(needle));
	return { results: matches };
}

/** The account's Actor runs, newest first. */
export async function searchRuns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchListing(this, 'runs', filter, paginationToken);
}

/** The Actors the account has made or used, newest first. */
export async function searchActors(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchListing(this, 'actors', filter, paginationToken);
}

/** The account's tasks, newest first. */
export async function searchTasks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchListing(this, 'tasks', filter, paginationToken);
}
