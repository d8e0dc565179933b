// @ts-check
'use strict';
// The shapes the server's modules share, for type checking only.

/**
 * @typedef {{ token: string, userId: string, username: string, readOnly?: boolean }} TokenUser
 * @typedef {import('./storage').Store} Store
 * @typedef {{
 *   storage: import('./storage').Storage,
 *   runs: import('./runs').RunRegistry,
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
 * @typedef {{
 *   ctx: AppContext, req: import('http').IncomingMessage, res: import('http').ServerResponse,
 *   method: string, params: URLSearchParams, user: TokenUser, key?: string, store?: Store, segments?: string[],
 *   fault?: import('./faults').FaultRule,
 * }} RouteCall
 * @typedef {{
 *   shape: string[], methods: string[], store?: boolean,
 *   signed?: 'record' | 'content',   // a GET that a valid ?signature= opens without a token
 *   run: (call: RouteCall) => unknown,
 * }} Route
 */

module.exports = {};
