import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import {
	collectionOption,
	EXPIRES_AFTER,
	expiresAfterOption,
	paginationFields,
	prefixOption,
	readKeyQuery,
	readLimit,
	readPublicUrl,
} from '../../shared/fields';
import { storeTargetFields } from '../../shared/storeSource';
import { readNumber, readText, type ParameterReader } from '../../shared/parameters';
import type { Execution } from '../execution';
import type { CallOptions, KeyValueStoreClient } from '../../api';
import { TOOL_MAX_KEYS } from '../../helpers/toolAnswer';
import { optionsCollection } from '../../shared/requestOptions';

export const option = {
	name: 'List Keys',
	description: 'List the keys of the records in a store, with their sizes',
	action: 'List record keys',
};

export const properties: INodeProperties[] = [
	...storeTargetFields,
	...paginationFields(),
	optionsCollection([
		{
			displayName: 'Add Public URL',
			name: 'publicUrl',
			type: 'boolean',
			default: false,
			description:
				"Whether to add publicUrl, each record's URL signed with the store's URL signing key (as apify-client's getRecordPublicUrl makes it), and keysPublicUrl, a signed link to this key list that expires after \"Expires After\" (as createKeysPublicUrl makes it). Anyone with a link can open it without a token. Costs one Get Store request per store and execution.",
		},
		collectionOption("Only the keys of this collection of the store's schema"),
		expiresAfterOption,
		prefixOption('Only keys that start with this text'),
		{
			displayName: 'Start After Key',
			name: 'exclusiveStartKey',
			type: 'string',
			default: '',
			description: 'Only keys that sort after this one (keys are in UTF-8 byte order)',
		},
	]),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Lists the keys of the records in an Apify key-value store, in key order, each with its size in bytes. Optional: a prefix the keys start with, how many to return, and a key to start after. Returns { keys: [{ key, size }], count, nextExclusiveStartKey }: at most ${TOOL_MAX_KEYS} keys at once; when nextExclusiveStartKey is there, more keys follow it.`;

/** The item's listing, checked: how many, from where, which keys, and whether to add links. */
function readListing(reader: ParameterReader) {
	return {
		limit: readLimit(reader),
		query: readKeyQuery(reader),
		start: readText(reader, 'options.exclusiveStartKey', 'Start After Key') || undefined,
		links: readPublicUrl(reader),
		expiresAfter: readNumber(reader, 'options.expiresAfter', EXPIRES_AFTER),
	};
}

/**
 * What an agent receives: one page of keys (never "Return All": a store of a million keys would
 * fill its context) and the cursor to the next, as one item.
 */
async function toolPage(
	client: KeyValueStoreClient,
	listing: ReturnType<typeof readListing>,
	call: CallOptions,
): Promise<IDataObject> {
	const limit = Math.min(listing.limit, TOOL_MAX_KEYS);
	const page = await client.keysPage(listing.query, listing.start, limit, call);
	const keys = page.items.map(({ key, size }) => ({ key, size }));
	const more = page.next === undefined ? {} : { nextExclusiveStartKey: page.next };
	return { keys, count: keys.length, ...more, ...client.runOrigin };
}

export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const client = await execution.storeClient(itemIndex);
	const listing = readListing(execution.parameters(itemIndex));
	const call = execution.call(itemIndex);
	if (execution.asTool)
		return [{ json: await toolPage(client, listing, call), pairedItem: { item: itemIndex } }];
	const keys = await client.listKeys(listing.query, listing.start, listing.limit, call);
	let listLink: IDataObject = {};
	if (listing.links) {
		const link = await client.contentPublicUrl('keys', listing.query, listing.expiresAfter, call);
		listLink = { keysPublicUrl: link.publicUrl };
	}
	const items: INodeExecutionData[] = [];
	for (const { key, size, recordPublicUrl } of keys) {
		const link = listing.links ? await client.recordPublicUrl(key, call) : {};
		const json = { key, size, recordPublicUrl, ...link, ...listLink, ...client.runOrigin };
		items.push({ json, pairedItem: { item: itemIndex } });
	}
	return items;
}
