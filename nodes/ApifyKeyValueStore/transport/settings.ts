import { DEFAULT_RECORD_REQUESTS_PER_SECOND, DEFAULT_TIMEOUT_MS } from './defaults';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';

export interface TransportSettings {
	/** The longest one attempt may take, connect to last byte. */
	timeoutMs: number;
	retry: RetryPolicy;
	/** Record requests a second per store at most; 0 for no pacing. */
	requestsPerSecond: number;
}

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	timeoutMs: DEFAULT_TIMEOUT_MS,
	retry: DEFAULT_RETRY_POLICY,
	requestsPerSecond: DEFAULT_RECORD_REQUESTS_PER_SECOND,
};
