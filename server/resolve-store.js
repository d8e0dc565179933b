// @ts-check
'use strict';
const { ApiError, storeNotFound } = require('./api-error');

/**
 * Finds a store by ID, `username~name` or `~name` (the token owner's).
 * @param {import('./context').AppContext} ctx
 * @param {string} ref
 * @param {import('./context').TokenUser} user
 */
function resolveStore(ctx, ref, user) {
	const tilde = ref.indexOf('~');
	const store =
		tilde === -1
			? ctx.storage.getById(ref)
			: ctx.storage.getByName(tilde === 0 ? user.username : ref.slice(0, tilde), ref.slice(tilde + 1));
	if (!store) throw storeNotFound();
	if (store.meta.userId !== user.userId) {
		throw new ApiError(403, 'insufficient-permissions', 'You do not have permission to access this key-value store.');
	}
	return store;
}

module.exports = { resolveStore };
