import { defaults } from '../transport/transport';

/**
 * The numbers a caller needs to offer and check the request options (their defaults and ranges)
 * and to describe the API's limits: read from the transport's own definitions, never restated.
 */
export const requestLimits = {
	defaultTimeoutMs: defaults.DEFAULT_TIMEOUT_MS,
	maxTimerMs: defaults.MAX_TIMER_MS,
	defaultMaxRetries: defaults.DEFAULT_MAX_RETRIES,
	maxRetries: defaults.MAX_RETRIES,
	defaultRetryDelayMs: defaults.DEFAULT_RETRY_DELAY_MS,
	maxRetryWaitMs: defaults.MAX_RETRY_WAIT_MS,
	defaultRecordRequestsPerSecond: defaults.DEFAULT_RECORD_REQUESTS_PER_SECOND,
	maxRequestsPerSecond: defaults.MAX_REQUESTS_PER_SECOND,
	/** The most requests in flight to one store with Concurrency Auto, and the most items at once. */
	maxInFlight: defaults.AUTO_MAX_IN_FLIGHT,
	/** Items in progress at once in all with Concurrency Auto. */
	maxItemsInProgress: defaults.AUTO_MAX_ITEMS_IN_PROGRESS,
	/** Apify's limit on one record. */
	recordLimitBytes: defaults.APIFY_RECORD_LIMIT_BYTES,
} as const;
