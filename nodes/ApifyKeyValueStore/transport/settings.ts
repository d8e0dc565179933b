import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_RECORD_REQUESTS_PER_SECOND,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_TIMEOUT_MS,
	MAX_RETRY_WAIT_MS,
} from './defaults';
import type { RetryPolicy } from './retryPolicy';

export interface TransportSettings {
	/** The longest one attempt may take, connect to last byte. */
	timeoutMs: number;
	retry: RetryPolicy;
	/** Record requests a second per store at most; 0 for no pacing. */
	requestsPerSecond: number;
	/** "auto": each store's requests in flight are sized to fill its pace; a number: the items the execution sends at once. */
	concurrency: 'auto' | number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: DEFAULT_MAX_RETRIES,
	baseDelayMs: DEFAULT_RETRY_DELAY_MS,
	maxDelayMs: MAX_RETRY_WAIT_MS,
};

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	timeoutMs: DEFAULT_TIMEOUT_MS,
	retry: DEFAULT_RETRY_POLICY,
	requestsPerSecond: DEFAULT_RECORD_REQUESTS_PER_SECOND,
	concurrency: 'auto',
};
