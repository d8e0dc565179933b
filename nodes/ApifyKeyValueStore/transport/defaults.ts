/** The one place for the transport's numbers: every default, limit and cap is defined here. */

export const DEFAULT_BASE_URL = 'https://api.apify.com';

export const CREDENTIAL_TYPE = 'apifyKeyValueStoreApi';

/** The longest one attempt may take, from connecting to the last byte of the answer. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Apify allows 200 record requests a second per store and 60 for its other store endpoints;
 * pacing at exactly 200 still met 429s when requests arrived bunched, so the defaults keep a 10% margin.
 */
export const DEFAULT_RECORD_REQUESTS_PER_SECOND = 180;
export const STORE_REQUESTS_PER_SECOND = 54;

/** Retries after the first attempt, and the first backoff (each later one doubles). */
export const DEFAULT_MAX_RETRIES = 4;
export const DEFAULT_RETRY_DELAY_MS = 500;

/** Items in flight at once. */
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;

/** Apify's record limit is 9 MiB; a read stops a little above it unless the user raises it. */
export const APIFY_RECORD_LIMIT_BYTES = 9 * 1024 * 1024;
export const DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024;

/** A whole-store ZIP (Store > Download Records) stops past this unless the user raises it. */
export const DEFAULT_MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

/** A JSON answer (a store, a page of keys or stores, the user) is never larger than this. */
export const MAX_JSON_ANSWER_BYTES = 4 * 1024 * 1024;

/** Of an error answer only this much is read: enough for Apify's error JSON or an HTML page's start. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** A paged listing stops with an error after this many pages, whatever the server says. */
export const MAX_PAGES = 1000;

/** Items per page asked for when listing keys or stores (Apify's maximum). */
export const LIST_PAGE_SIZE = 1000;
