import type { Readable } from 'stream';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { checkBaseUrl } from '../helpers/baseUrl';
import { RateGate } from '../helpers/rateGate';
import { describeApiFailure, describeNetworkFailure, redact } from '../helpers/apiErrors';
import {
	DEFAULT_RETRY_POLICY,
	isRetryableNetworkError,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
	type RetryPolicy,
} from '../helpers/retryPolicy';

export const CREDENTIAL_TYPE = 'apifyKeyValueStoreApi';
export const DEFAULT_TIMEOUT_MS = 60_000;

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * Apify's documented limit for record requests is 200 a second per store; pacing at exactly that
 * still meets 429s when requests arrive bunched, so the default keeps a 10% margin.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 180;

export interface TransportSettings {
	timeoutMs: number;
	retry: RetryPolicy;
	/** Requests a second per store at most; 0 for no pacing. */
	requestsPerSecond: number;
}

export const DEFAULT_TRANSPORT_SETTINGS: TransportSettings = {
	timeoutMs: DEFAULT_TIMEOUT_MS,
	retry: DEFAULT_RETRY_POLICY,
	requestsPerSecond: DEFAULT_REQUESTS_PER_SECOND,
};

export interface ApiCall {
	method: IHttpRequestMethods;
	/** The path below the base URL, starting with /v2/, each segment already encoded. */
	path: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	/** A body, or a function that opens a fresh stream for each attempt. */
	body?: Buffer | (() => Promise<Buffer | Readable>);
	itemIndex?: number;
	/** Statuses that are answers rather than failures, such as 404 for an existence check. */
	acceptStatuses?: number[];
}

export interface ApiAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
	attempts: number;
}

interface Connection {
	baseUrl: string;
	token: string | undefined;
}

// One credential read per node run, not per item: every item of a run uses the same credential.
const connections = new WeakMap<object, Promise<Connection>>();

async function readConnection(ctx: Context, itemIndex: number): Promise<Connection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE, itemIndex);
	const checked = checkBaseUrl(credentials.baseUrl);
	if (!checked.ok) throw new NodeOperationError(ctx.getNode(), checked.problem, { itemIndex });
	return { baseUrl: checked.baseUrl, token: typeof credentials.apiToken === 'string' ? credentials.apiToken : undefined };
}

function connection(ctx: Context, itemIndex: number): Promise<Connection> {
	let found = connections.get(ctx);
	if (!found) {
		found = readConnection(ctx, itemIndex);
		connections.set(ctx, found);
		found.catch(() => connections.delete(ctx));
	}
	return found;
}

// One gate per store and node run: parallel items share it.
const gates = new WeakMap<object, Map<string, RateGate>>();

function gateFor(ctx: Context, path: string, perSecond: number): RateGate | undefined {
	const store = /^\/v2\/key-value-stores\/([^/]+)\//.exec(path)?.[1];
	if (!store || !(perSecond > 0)) return undefined;
	let byStore = gates.get(ctx);
	if (!byStore) gates.set(ctx, (byStore = new Map()));
	let gate = byStore.get(store);
	if (!gate) byStore.set(store, (gate = new RateGate(perSecond)));
	return gate;
}

/** Apify's {"error": {"type", "message"}}, if that is what the body holds. */
function apifyError(body: Buffer): { type?: string; message?: string } | undefined {
	try {
		const parsed = JSON.parse(body.toString('utf8')) as { error?: { type?: unknown; message?: unknown } };
		if (parsed && typeof parsed.error === 'object' && parsed.error !== null) {
			return {
				type: typeof parsed.error.type === 'string' ? parsed.error.type : undefined,
				message: typeof parsed.error.message === 'string' ? parsed.error.message : undefined,
			};
		}
	} catch {
		// not JSON: described below from its content type
	}
	return undefined;
}

