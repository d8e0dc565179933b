// @ts-check
'use strict';

/**
 * Everything a request may have changed, back to a fresh start: stores, faults, rate limits, counters.
 * @param {import('./context').AppContext} ctx
 */
function resetState(ctx) {
	ctx.storage.reset();
	ctx.runs.reset();
	ctx.faults.clear();
	ctx.rateLimiter.reset();
	ctx.stats.requests = 0;
	ctx.stats.byRoute = {};
	ctx.stats.byStatus = {};
	ctx.stats.bytesReceived = 0;
	ctx.stats.tokensInUrl = 0;
	ctx.stats.connections = 0;
	ctx.stats.tlsResumed = 0;
	ctx.stats.aiToolRequests = 0;
	// What is in flight now stays counted; the highest mark starts again.
	ctx.stats.maxInFlight = ctx.stats.inFlight;
	ctx.stats.maxInFlightByStore = { ...ctx.stats.inFlightByStore };
}

module.exports = { resetState };
