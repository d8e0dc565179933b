// @ts-check
'use strict';

/** A token bucket per store: `perSecond` requests a second, bursts up to the same number. */
class RateLimiter {
	/** @param {number} perSecond 0 turns the limit off */
	constructor(perSecond) {
		this.perSecond = perSecond;
		/** @type {Map<string, { tokens: number, at: number }>} */
		this.buckets = new Map();
	}

	/**
	 * Takes one request from the store's bucket.
	 * @param {string} storeId
	 * @returns {number} 0 when allowed, else the seconds to wait before a retry
	 */
	take(storeId, now = Date.now()) {
		if (!this.perSecond) return 0;
		const bucket = this.buckets.get(storeId) ?? { tokens: this.perSecond, at: now };
		bucket.tokens = Math.min(this.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
		bucket.at = now;
		this.buckets.set(storeId, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
	}

	reset() {
		this.buckets.clear();
	}
}

module.exports = { RateLimiter };
