// @ts-check
'use strict';
// The store routes: the account's stores (list, get or create), a store (get, update, delete),
// and the user.
const { ApiError } = require('./api-error');
const { STORE_NAME_PATTERN } = require('./ids');
const { assertCanWrite, boolParam, intParam, jsonBody } = require('./params');
const { sendJson } = require('./respond');
const { storeObject } = require('./store-view');

/** The spec's GeneralAccess values. */
const GENERAL_ACCESS = ['ANYONE_WITH_ID_CAN_READ', 'ANYONE_WITH_NAME_CAN_READ', 'FOLLOW_USER_SETTING', 'RESTRICTED'];
const NAME_RULE = 'A name may contain only letters, digits and hyphens (not at the start or end), at most 63 characters.';

/**
 * @param {import('./context').AppContext} ctx
 * @param {URLSearchParams} query
 * @param {import('./context').TokenUser} user
 */
function listStores(ctx, query, user) {
	const offset = intParam(query, 'offset', { min: 0, fallback: 0 });
	const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 1000 });
	const desc = boolParam(query, 'desc');
	const unnamed = boolParam(query, 'unnamed');
	const ownership = query.get('ownership');
	if (ownership !== null && !['ownedByMe', 'sharedWithMe'].includes(ownership)) {
		throw new ApiError(400, 'invalid-parameter', 'Parameter "ownership" must be "ownedByMe" or "sharedWithMe".');
	}
	// This server shares no stores between users: "shared with me" is always empty.
	const all = (ownership === 'sharedWithMe' ? [] : ctx.storage.listByUser(user.userId))
		.filter((s) => unnamed || s.meta.name !== null)
		.sort((a, b) => a.meta.createdAt.localeCompare(b.meta.createdAt) || a.meta.id.localeCompare(b.meta.id));
	if (desc) all.reverse();
	const items = all.slice(offset, offset + limit).map((s) => storeObject(ctx, s, user));
	return { data: { total: all.length, offset, limit, desc, count: items.length, unnamed, items } };
}

/**
 * Create store (or return the store of the name): with a body { schema }, the new store gets it.
 * @param {import('./context').RouteCall} c
 */
async function getOrCreateStore({ ctx, req, params, user, res }) {
	assertCanWrite(user);
	const schema = (await jsonBody(req))?.schema;
	if (schema !== undefined && schema !== null && (typeof schema !== 'object' || Array.isArray(schema))) {
		throw new ApiError(400, 'invalid-value', 'The schema must be a JSON object.');
	}
	const name = params.get('name') || null;
	if (name !== null && !STORE_NAME_PATTERN.test(name)) {
		throw new ApiError(400, 'invalid-value', `Store name "${name.slice(0, 100)}" is not valid. ${NAME_RULE}`);
	}
	const existing = name === null ? undefined : ctx.storage.getByName(user.username, name);
	if (existing) return sendJson(res, 200, { data: storeObject(ctx, existing, user) });
	const store = ctx.storage.createStore({ name, userId: user.userId, username: user.username });
	if (schema) ctx.storage.updateStore(store, { schema: /** @type {Record<string, unknown>} */ (schema) });
	sendJson(res, 201, { data: storeObject(ctx, store, user) }, {
		Location: `${ctx.publicBaseUrl()}/v2/key-value-stores/${store.meta.id}`,
	});
}

/**
 * The fields of an update, checked: a new name, title and/or general access.
 * @param {Record<string, unknown>} body
 * @param {import('./context').AppContext} ctx
 * @param {import('./context').Store} store
 */
function checkUpdate({ name, generalAccess, title }, ctx, store) {
	if (title !== undefined && title !== null && (typeof title !== 'string' || title.length > 1000)) {
		throw new ApiError(400, 'invalid-value', 'The title must be text of at most 1,000 characters.');
	}
	if (name !== undefined && name !== null && (typeof name !== 'string' || !STORE_NAME_PATTERN.test(name))) {
		throw new ApiError(400, 'invalid-value', `Store name is not valid. ${NAME_RULE}`);
	}
	if (typeof name === 'string') {
		const clash = ctx.storage.getByName(store.meta.username, name);
		if (clash && clash !== store) throw new ApiError(400, 'invalid-value', `A key-value store named "${name}" already exists.`);
	}
	if (generalAccess !== undefined && (typeof generalAccess !== 'string' || !GENERAL_ACCESS.includes(generalAccess))) {
		throw new ApiError(400, 'invalid-value', `generalAccess must be one of ${GENERAL_ACCESS.join(', ')}.`);
	}
	return {
		name: /** @type {string | null | undefined} */ (name),
		title: /** @type {string | null | undefined} */ (title),
		generalAccess: /** @type {string | undefined} */ (generalAccess),
	};
}

/**
 * Update store, from a JSON body.
 * @param {import('./context').RouteCall} c
 * @param {import('./context').Store} store
 */
async function updateStore(c, store) {
	const body = await jsonBody(c.req);
	if (!body) throw new ApiError(400, 'invalid-request', 'The request body must be a JSON object.');
	c.ctx.storage.updateStore(store, checkUpdate(body, c.ctx, store));
	sendJson(c.res, 200, { data: storeObject(c.ctx, store, c.user) });
}

/** @param {import('./context').TokenUser} user */
function userObject(user) {
	const feature = { isEnabled: true, disabledReason: null, disabledReasonType: null, isTrial: false, trialExpirationAt: null };
	const features = ['ACTORS', 'STORAGE', 'SCHEDULER', 'PROXY', 'PROXY_EXTERNAL_ACCESS', 'PROXY_RESIDENTIAL', 'PROXY_SERPS', 'WEBHOOKS', 'ACTORS_PUBLIC_ALL', 'ACTORS_PUBLIC_DEVELOPER'];
	return {
		data: {
			id: user.userId,
			username: user.username,
			plan: { id: 'LOCAL', availableProxyGroups: {} },
			effectivePlatformFeatures: Object.fromEntries(features.map((f) => [f, feature])),
			isPaying: false,
		},
	};
}

/** @type {import('./context').Route[]} */
const STORE_ROUTES = [
	{ shape: ['v2', 'users', 'me'], methods: ['GET'], run: (c) => sendJson(c.res, 200, userObject(c.user)) },
	{
		shape: ['v2', 'key-value-stores'],
		methods: ['GET', 'POST'],
		run: (c) => (c.method === 'GET' ? sendJson(c.res, 200, listStores(c.ctx, c.params, c.user)) : getOrCreateStore(c)),
	},
	{
		shape: ['v2', 'key-value-stores', ':store'],
		methods: ['GET', 'PUT', 'DELETE'],
		store: true,
		run: async (c) => {
			const store = /** @type {import('./context').Store} */ (c.store);
			if (c.method === 'GET') return sendJson(c.res, 200, { data: storeObject(c.ctx, store, c.user) });
			assertCanWrite(c.user);
			if (c.method === 'PUT') return await updateStore(c, store);
			c.ctx.storage.deleteStore(store);
			c.res.writeHead(204).end();
		},
	},
];

module.exports = { STORE_ROUTES };
