// @ts-check
'use strict';
const http = require('http');
const https = require('https');
const crypto = require('crypto');
const { Storage } = require('./storage');
const { RunRegistry, startRun } = require('./runs');
const { FaultInjector } = require('./faults');
const { RateLimiter } = require('./rate-limit');
const { decodeSync } = require('./body');
const { resolveStore } = require('./resolve-store');
const { handle } = require('./app');
const { resetState } = require('./reset');
const { startObjectStorage } = require('./object-storage');

const DEFAULT_BODY_LIMIT = 9437184;

/**
 * @typedef {{
 *   host?: string,
 *   port?: number,
 *   tokens?: Array<{ token: string, userId?: string, username?: string, readOnly?: boolean }>,
 *   dataDir?: string,
 *   bodyLimit?: number,
 *   rateLimitPerSecond?: number,
 *   publicBaseUrl?: string,
 *   faultSeed?: number,
 *   testRoutes?: boolean,
 *   tls?: { key: string | Buffer, cert: string | Buffer },   // serve https with this key and certificate
 *   objectStorage?: { tls?: { key: string | Buffer, cert: string | Buffer }, ttlMs?: number },   // redirect record reads (302) to a local object storage, as Apify redirects to S3
 *   log?: (line: string) => void,
 * }} ServerOptions
 */

/**
 * The server's users, one per token (the first is the owner the test helpers act as).
 * @param {NonNullable<ServerOptions['tokens']>} tokens
 * @returns {Map<string, import('./context').TokenUser>}
 */
function usersOf(tokens) {
	return new Map(
		tokens.map((t, i) => [
			t.token,
			{
				token: t.token,
				userId: t.userId ?? `LocalUser${String(i).padStart(8, '0')}`,
				username: t.username ?? (i === 0 ? 'local' : `local${i}`),
				readOnly: t.readOnly ?? false,
			},
		]),
	);
}

/**
 * The HTTP(S) server around the app, counting connections (and, over TLS, sessions resumed
 * rather than negotiated anew), listening on the host and port asked for.
 * @param {import('./context').AppContext} ctx
 * @param {ServerOptions} options
 * @param {string} host
 */
async function listen(ctx, options, host) {
	/** @type {import('http').RequestListener} */
	const listener = (req, res) => {
		handle(ctx, req, res).catch((err) => {
			ctx.log(`unhandled: ${err && err.stack}`);
			res.destroy();
		});
	};
	// With a key and certificate the server speaks TLS, for measuring what clients pay for it.
	const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
	server.on(options.tls ? 'secureConnection' : 'connection', (/** @type {import('tls').TLSSocket} */ socket) => {
		ctx.stats.connections++;
		if (options.tls && socket.isSessionReused()) ctx.stats.tlsResumed++;
	});
	server.keepAliveTimeout = 30_000;
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => resolve(undefined));
	});
	const { port } = /** @type {import('net').AddressInfo} */ (server.address());
	return { server, port, url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/**
 * What tests do to the data directly, as the owner: make a store, read, write and delete records
 * and stores as the API would leave them.
 * @param {import('./context').AppContext} ctx
 * @param {import('./context').TokenUser} owner
 */
function dataControls(ctx, owner) {
	const { storage } = ctx;
	const storeOf = (/** @type {string} */ ref) => resolveStore(ctx, ref, owner);
	return {
		/** Creates (or returns) a named store of the first token's user. @param {string} name */
		ensureStore(name) {
			return (storage.getByName(owner.username, name) ?? storage.createStore({ name, userId: owner.userId, username: owner.username })).meta;
		},
		/** What a record holds: the bytes as uploaded, decoded, and its headers. @param {string} storeRef an ID, `username~name` or `~name` @param {string} key */
		getRecord(storeRef, key) {
			const record = storeOf(storeRef).records.get(key);
			return record && { ...record, decoded: decodeSync(record.contentEncoding, record.body) };
		},
		/** Writes a record as an upload would leave it. @param {string} storeRef @param {string} key @param {Buffer} body @param {string} [contentType] */
		putRecord(storeRef, key, body, contentType = 'application/octet-stream') {
			const record = { body, contentType, contentEncoding: 'identity', decodedSize: body.length, modifiedAt: new Date().toISOString() };
			storage.putRecord(storeOf(storeRef), key, record);
		},
		/** Deletes a record, as a DELETE would. @param {string} storeRef @param {string} key */
		deleteRecord(storeRef, key) {
			storage.deleteRecord(storeOf(storeRef), key);
		},
		/** Makes an Actor of the first token's user (or a public one of another user). @param {string} name @param {string} [title] @param {string} [username] */
		createActor(name, title, username) {
			return ctx.runs.createActor(owner, { name, title, username });
		},
		/** Makes a task of an Actor. @param {string} actorId @param {string} name */
		createTask(actorId, name) {
			return ctx.runs.createTask(owner, { actorId, name });
		},
		/** Starts a run with its default store (none if withStore is false). @param {{ actorId?: string, actorTaskId?: string, status?: string, withStore?: boolean }} fields */
		createRun(fields) {
			return startRun(ctx, owner, fields);
		},
		/** Deletes a store and its records. @param {string} storeRef */
		deleteStore(storeRef) {
			storage.deleteStore(storeOf(storeRef));
		},
	};
}

/**
 * Starts a local Apify-compatible key-value store server.
 * @param {ServerOptions} [options]
 */
async function startServer(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const tokens = options.tokens?.length ? options.tokens : [{ token: `apify_local_${crypto.randomBytes(18).toString('base64url')}` }];
	const users = usersOf(tokens);
	const rateLimiter = new RateLimiter(options.rateLimitPerSecond ?? 0);
	const objectStorage = options.objectStorage ? await startObjectStorage(options.objectStorage) : undefined;
	let baseUrl = '';
	/** @type {import('./context').AppContext} */
	const ctx = {
		storage: new Storage({ dataDir: options.dataDir }),
		runs: new RunRegistry(),
		faults: new FaultInjector(options.faultSeed ?? 1),
		rateLimiter,
		users,
		bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
		publicBaseUrl: () => options.publicBaseUrl ?? baseUrl,
		log: options.log ?? (() => {}),
		stats: { requests: 0, byRoute: {}, byStatus: {}, bytesReceived: 0, tokensInUrl: 0, connections: 0, tlsResumed: 0, inFlight: 0, maxInFlight: 0, inFlightByStore: {}, maxInFlightByStore: {}, aiToolRequests: 0 },
		testRoutes: options.testRoutes ?? false,
		objectStorage,
	};
	const { server, port, url } = await listen(ctx, options, host);
	baseUrl = url;
	const owner = /** @type {import('./context').TokenUser} */ (users.get(tokens[0].token));
	return {
		url,
		port,
		token: tokens[0].token,
		username: owner.username,
		faults: ctx.faults,
		storage: ctx.storage,
		stats: ctx.stats,
		/** The object storage record reads are redirected to, when the server was started with one. */
		objectStorage,
		/** Sets the body limit (decoded bytes) from now on. @param {number} limit */
		setBodyLimit(limit) {
			ctx.bodyLimit = limit;
		},
		/** @param {number} perSecond */
		setRateLimit(perSecond) {
			rateLimiter.perSecond = perSecond;
			rateLimiter.reset();
		},
		...dataControls(ctx, owner),
		reset() {
			resetState(ctx);
		},
		async close() {
			await objectStorage?.close();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startServer, DEFAULT_BODY_LIMIT };
