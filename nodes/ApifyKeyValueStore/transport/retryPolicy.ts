export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** The first backoff; each later one doubles. */
	baseDelayMs: number;
	/** No single wait is longer, Retry-After included. */
	maxDelayMs: number;
}

/** Too many requests and server-side failures may pass; other 4xx answers will not change. */
export const isRetryableStatus = (status: number) =>
	status === 429 || (status >= 500 && status <= 599);

const RETRYABLE_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'EHOSTUNREACH',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/** A failure below HTTP (no answer at all) that a new attempt may get past. */
export function isRetryableNetworkError(code: string | undefined, message = ''): boolean {
	if (code && RETRYABLE_CODES.has(code)) return true;
	return /socket hang up|timeout|aborted|network/i.test(message);
}

/** Seconds or an HTTP date, as RFC 9110 allows, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before retry number `retry` (0 for the first): exponential backoff with
 * jitter ("equal jitter": half fixed, half random), never less than the server's Retry-After.
 */
export function retryDelayMs(
	policy: RetryPolicy,
	retry: number,
	retryAfterMs?: number,
	random = Math.random,
): number {
	const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
	const jittered = exponential / 2 + (random() * exponential) / 2;
	const floor = retryAfterMs === undefined ? 0 : retryAfterMs;
	return Math.min(policy.maxDelayMs, Math.max(jittered, floor));
}