function header(headers: ApiAnswer['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** The underlying code of a failed request: n8n wraps the HTTP client's error. */
function networkCause(error: unknown): { code?: string; reason: string } {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const own = error as { code?: string; message?: string };
	return { code: cause?.code ?? own.code, reason: cause?.message ?? own.message ?? String(error) };
}

function isCancelled(ctx: Context): boolean {
	return 'getExecutionCancelSignal' in ctx && ctx.getExecutionCancelSignal()?.aborted === true;
}

/**
 * The one door to the Apify API: base URL and token from the credential (through n8n's
 * authentication, so proxies and cancellation apply), a timeout, retries with backoff for
 * 429, 5xx and network failures, and errors that say what went wrong and how to fix it,
 * never with the token in them.
 */
export async function apifyRequest(this: Context, call: ApiCall, settings = DEFAULT_TRANSPORT_SETTINGS): Promise<ApiAnswer> {
	const itemIndex = call.itemIndex ?? 0;
	const { baseUrl, token } = await connection(this, itemIndex);
	const node = this.getNode();
	const policy = settings.retry;
	const gate = gateFor(this, call.path, settings.requestsPerSecond);
	for (let attempt = 1; ; attempt++) {
		await gate?.take();
		const body = typeof call.body === 'function' ? await call.body() : call.body;
		const options: IHttpRequestOptions = {
			method: call.method,
			url: `${baseUrl}${call.path}`,
			qs: call.qs,
			headers: call.headers,
			body,
			timeout: settings.timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			encoding: 'arraybuffer',
			json: false,
			// The API never redirects these calls; following one could hand the token to another host.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		let response: { statusCode: number; headers: ApiAnswer['headers']; body: Buffer | ArrayBuffer | string };
		try {
			response = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, options);
		} catch (error) {
			if (body && !Buffer.isBuffer(body)) body.destroy();
			if (isCancelled(this)) throw new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
			const { code, reason } = networkCause(error);
			if (attempt <= policy.maxRetries && isRetryableNetworkError(code, reason)) {
				await sleep(retryDelayMs(policy, attempt - 1));
				continue;
			}
			const { message, description } = describeNetworkFailure(code, reason, attempt, baseUrl, settings.timeoutMs);
			// No `code` in the response object: n8n would swap the message for a generic one.
			throw new NodeApiError(node, { message: redact(message, token) } as JsonObject, {
				message: redact(message, token),
				description,
				itemIndex,
			});
		}
		const status = response.statusCode;
		const raw = response.body;
		const responseBody = Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw ?? []);
		if ((status >= 200 && status < 300) || call.acceptStatuses?.includes(status)) {
			return { status, headers: response.headers, body: responseBody, attempts: attempt };
		}
		if (isRetryableStatus(status) && attempt <= policy.maxRetries) {
			await sleep(retryDelayMs(policy, attempt - 1, parseRetryAfter(header(response.headers, 'retry-after'))));
			continue;
		}
		const apify = apifyError(responseBody);
		const contentType = header(response.headers, 'content-type') ?? '';
		const foreign = apify === undefined && responseBody.length > 0 && !/json/i.test(contentType);
		const { message, description } = describeApiFailure({
			status,
			type: apify?.type,
			message: apify?.message ?? (foreign ? undefined : responseBody.toString('utf8').slice(0, 200) || undefined),
			foreignContentType: foreign ? contentType : undefined,
			attempts: attempt,
			baseUrl,
		});
		throw new NodeApiError(
			node,
			{ httpCode: String(status), type: apify?.type ?? null, message: redact(apify?.message ?? message, token) } as JsonObject,
			{ message: redact(message, token), description: redact(description, token), httpCode: String(status), itemIndex },
		);
	}
}

/** Parses a JSON answer, with an error that names the call when it is not JSON. */
export function parseJson<T>(this: Context, answer: ApiAnswer, itemIndex = 0): T {
	try {
		return JSON.parse(answer.body.toString('utf8')) as T;
	} catch {
		throw new NodeOperationError(this.getNode(), `The API answered ${answer.status} with a body that is not JSON`, {
			itemIndex,
			description: 'Check the Base URL in the Apify API credential: it should point to the Apify API or an Apify-compatible server.',
		});
	}
}
