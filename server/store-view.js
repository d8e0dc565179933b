// @ts-check
'use strict';
// A store as the API shows it, and which of its keys a listing or an archive takes.
const { ApiError } = require('./api-error');

/**
 * @param {import('./context').AppContext} ctx
 * @param {import('./context').Store} store
 * @param {import('./context').TokenUser} user
 */
function storeObject(ctx, store, user) {
	const base = ctx.publicBaseUrl();
	const { stats, urlSigningSecretKey, ...meta } = store.meta;
	let storageBytes = 0;
	for (const record of store.records.values()) storageBytes += record.body.length;
	return {
		...meta,
		title: meta.title ?? null,
		schema: meta.schema ?? null,
		actId: meta.actId ?? null,
		actRunId: meta.actRunId ?? null,
		consoleUrl: `${base}/storage/key-value-stores/${meta.id}`,
		keysPublicUrl: `${base}/v2/key-value-stores/${meta.id}/keys`,
		recordsPublicUrl: `${base}/v2/key-value-stores/${meta.id}/records`,
		// As on Apify: the signing secret only for those who may write to the store.
		...(user.readOnly ? {} : { urlSigningSecretKey }),
		stats: { ...stats, s3StorageBytes: storageBytes, storageBytes },
	};
}

/**
 * Which keys a listing or an archive takes: those starting with ?prefix=, and of ?collection=, a
 * collection of the store's schema (its keys named one by one, or by a key prefix).
 * @param {import('./context').Store} store
 * @param {URLSearchParams} query
 * @returns {(key: string) => boolean}
 */
function keyFilter(store, query) {
	const prefix = query.get('prefix') ?? '';
	const name = query.get('collection');
	if (!name) return (key) => key.startsWith(prefix);
	const collections = /** @type {{ collections?: Record<string, { key?: string, keyPrefix?: string }> } | null} */ (store.meta.schema)?.collections;
	const collection = collections && Object.prototype.hasOwnProperty.call(collections, name) ? collections[name] : undefined;
	if (!collection) throw new ApiError(400, 'invalid-parameter', `Collection "${name.slice(0, 100)}" is not defined in the key-value store's schema.`);
	const inCollection = (/** @type {string} */ key) =>
		(collection.key !== undefined && key === collection.key) || (collection.keyPrefix !== undefined && key.startsWith(collection.keyPrefix));
	return (key) => key.startsWith(prefix) && inCollection(key);
}

/** Keys in Apify's order: by their UTF-8 bytes. @param {string} a @param {string} b */
const byKeyBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

module.exports = { storeObject, keyFilter, byKeyBytes };
