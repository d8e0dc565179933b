// @ts-check
'use strict';
// One request of the key-value store API: counted, faults injected, authenticated, routed, and
// every error answered as Apify answers it.
const { ApiError } = require('./api-error');
const { authenticate } = require('./auth');
const { assertMethod } = require('./params');
const { resolveStore } = require('./resolve-store');
const { drain, JSON_TYPE, sendJson } = require('./respond');
const { findRoute, routeOf } = require('./routes');
const { runScopedSegments, runScopeLength } = require('./routes-runs');
const { handleTestRoute } = require('./test-routes');

/**
 * @typedef {import('./context').AppContext} AppContext
 * @typedef {import('./context').TokenUser} TokenUser
 */

const sleep = (/** @type {number} */ ms) =>
	new Promise((resolve) => {
		setTimeout(resolve, ms).unref();
	});

/**
 * Counts the request: in all, in flight (and per store, as the URL names it: a client's
 * concurrency toward each store), by route and status, by AI agents; logs its path when done.
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {string} method
 * @param {string} pathname
 */
function countRequest(ctx, req, res, method, pathname) {
	const started = Date.now();
	const { stats } = ctx;
	stats.requests++;
	stats.inFlight++;
	stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
	const store = /^\/v2\/key-value-stores\/([^/]+)/.exec(pathname)?.[1];
	if (store !== undefined) {
		stats.inFlightByStore[store] = (stats.inFlightByStore[store] ?? 0) + 1;
		stats.maxInFlightByStore[store] = Math.max(stats.maxInFlightByStore[store] ?? 0, stats.inFlightByStore[store]);
	}
	res.on('close', () => {
		stats.inFlight--;
		if (store !== undefined) stats.inFlightByStore[store]--;
	});
	// Apify tells agent traffic apart by this header (the official Apify n8n node sends it too).
	if (req.headers['x-apify-integration-ai-tool'] === 'true') stats.aiToolRequests++;
	const routeName = routeOf(method, pathname);
	stats.byRoute[routeName] = (stats.byRoute[routeName] ?? 0) + 1;
	res.on('finish', () => {
		stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
		// The path only: a token passed as ?token= never reaches the log.
		ctx.log(`${method} ${pathname} ${res.statusCode} ${Date.now() - started}ms`);
	});
}

/**
 * The fault the test set for this request, acted on: a delay, an error status, a 429, or a cut
 * connection (uploads are cut part way, by the record route). Returns the fault, or "cut".
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {string} method
 * @param {string} pathname
 */
async function injectFault(ctx, req, method, pathname) {
	const fault = pathname.startsWith('/v2/') ? ctx.faults.pick(method, pathname) : undefined;
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
		return 'cut';
	}
	return fault;
}

/** @param {string} pathname */
function segmentsOf(pathname) {
	try {
		return pathname.split('/').filter(Boolean).map(decodeURIComponent);
	} catch {
		throw new ApiError(400, 'invalid-parameter', 'The request path is not valid percent-encoding.');
	}
}

/**
 * The route's store, resolved and paced by the store's rate limit, when the route has one.
 * @param {AppContext} ctx
 * @param {string} ref
 * @param {TokenUser} user
 */
function storeOf(ctx, ref, user) {
	const store = resolveStore(ctx, ref, user);
	const wait = ctx.rateLimiter.take(store.meta.id);
	if (wait) {
		throw new ApiError(429, 'rate-limit-exceeded', 'You have exceeded the rate limit of this key-value store. Please try again later.', { 'Retry-After': String(wait) });
	}
	store.meta.accessedAt = new Date().toISOString();
	return store;
}

/**
 * Answers an error as the API does (its JSON body; headers only for HEAD), after the rest of the
 * upload; an error after the answer started closes the connection.
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {string} method
 * @param {unknown} err
 */
async function answerError(ctx, req, res, method, err) {
	if (req.socket.destroyed) return;
	const apiError = err instanceof ApiError ? err : new ApiError(500, 'internal-server-error', 'Internal server error');
	if (!(err instanceof ApiError)) ctx.log(`internal error: ${err instanceof Error ? err.stack : String(err)}`);
	await drain(req);
	if (res.headersSent) return void res.destroy();
	if (method === 'HEAD') {
		res.writeHead(apiError.status, { 'Content-Type': JSON_TYPE, ...apiError.headers }).end();
		return;
	}
	sendJson(res, apiError.status, { error: { type: apiError.type, message: apiError.message } }, apiError.headers);
}

/**
 * Handles one request of the key-value store API.
 * @param {AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 */
async function handle(ctx, req, res) {
	const method = (req.method ?? 'GET').toUpperCase();
	// Not `new URL()`: it would resolve a record key such as %2E%2E ("..") as a path step.
	const [pathname, rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
	const query = new URLSearchParams(rawQuery);
	countRequest(ctx, req, res, method, pathname);
	try {
		const fault = await injectFault(ctx, req, method, pathname);
		if (fault === 'cut') return;
		const asked = segmentsOf(pathname);
		// The test routes exist only when the server was started with them (--test-routes).
		const testRoute = asked[0] === '_test' && ctx.testRoutes;
		// A run-scoped store path is not signed: it is found once the user is known.
		const direct = testRoute || runScopeLength(asked) > 0 ? undefined : findRoute(asked);
		const user = authenticate(ctx, req, { method, query, route: direct, segments: asked });
		if (testRoute) return await handleTestRoute(ctx, req, res, method, asked.slice(1), user);
		const segments = runScopedSegments(ctx, asked, query, user);
		const route = segments === asked ? direct : findRoute(segments);
		if (!route) throw new ApiError(404, 'page-not-found', 'Page not found');
		assertMethod(route.methods, method);
		const [, , ref, , key] = segments;
		const store = route.store ? storeOf(ctx, ref, user) : undefined;
		await route.run({ ctx, req, res, method, params: query, user, key, fault, store, segments });
	} catch (err) {
		await answerError(ctx, req, res, method, err);
	}
}

module.exports = { handle };
