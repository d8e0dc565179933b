// @ts-check
'use strict';
const { ApiError, recordNotFound, storeNotFound } = require('./api-error');
const { resolveStore } = require('./resolve-store');
const { contentSignatureProblem, hmacSignature, verifyRecordSignature } = require('./signing');
const { zipArchive } = require('./zip');
const { handleTestRoute } = require('./test-routes');
const { RECORD_KEY_PATTERN, STORE_NAME_PATTERN } = require('./ids');
const { parseContentEncoding, readBody, decodeSync, acceptsEncoding } = require('./body');

/**
 * @typedef {{ token: string, userId: string, username: string, readOnly?: boolean }} TokenUser
 * @typedef {import('./storage').Store} Store
 * @typedef {{
 *   storage: import('./storage').Storage,
 *   faults: import('./faults').FaultInjector,
 *   rateLimiter: import('./rate-limit').RateLimiter,
 *   users: Map<string, TokenUser>,
 *   bodyLimit: number,
 *   publicBaseUrl: () => string,
 *   log: (line: string) => void,
 *   stats: { requests: number, byRoute: Record<string, number>, byStatus: Record<string, number>, bytesReceived: number, tokensInUrl: number, connections: number, tlsResumed: number, inFlight: number, maxInFlight: number, inFlightByStore: Record<string, number>, maxInFlightByStore: Record<string, number>, aiToolRequests: number },
 *   testRoutes: boolean,
 *   objectStorage?: { presign(body: Buffer, headers: Record<string, string | number>): string },
 * }} AppContext
 */

const JSON_TYPE = 'application/json; charset=utf-8';

/** The spec's GeneralAccess values. */
const GENERAL_ACCESS = ['ANYONE_WITH_ID_CAN_READ', 'ANYONE_WITH_NAME_CAN_READ', 'FOLLOW_USER_SETTING', 'RESTRICTED'];

/**
 * @param {import('http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
	const payload = Buffer.from(JSON.stringify(body));
	res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': payload.length, ...headers });
	res.end(payload);
}

/**
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {{ searchParams: URLSearchParams }} url
 */
function tokenOf(ctx, req, url) {
	const header = req.headers.authorization;
	if (header && /^bearer\s+/i.test(header)) return header.replace(/^bearer\s+/i, '').trim();
	const fromQuery = url.searchParams.get('token') ?? undefined;
	if (fromQuery) ctx.stats.tokensInUrl++;
	return fromQuery;
}

/**
 * Consumes what is left of a request body, so an early answer reaches a client still uploading.
 * @param {import('http').IncomingMessage} req
 */
function drain(req, cap = 64 * 1024 * 1024) {
	if (req.complete || req.destroyed) return Promise.resolve();
	return new Promise((resolve) => {
		let seen = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			seen += chunk.length;
			if (seen > cap) req.socket.destroy();
		});
		req.on('end', resolve);
		req.on('close', resolve);
		req.resume();
	});
}

const sleep = (/** @type {number} */ ms) =>
	new Promise((resolve) => {
		setTimeout(resolve, ms).unref();
	});

/**
 * @param {AppContext} ctx
 * @param {Store} store
 * @param {TokenUser} user
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
		actId: null,
		actRunId: null,
		consoleUrl: `${base}/storage/key-value-stores/${meta.id}`,
		keysPublicUrl: `${base}/v2/key-value-stores/${meta.id}/keys`,
		recordsPublicUrl: `${base}/v2/key-value-stores/${meta.id}/records`,
		// As on Apify: the signing secret only for those who may write to the store.
		...(user.readOnly ? {} : { urlSigningSecretKey }),
		stats: { ...stats, s3StorageBytes: storageBytes, storageBytes },
	};
}

/** @param {TokenUser} user */
function assertCanWrite(user) {
	if (user.readOnly) {
		throw new ApiError(403, 'insufficient-permissions', 'The API token does not have permission to write to this key-value store.');
	}
}

