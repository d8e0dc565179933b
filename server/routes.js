// @ts-check
'use strict';
// Every API route, by family, and how a request finds its own.
const { LISTING_ROUTES } = require('./routes-listings');
const { RECORD_ROUTES } = require('./routes-records');
const { RUN_ROUTES } = require('./routes-runs');
const { STORE_ROUTES } = require('./routes-stores');

/** Every API route: its path shape (":store" and ":key" are parameters), methods, and handler. */
const ROUTES = [...STORE_ROUTES, ...LISTING_ROUTES, ...RECORD_ROUTES, ...RUN_ROUTES];

/** @param {string[]} segments */
function findRoute(segments) {
	return ROUTES.find((r) => r.shape.length === segments.length && r.shape.every((part, i) => part.startsWith(':') || part === segments[i]));
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
	if (/^\/v2\/(actor-runs|actors|actor-tasks)\/[^/]+\/.*key-value-store/.test(pathname)) return `${method} run store`;
	if (/^\/v2\/(actor-runs|actors|actor-tasks)(\/|$)/.test(pathname)) return 'runs';
	return 'other';
}

module.exports = { findRoute, routeOf };
