/**
 * The transport's names and numbers: every default, limit and cap a request to the Apify API
 * uses is defined here, once. (The editor's own defaults live with the parameter descriptions.)
 */

// The credential and the API
export const CREDENTIAL_TYPE = 'apifyKeyValueStoreApi';
/** Not "Apify API": that is the official Apify node's credential, and users with both must tell them apart. */
export const CREDENTIAL_DISPLAY_NAME = 'Apify Key-Value Store API';
export const DEFAULT_BASE_URL = 'https://api.apify.com';
/** Apify attributes integration traffic by these headers, as the official Apify n8n node sends them. */
export const INTEGRATION_PLATFORM_HEADER = 'x-apify-integration-platform';
export const INTEGRATION_PLATFORM = 'n8n';
export const AI_TOOL_HEADER = 'x-apify-integration-ai-tool';

// Deadlines and retries
/** The longest one attempt may take, from connecting to the last byte of the answer. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** The longest deadline a timer can hold (2^31 − 1 ms, about 24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;
/** Retries after the first attempt, and the first backoff (each later one doubles). */
export const DEFAULT_MAX_RETRIES = 4;
export const MAX_RETRIES = 20;
export const DEFAULT_RETRY_DELAY_MS = 500;
/** No single wait before a retry is longer, Retry-After included. */
export const MAX_RETRY_WAIT_MS = 30_000;
/** Hops of a redirect to pre-signed object storage (Get Record, Download Records) that are followed. */
export const MAX_REDIRECTS = 3;

// Pacing: a token bucket per store and request class, shared by the process
/**
 * Apify allows 200 record requests a second per store and 60 for its other store endpoints;
 * pacing at exactly 200 still met 429s when requests arrived bunched, so the defaults keep a 10% margin.
 */
export const DEFAULT_RECORD_REQUESTS_PER_SECOND = 180;
export const STORE_REQUESTS_PER_SECOND = 54;
/** The highest pace the option takes: far above anything Apify allows, low enough to be a number. */
export const MAX_REQUESTS_PER_SECOND = 100_000;
/**
 * A gate lets this many seconds' worth of requests through at once. A whole second's worth (the
 * first design) reached the API bunched at a distance and met 429s from a store limited to 200/s.
 */
export const GATE_BURST_SECONDS = 0.1;
/** How much a slowed-down gate grows back per request that was not refused, in requests a second. */
export const GATE_RECOVERY_PER_SUCCESS = 0.1;
/** Requests in flight meet the same overload: a gate slows down once per this many milliseconds. */
export const GATE_CUT_INTERVAL_MS = 1000;
/** The slowest a 429 makes a gate (a gate set slower than this stays at its own pace). */
export const GATE_MIN_PER_SECOND = 1;
/** A gate nobody used for this long forgets a slow-down: the API's window has long passed. */
export const GATE_FORGET_AFTER_IDLE_MS = 10_000;
/** Gates idle this long are dropped once the process holds GATES_BEFORE_PRUNING; it never holds more than MAX_GATES. */
export const GATE_IDLE_MS = 60_000;
export const GATES_BEFORE_PRUNING = 256;
export const MAX_GATES = 1024;

// Concurrency "Auto": requests in flight per store, sized from the pace and the measured latency
/** Where a store's window starts, and the most requests in flight to one store (and items in progress). */
export const AUTO_START_IN_FLIGHT = 4;
export const AUTO_MAX_IN_FLIGHT = 256;
/**
 * Items in progress at once with Auto: each store's items up to its most in flight, and in all
 * enough for four stores at their most (each item may hold its prepared body while it waits).
 */
export const AUTO_MAX_ITEMS_IN_PROGRESS = 4 * AUTO_MAX_IN_FLIGHT;
/** The window is the pace times the latency (Little's law) times this, so a slow answer leaves no gap. */
export const AUTO_HEADROOM = 1.5;
/** How much of each new latency sample the window's average takes. */
export const AUTO_LATENCY_WEIGHT = 0.2;
/** Bodies compressed into memory and downloads held at once in one execution, at most (one larger body goes alone). */
export const MAX_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

// Answers
/** Apify's record limit is 9 MiB. */
export const APIFY_RECORD_LIMIT_BYTES = 9 * 1024 * 1024;
/** A JSON answer (a store, a page of keys or stores, the user) is never larger than this. */
export const MAX_JSON_ANSWER_BYTES = 4 * 1024 * 1024;
/** Of an error answer only this much is read: enough for Apify's error JSON or an HTML page's start. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** A paged listing stops with an error after this many pages, whatever the server says. */
export const MAX_PAGES = 1000;
/** Items per page asked for when listing keys or stores (Apify's maximum). */
export const LIST_PAGE_SIZE = 1000;