/** @param {string} key */
function assertRecordKey(key) {
	if (!RECORD_KEY_PATTERN.test(key)) {
		throw new ApiError(
			400,
			'invalid-record-key',
			`The record key "${key.slice(0, 300)}" is not valid. Keys may contain only letters, digits and the characters !-_.'() and be 1 to 256 characters long.`,
		);
	}
}

/**
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {{ min: number, max?: number, fallback: number }} bounds
 */
function intParam(query, name, { min, max, fallback }) {
	const raw = query.get(name);
	if (raw === null || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min) {
		throw new ApiError(400, 'invalid-parameter', `Parameter "${name}" must be an integer of at least ${min}.`);
	}
	return max === undefined ? value : Math.min(value, max);
}

/** @param {URLSearchParams} query @param {string} name */
const boolParam = (query, name) => ['1', 'true'].includes((query.get(name) ?? '').toLowerCase());

/**
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {TokenUser} user
 * @param {Store} store
 * @param {string} key
 * @param {import('./faults').FaultRule | undefined} fault
 */
async function putRecord(ctx, req, res, user, store, key, fault) {
	assertCanWrite(user);
	const encoding = parseContentEncoding(req.headers['content-encoding']);
	const declared = Number(req.headers['content-length'] ?? NaN);
	const dropAt = fault?.kind === 'drop' ? (fault.afterBytes ?? (Number.isFinite(declared) ? Math.floor(declared / 2) : 1)) : -1;
	const { body, decodedSize } = await readBody(req, {
		encoding,
		limit: ctx.bodyLimit,
		onBytes: (received) => {
			if (dropAt >= 0 && received >= dropAt) req.socket.destroy();
		},
	});
	ctx.stats.bytesReceived += body.length;
	if (dropAt >= 0) {
		// The whole body arrived before the cut point (a short body): cut now, before any answer.
		req.socket.destroy();
		return;
	}
	const contentType = req.headers['content-type'] || 'application/octet-stream';
	ctx.storage.putRecord(store, key, {
		body,
		contentType,
		contentEncoding: encoding,
		decodedSize,
		modifiedAt: new Date().toISOString(),
	});
	const location = `${ctx.publicBaseUrl()}/v2/key-value-stores/${store.meta.id}/records/${encodeURIComponent(key)}`;
	sendJson(res, 201, {}, { Location: location });
}

/** What Apify says of HTML records read without ?attachment=true: the API may modify them. */
const HTML_NOTE = Buffer.from('<!-- This HTML record was modified by the API: read it with attachment=true for its exact bytes. -->\n');

/**
 * Sends a body, or with an object storage a 302 to a pre-signed URL that serves it (as Apify
 * sends record reads to S3); HEAD is always answered here.
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {Buffer} body
 * @param {Record<string, string | number>} headers
 */
