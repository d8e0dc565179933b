// @ts-check
'use strict';

/**
 * @typedef {'status' | 'rate-limit' | 'drop' | 'delay'} FaultKind
 * @typedef {{
 *   kind: FaultKind,
 *   status?: number,        // kind 'status': 500 (default) or 503
 *   retryAfter?: number,    // kind 'rate-limit': seconds for the Retry-After header (default 1)
 *   ms?: number,            // kind 'delay': how long the response waits
 *   afterBytes?: number,    // kind 'drop': body bytes to take before the connection is cut (default: half)
 *   count?: number,         // apply to this many matching requests, then stop
 *   fraction?: number,      // or apply to this fraction of matching requests (0..1)
 *   method?: string,        // only requests with this method
 *   path?: string,          // only requests whose path matches this regular expression
 * }} FaultRule
 */

/** A small deterministic generator, so a fractional fault plan repeats run to run. */
/** @param {number} seed */
function mulberry32(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const KINDS = ['status', 'rate-limit', 'drop', 'delay'];

/** Decides, request by request, whether to fail it on purpose and how. */
class FaultInjector {
	constructor(seed = 1) {
		this.seed = seed;
		/** @type {Array<FaultRule & { remaining: number, pathRe?: RegExp }>} */
		this.rules = [];
		this.random = mulberry32(seed);
		/** @type {Record<string, number>} */
		this.injected = {};
		this.clear();
	}

	/** @param {FaultRule[]} rules */
	set(rules, seed = this.seed) {
		for (const rule of rules) {
			if (!KINDS.includes(rule.kind)) throw new Error(`Unknown fault kind "${rule.kind}"`);
			if (rule.fraction !== undefined && (rule.fraction < 0 || rule.fraction > 1)) {
				throw new Error('fraction must be between 0 and 1');
			}
		}
		this.rules = rules.map((rule) => ({
			...rule,
			remaining: rule.count ?? Infinity,
			pathRe: rule.path ? new RegExp(rule.path) : undefined,
		}));
		this.random = mulberry32(seed);
	}

	clear() {
		this.rules = [];
		this.random = mulberry32(this.seed);
		this.injected = { status: 0, 'rate-limit': 0, drop: 0, delay: 0 };
	}

	/**
	 * The fault to apply to this request, if any. Fractions draw one number a request,
	 * so the same plan and seed fail the same requests.
	 * @param {string} method
	 * @param {string} pathname
	 * @returns {FaultRule | undefined}
	 */
	pick(method, pathname) {
		if (this.rules.length === 0) return undefined;
		const draw = this.random();
		let low = 0;
		for (const rule of this.rules) {
			if (rule.remaining <= 0) continue;
			if (rule.method && rule.method.toUpperCase() !== method) continue;
			if (rule.pathRe && !rule.pathRe.test(pathname)) continue;
			if (rule.fraction !== undefined) {
				// Fractions of one rule set take disjoint slices of the draw.
				const high = low + rule.fraction;
				const hit = draw >= low && draw < high;
				low = high;
				if (!hit) continue;
			}
			rule.remaining--;
			this.injected[rule.kind]++;
			return rule;
		}
		return undefined;
	}
}

module.exports = { FaultInjector };
