// @ts-check
'use strict';
// Who a request acts as: the user of its token (a Bearer header or ?token=), or the store's owner,
// read-only, for a GET that a valid ?signature= opens.
const { ApiError, storeNotFound } = require('./api-error');
const { contentSignatureProblem, verifyRecordSignature } = require('./signing');

/**
 * @param {import('./context').AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {URLSearchParams} query
 */
function tokenOf(ctx, req, query) {
	const header = req.headers.authorization;
	if (header && /^bearer\s+/i.test(header)) return header.replace(/^bearer\s+/i, '').trim();
	const fromQuery = query.get('token') ?? undefined;
	if (fromQuery) ctx.stats.tokensInUrl++;
	return fromQuery;
}

/**
 * Who a signed request acts as: the store's owner, read-only, when the signature opens what it asks for.
 * @param {import('./context').AppContext} ctx
 * @param {import('./context').Route} route
 * @param {string} ref
 * @param {string | undefined} key
 * @param {string} signature
 * @returns {import('./context').TokenUser}
 */
function signedUser(ctx, route, ref, key, signature) {
	// Signed URLs name the store by its ID.
	const store = ctx.storage.getById(ref);
	if (!store) throw storeNotFound();
	const secret = store.meta.urlSigningSecretKey;
	const problem =
		route.signed === 'record'
			? verifyRecordSignature(secret, /** @type {string} */ (key), signature)
				? undefined
				: 'The signature is not valid for this record.'
			: contentSignatureProblem(secret, store.meta.id, signature);
	if (problem) throw new ApiError(403, 'insufficient-permissions', `${problem} Ask for a new signed URL, or send an API token.`);
	return { token: '', userId: store.meta.userId, username: store.meta.username, readOnly: true };
}

/**
 * The user a request acts as, or the API's 401.
 * @param {import('./context').AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {{ method: string, query: URLSearchParams, route: import('./context').Route | undefined, segments: string[] }} request
 * @returns {import('./context').TokenUser}
 */
function authenticate(ctx, req, { method, query, route, segments }) {
	const token = tokenOf(ctx, req, query);
	const signature = query.get('signature');
	if (token) {
		const user = ctx.users.get(token);
		if (!user) throw new ApiError(401, 'invalid-token', 'Authentication token is not valid.');
		return user;
	}
	if (signature && route?.signed && (method === 'GET' || method === 'HEAD')) {
		const [, , ref, , key] = segments;
		return signedUser(ctx, route, ref, key, signature);
	}
	throw new ApiError(401, 'token-not-provided', 'Authentication token was not provided');
}

module.exports = { authenticate };