function sendContent(ctx, req, res, body, headers) {
	if (ctx.objectStorage && req.method === 'GET') {
		res.writeHead(302, { Location: ctx.objectStorage.presign(body, headers), 'Content-Length': 0 });
		res.end();
		return;
	}
	res.writeHead(200, headers);
	res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Get record: the bytes as uploaded, encoded as uploaded when the client accepts that encoding.
 * Without ?attachment=true an HTML record is modified (visibly, as the Apify API may modify HTML).
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {Store} store
 * @param {string} key
 * @param {URLSearchParams} params
 */
function getRecord(ctx, req, res, store, key, params) {
	const record = store.records.get(key);
	if (!record) throw recordNotFound();
	store.meta.stats.readCount++;
	const attachment = boolParam(params, 'attachment');
	const html = record.contentType.split(';')[0].trim().toLowerCase() === 'text/html';
	const modify = html && !attachment;
	const passThrough = !modify && acceptsEncoding(req.headers['accept-encoding'], record.contentEncoding);
	let body = passThrough ? record.body : decodeSync(record.contentEncoding, record.body);
	if (modify) body = Buffer.concat([HTML_NOTE, body]);
	/** @type {Record<string, string | number>} */
	const headers = { 'Content-Type': record.contentType, 'Content-Length': body.length };
	if (passThrough && record.contentEncoding !== 'identity') headers['Content-Encoding'] = record.contentEncoding;
	if (attachment) headers['Content-Disposition'] = `attachment; filename="${encodeURIComponent(key)}"`;
	sendContent(ctx, req, res, body, headers);
}

/**
 * Which keys a listing or an archive takes: those starting with ?prefix=, and of ?collection=, a
 * collection of the store's schema (its keys named one by one, or by a key prefix).
 * @param {Store} store
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

/**
 * @param {AppContext} ctx
 * @param {URLSearchParams} query
 * @param {Store} store
 * @param {TokenUser} user
 */
function listKeys(ctx, query, store, user) {
	const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 1000 });
	const exclusiveStartKey = query.get('exclusiveStartKey') || null;
	const included = keyFilter(store, query);
	store.meta.stats.listCount++;
	// Apify orders keys by their UTF-8 bytes.
	const keys = [...store.records.keys()]
		.filter(included)
		.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
	const start = exclusiveStartKey === null ? 0 : keys.findIndex((k) => Buffer.compare(Buffer.from(k), Buffer.from(exclusiveStartKey)) > 0);
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
 * @param {AppContext} ctx
 * @param {URLSearchParams} query
 * @param {TokenUser} user
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
 * A JSON object from a request body, or none for an empty body.
 * @param {import('http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown> | undefined>}
 */
async function jsonBody(req) {
	const { body: raw } = await readBody(req, { encoding: parseContentEncoding(req.headers['content-encoding']), limit: 64 * 1024 });
	if (raw.length === 0) return undefined;
	let body;
	try {
		body = JSON.parse(raw.toString('utf8'));
	} catch {
		throw new ApiError(400, 'invalid-request', 'The request body must be a JSON object.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid-request', 'The request body must be a JSON object.');
	return body;
}

/**
 * Create store (or return the store of the name): with a body { schema }, the new store gets it.
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {URLSearchParams} query
 * @param {TokenUser} user
 * @param {import('http').ServerResponse} res
 */
async function getOrCreateStore(ctx, req, query, user, res) {
	assertCanWrite(user);
	const schema = (await jsonBody(req))?.schema;
	if (schema !== undefined && schema !== null && (typeof schema !== 'object' || Array.isArray(schema))) {
		throw new ApiError(400, 'invalid-value', 'The schema must be a JSON object.');
	}
	const name = query.get('name') || null;
	if (name !== null && !STORE_NAME_PATTERN.test(name)) {
		throw new ApiError(
			400,
			'invalid-value',
			`Store name "${name.slice(0, 100)}" is not valid. A name may contain only letters, digits and hyphens (not at the start or end), at most 63 characters.`,
		);
	}
	const existing = name === null ? undefined : ctx.storage.getByName(user.username, name);
	if (existing) return sendJson(res, 200, { data: storeObject(ctx, existing, user) });
	const store = ctx.storage.createStore({ name, userId: user.userId, username: user.username });
	if (schema) ctx.storage.updateStore(store, { schema: /** @type {Record<string, unknown>} */ (schema) });
	sendJson(res, 201, { data: storeObject(ctx, store, user) }, {
		Location: `${ctx.publicBaseUrl()}/v2/key-value-stores/${store.meta.id}`,
	});
}

/** @param {TokenUser} user */
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

/**
 * @param {string[]} allowed
 * @param {string} method
 */
function assertMethod(allowed, method) {
	if (!allowed.includes(method)) {
		throw new ApiError(405, 'method-not-allowed', `This API end-point can only be accessed using the following HTTP methods: ${allowed.join(',')}`);
	}
}

/**
 * A label for counting requests by kind, taken from the path alone, so that requests that fail
 * early (a fault, a wrong token) count too.
 * @param {string} method
 * @param {string} pathname
 */
function routeOf(method, pathname) {
	if (/^\/v2\/key-value-stores\/[^/]+\/records\/[^/]+$/.test(pathname)) return `${method} record`;
	if (/^\/v2\/key-value-stores\/[^/]+\/keys$/.test(pathname)) return 'keys';
	if (/^\/v2\/key-value-stores\/[^/]+\/records$/.test(pathname)) return 'records archive';
	if (/^\/v2\/key-value-stores\/[^/]+$/.test(pathname)) return `${method} store`;
	if (/^\/v2\/key-value-stores\/?$/.test(pathname)) return `${method} stores`;
	if (pathname === '/v2/users/me') return 'users/me';
	return 'other';
}

/**
 * @typedef {{
 *   ctx: AppContext, req: import('http').IncomingMessage, res: import('http').ServerResponse,
 *   method: string, params: URLSearchParams, user: TokenUser, key?: string, store?: Store,
 *   fault?: import('./faults').FaultRule,
 * }} RouteCall
 * @typedef {{
 *   shape: string[], methods: string[], store?: boolean,
 *   signed?: 'record' | 'content',   // a GET that a valid ?signature= opens without a token
 *   run: (call: RouteCall) => unknown,
 * }} Route
 */

/** Every API route: its path shape (":store" and ":key" are parameters), methods, and handler. */
/** @type {Route[]} */
const ROUTES = [
	{ shape: ['v2', 'users', 'me'], methods: ['GET'], run: (c) => sendJson(c.res, 200, userObject(c.user)) },
	{
		shape: ['v2', 'key-value-stores'],
		methods: ['GET', 'POST'],
		run: (c) => (c.method === 'GET' ? sendJson(c.res, 200, listStores(c.ctx, c.params, c.user)) : getOrCreateStore(c.ctx, c.req, c.params, c.user, c.res)),
	},
	{
		shape: ['v2', 'key-value-stores', ':store'],
		methods: ['GET', 'PUT', 'DELETE'],
		store: true,
		run: async (c) => {
			const store = /** @type {Store} */ (c.store);
			if (c.method === 'GET') return sendJson(c.res, 200, { data: storeObject(c.ctx, store, c.user) });
			assertCanWrite(c.user);
			if (c.method === 'PUT') return await updateStore(c, store);
			c.ctx.storage.deleteStore(store);
			c.res.writeHead(204).end();
		},
	},
	{
		shape: ['v2', 'key-value-stores', ':store', 'keys'],
		methods: ['GET'],
		store: true,
		signed: 'content',
		run: (c) => sendJson(c.res, 200, listKeys(c.ctx, c.params, /** @type {Store} */ (c.store), c.user)),
	},
	{
		shape: ['v2', 'key-value-stores', ':store', 'records'],
		methods: ['GET'],
		store: true,
		signed: 'content',
		run: (c) => downloadRecords(c, /** @type {Store} */ (c.store)),
	},
	{
		shape: ['v2', 'key-value-stores', ':store', 'records', ':key'],
		methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
		store: true,
		signed: 'record',
		run: async (c) => {
			const store = /** @type {Store} */ (c.store);
			const key = /** @type {string} */ (c.key);
			assertRecordKey(key);
			if (c.method === 'PUT' || c.method === 'POST') return await putRecord(c.ctx, c.req, c.res, c.user, store, key, c.fault);
			if (c.method === 'DELETE') {
				assertCanWrite(c.user);
				c.ctx.storage.deleteRecord(store, key);
				c.res.writeHead(204).end();
				return;
			}
			return getRecord(c.ctx, c.req, c.res, store, key, c.params);
		},
	},
];

/**
 * Update store: a new name and/or general access, from a JSON body.
 * @param {RouteCall} c
 * @param {Store} store
 */
async function updateStore(c, store) {
	const body = await jsonBody(c.req);
	if (!body) throw new ApiError(400, 'invalid-request', 'The request body must be a JSON object.');
	const { name, generalAccess, title } = body;
	if (title !== undefined && title !== null && (typeof title !== 'string' || title.length > 1000)) {
		throw new ApiError(400, 'invalid-value', 'The title must be text of at most 1,000 characters.');
	}
	if (name !== undefined && name !== null && (typeof name !== 'string' || !STORE_NAME_PATTERN.test(name))) {
		throw new ApiError(400, 'invalid-value', 'Store name is not valid. A name may contain only letters, digits and hyphens (not at the start or end), at most 63 characters.');
	}
	if (typeof name === 'string') {
		const clash = c.ctx.storage.getByName(store.meta.username, name);
		if (clash && clash !== store) throw new ApiError(400, 'invalid-value', `A key-value store named "${name}" already exists.`);
	}
	if (generalAccess !== undefined && (typeof generalAccess !== 'string' || !GENERAL_ACCESS.includes(generalAccess))) {
		throw new ApiError(400, 'invalid-value', `generalAccess must be one of ${GENERAL_ACCESS.join(', ')}.`);
	}
	c.ctx.storage.updateStore(store, {
		name: /** @type {string | null | undefined} */ (name),
		title: /** @type {string | null | undefined} */ (title),
		generalAccess: /** @type {string | undefined} */ (generalAccess),
	});
	sendJson(c.res, 200, { data: storeObject(c.ctx, store, c.user) });
}

/**
 * Download records: every record (or those of ?prefix= and ?collection=) decoded, one file per
 * key, in one ZIP archive.
 * @param {RouteCall} c
 * @param {Store} store
 */
function downloadRecords(c, store) {
	const included = keyFilter(store, c.params);
	const files = [...store.records.entries()]
		.filter(([key]) => included(key))
		.sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
		.map(([key, record]) => ({ name: key, data: decodeSync(record.contentEncoding, record.body), modifiedAt: new Date(record.modifiedAt) }));
	store.meta.stats.readCount += files.length;
	const archive = zipArchive(files);
	sendContent(c.ctx, c.req, c.res, archive, {
		'Content-Type': 'application/zip',
		'Content-Length': archive.length,
		'Content-Disposition': `attachment; filename="${store.meta.name ?? store.meta.id}.zip"`,
	});
}

/**
 * Who a signed request acts as: the store's owner, read-only, when the signature opens what it asks for.
 * @param {AppContext} ctx
 * @param {Route} route
 * @param {string} ref
 * @param {string | undefined} key
 * @param {string} signature
 * @returns {TokenUser}
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

/** @param {string[]} segments */
function findRoute(segments) {
	return ROUTES.find((r) => r.shape.length === segments.length && r.shape.every((part, i) => part.startsWith(':') || part === segments[i]));
}

/**
 * Handles one request of the key-value store API.
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 */
async function handle(ctx, req, res) {
	const started = Date.now();
	const method = (req.method ?? 'GET').toUpperCase();
	// Not `new URL()`: it would resolve a record key such as %2E%2E ("..") as a path step.
	const [rawPath, rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
	const url = { pathname: rawPath, searchParams: new URLSearchParams(rawQuery) };
	ctx.stats.requests++;
	// Requests being handled at once: what a client's concurrency looks like from here.
	ctx.stats.inFlight++;
	ctx.stats.maxInFlight = Math.max(ctx.stats.maxInFlight, ctx.stats.inFlight);
	// The same per store, as the URL names it: a client's concurrency toward each store.
	const storeInPath = /^\/v2\/key-value-stores\/([^/]+)/.exec(url.pathname)?.[1];
	if (storeInPath !== undefined) {
		const { inFlightByStore: now, maxInFlightByStore: most } = ctx.stats;
		now[storeInPath] = (now[storeInPath] ?? 0) + 1;
		most[storeInPath] = Math.max(most[storeInPath] ?? 0, now[storeInPath]);
	}
	res.on('close', () => {
		ctx.stats.inFlight--;
		if (storeInPath !== undefined) ctx.stats.inFlightByStore[storeInPath]--;
	});
	// Apify tells agent traffic apart by this header (the official Apify n8n node sends it too).
	if (req.headers['x-apify-integration-ai-tool'] === 'true') ctx.stats.aiToolRequests++;
	const routeName = routeOf(method, url.pathname);
	ctx.stats.byRoute[routeName] = (ctx.stats.byRoute[routeName] ?? 0) + 1;
	res.on('finish', () => {
		ctx.stats.byStatus[res.statusCode] = (ctx.stats.byStatus[res.statusCode] ?? 0) + 1;
		// The path only: a token passed as ?token= never reaches the log.
		ctx.log(`${method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`);
	});
	try {
		const fault = url.pathname.startsWith('/v2/') ? ctx.faults.pick(method, url.pathname) : undefined;
		if (fault?.kind === 'delay') await sleep(fault.ms ?? 1000);
		if (fault?.kind === 'status') {
			const status = fault.status ?? 500;
			throw new ApiError(status, 'internal-server-error', `Injected fault: the server answered ${status}.`);
		}
		if (fault?.kind === 'rate-limit') {
			const retryAfter = String(fault.retryAfter ?? 1);
			throw new ApiError(429, 'rate-limit-exceeded', 'You have exceeded the rate limit. Please try again later.', { 'Retry-After': retryAfter });
		}
		if (fault?.kind === 'drop' && !['PUT', 'POST'].includes(method)) {
			req.socket.destroy();
			return;
		}

		let segments;
		try {
			segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
		} catch {
			throw new ApiError(400, 'invalid-parameter', 'The request path is not valid percent-encoding.');
		}
		const route = segments[0] === '_test' && ctx.testRoutes ? undefined : findRoute(segments);
		const [, , ref, , key] = segments;
		const token = tokenOf(ctx, req, url);
		const signature = url.searchParams.get('signature');
		/** @type {TokenUser | undefined} */
		let user;
		if (token) {
			user = ctx.users.get(token);
			if (!user) throw new ApiError(401, 'invalid-token', 'Authentication token is not valid.');
		} else if (signature && route?.signed && (method === 'GET' || method === 'HEAD')) {
			user = signedUser(ctx, route, ref, key, signature);
		} else {
			throw new ApiError(401, 'token-not-provided', 'Authentication token was not provided');
		}

		// The test routes exist only when the server was started with them (--test-routes).
		if (segments[0] === '_test' && ctx.testRoutes) {
			await handleTestRoute(ctx, req, res, method, segments.slice(1), user);
			return;
		}
		if (!route) throw new ApiError(404, 'page-not-found', 'Page not found');
		assertMethod(route.methods, method);
		/** @type {RouteCall} */
		const call = { ctx, req, res, method, params: url.searchParams, user, key, fault };
		if (route.store) {
			const store = resolveStore(ctx, ref, user);
			const wait = ctx.rateLimiter.take(store.meta.id);
			if (wait) {
				throw new ApiError(429, 'rate-limit-exceeded', 'You have exceeded the rate limit of this key-value store. Please try again later.', { 'Retry-After': String(wait) });
			}
			store.meta.accessedAt = new Date().toISOString();
			call.store = store;
		}
		await route.run(call);
	} catch (err) {
		if (req.socket.destroyed) return;
		const apiError = err instanceof ApiError ? err : new ApiError(500, 'internal-server-error', 'Internal server error');
		if (!(err instanceof ApiError)) ctx.log(`internal error: ${err && err.stack}`);
		await drain(req);
		if (res.headersSent) return void res.destroy();
		if (method === 'HEAD') {
			res.writeHead(apiError.status, { 'Content-Type': JSON_TYPE, ...apiError.headers }).end();
			return;
		}
		sendJson(res, apiError.status, { error: { type: apiError.type, message: apiError.message } }, apiError.headers);
	}
}

module.exports = { handle };
