// @ts-check
'use strict';
// A store's contents as a whole: its keys, a page at a time, and its records as one ZIP archive.
const { hmacSignature } = require('./signing');
const { decodeSync } = require('./body');
const { intParam } = require('./params');
const { sendContent, sendJson } = require('./respond');
const { byKeyBytes, keyFilter } = require('./store-view');
const { zipArchive } = require('./zip');

/**
 * @param {import('./context').AppContext} ctx
 * @param {URLSearchParams} query
 * @param {import('./context').Store} store
 * @param {import('./context').TokenUser} user
 */
function listKeys(ctx, query, store, user) {
	const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 1000 });
	const exclusiveStartKey = query.get('exclusiveStartKey') || null;
	const included = keyFilter(store, query);
	store.meta.stats.listCount++;
	const keys = [...store.records.keys()].filter(included).sort(byKeyBytes);
	const start = exclusiveStartKey === null ? 0 : keys.findIndex((k) => byKeyBytes(k, exclusiveStartKey) > 0);
	const page = start === -1 ? [] : keys.slice(start, start + limit);
	const isTruncated = start !== -1 && start + limit < keys.length;
	const base = ctx.publicBaseUrl();
	return {
		data: {
			items: page.map((key) => ({
				key,
				size: /** @type {import('./storage').StoredRecord} */ (store.records.get(key)).body.length,
				// Signed, as Apify signs it, for those who may read the signing secret.
				recordPublicUrl: `${base}/v2/key-value-stores/${store.meta.id}/records/${encodeURIComponent(key)}${
					user.readOnly ? '' : `?signature=${hmacSignature(store.meta.urlSigningSecretKey, key)}`
				}`,
			})),
			count: page.length,
			limit,
			exclusiveStartKey,
			isTruncated,
			nextExclusiveStartKey: isTruncated ? page[page.length - 1] : null,
		},
	};
}

/**
 * Download records: every record (or those of ?prefix= and ?collection=) decoded, one file per
 * key, in one ZIP archive.
 * @param {import('./context').RouteCall} c
 * @param {import('./context').Store} store
 */
function downloadRecords(c, store) {
	const included = keyFilter(store, c.params);
	const files = [...store.records.entries()]
		.filter(([key]) => included(key))
		.sort(([a], [b]) => byKeyBytes(a, b))
		.map(([key, record]) => ({ name: key, data: decodeSync(record.contentEncoding, record.body), modifiedAt: new Date(record.modifiedAt) }));
	store.meta.stats.readCount += files.length;
	const archive = zipArchive(files);
	sendContent(c.ctx, c.req, c.res, archive, {
		'Content-Type': 'application/zip',
		'Content-Length': archive.length,
		'Content-Disposition': `attachment; filename="${store.meta.name ?? store.meta.id}.zip"`,
	});
}

/** @type {import('./context').Route[]} */
const LISTING_ROUTES = [
	{
		shape: ['v2', 'key-value-stores', ':store', 'keys'],
		methods: ['GET'],
		store: true,
		signed: 'content',
		run: (c) => sendJson(c.res, 200, listKeys(c.ctx, c.params, /** @type {import('./context').Store} */ (c.store), c.user)),
	},
	{
		shape: ['v2', 'key-value-stores', ':store', 'records'],
		methods: ['GET'],
		store: true,
		signed: 'content',
		run: (c) => downloadRecords(c, /** @type {import('./context').Store} */ (c.store)),
	},
];

module.exports = { LISTING_ROUTES };
