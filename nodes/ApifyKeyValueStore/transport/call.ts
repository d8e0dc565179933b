import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import type { ByteStream } from './body';
import { MAX_JSON_ANSWER_BYTES, STORE_REQUESTS_PER_SECOND } from './defaults';
import {
	apiError,
	describeApiFailure,
	describeNetworkFailure,
	isCertificateProblem,
	redact,
} from './errors';
import { headerValue, sendOnce, type Headers } from './request';
import {
	isRetryableNetworkError,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
} from './retryPolicy';
import type { ApiSession } from './session';
import { DEFAULT_TRANSPORT_SETTINGS, type TransportSettings } from './settings';

/** Apify's error types for a record or store that does not exist. */
const NOT_FOUND_TYPES = new Set(['record-not-found', 'record-or-token-not-found']);

export interface ApiCall {
	method: IHttpRequestMethods;
	/** The path below the base URL, starting with /v2/, each segment already encoded. */
	path: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	/** A body, or a function that opens it afresh for each attempt (a stream can be sent only once). */
	body?: Buffer | (() => Promise<Buffer | ByteStream>);
	itemIndex?: number;
	/** Whether Apify's "not found" is an answer (an existence check, "If Missing: flag") rather than a failure. */
	notFoundIsAnswer?: boolean;
	/** The most bytes the answer may have: a record's limit, or by default the cap for JSON answers. */
	maxBytes?: number;
	/** What the body limit protects, for the error when an answer passes it. */
	tooLarge?: (limit: number) => { message: string; description: string };
	/** Requests with the same key share a rate gate: a store, and whether this is a record request. */
	pace?: { store: string; records: boolean };
}

export interface ApiAnswer {
	status: number;
	headers: Headers;
	body: Buffer;
}

/** Apify's {"error": {"type", "message"}}, if that is what the body holds. */
function apifyErrorBody(body: Buffer): { type?: string; message?: string } | undefined {
	try {
		const parsed = JSON.parse(body.toString('utf8')) as {
			error?: { type?: unknown; message?: unknown };
		};
		if (parsed && typeof parsed.error === 'object' && parsed.error !== null) {
			return {
				type: typeof parsed.error.type === 'string' ? parsed.error.type : undefined,
				message: typeof parsed.error.message === 'string' ? parsed.error.message : undefined,
			};
		}
	} catch {
		// not JSON: described from its content type
	}
	return undefined;
}

/** The underlying code of a failed request: n8n wraps the HTTP client's error. */
function networkCause(error: unknown): { code?: string; reason: string } {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const own = error as { code?: string; message?: string };
	return { code: cause?.code ?? own.code, reason: cause?.message ?? own.message ?? String(error) };
}

/**
 * The one door to the Apify API: the token from the credential, per-store pacing, a deadline per
 * attempt, a size limit on every answer, retries with backoff for 429, 5xx and network failures,
 * and errors that say what went wrong and how to fix it, never with the token in them.
 */
export async function apifyRequest(
	session: ApiSession,
	call: ApiCall,
	settings: TransportSettings = DEFAULT_TRANSPORT_SETTINGS,
): Promise<ApiAnswer> {
	const itemIndex = call.itemIndex ?? 0;
	const { baseUrl, token } = await session.connection(itemIndex);
	const node = session.ctx.getNode();
	const policy = settings.retry;
	const perSecond = call.pace?.records
		? settings.requestsPerSecond
		: Math.min(settings.requestsPerSecond, STORE_REQUESTS_PER_SECOND);
	const gate = call.pace
		? session.gate(`${call.pace.records ? 'records' : 'store'}\u0000${call.pace.store}`, perSecond)
		: undefined;
	const maxBytes = call.maxBytes ?? MAX_JSON_ANSWER_BYTES;
	for (let attempt = 1; ; attempt++) {
		await gate?.take();
		const body = typeof call.body === 'function' ? await call.body() : call.body;
		const outcome = await sendOnce(session, {
			method: call.method,
			baseUrl,
			url: call.path,
			qs: call.qs,
			headers: call.headers,
			body,
			maxBytes,
			timeoutMs: settings.timeoutMs,
		});
		if (outcome.kind === 'cancelled')
			throw new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
		if (outcome.kind === 'tooLarge') {
			const told = call.tooLarge?.(outcome.limit) ?? {
				message: `The answer to ${call.method} ${call.path} is larger than ${outcome.limit} bytes, more than the Apify API sends for this call`,
				description:
					'Check the Base URL in the Apify API credential: it should point to the Apify API or an Apify-compatible server.',
			};
			throw apiError(node, told, token, itemIndex);
		}
		if (outcome.kind !== 'answer') {
			const { code, reason } =
				outcome.kind === 'deadline'
					? { code: 'ETIMEDOUT', reason: 'timeout' }
					: networkCause(outcome.error);
			if (
				attempt <= policy.maxRetries &&
				isRetryableNetworkError(code, reason) &&
				!isCertificateProblem(code, reason)
			) {
				await sleep(retryDelayMs(policy, attempt - 1));
				continue;
			}
			throw apiError(
				node,
				describeNetworkFailure(code, reason, attempt, baseUrl, settings.timeoutMs),
				token,
				itemIndex,
			);
		}
		const { answer } = outcome;
		const { status } = answer;
		if (status === 429) gate?.refused();
		else if (status < 500) gate?.passed();
		if (status >= 200 && status < 300) return answer;
		const apify = apifyErrorBody(answer.body);
		if (
			status === 404 &&
			call.notFoundIsAnswer &&
			(call.method === 'HEAD' || NOT_FOUND_TYPES.has(apify?.type ?? ''))
		) {
			return answer;
		}
		if (isRetryableStatus(status) && attempt <= policy.maxRetries) {
			await sleep(
				retryDelayMs(
					policy,
					attempt - 1,
					parseRetryAfter(headerValue(answer.headers, 'retry-after')),
				),
			);
			continue;
		}
		const contentType = headerValue(answer.headers, 'content-type') ?? '';
		const foreign = apify === undefined && answer.body.length > 0 && !/json/i.test(contentType);
		// Redacted before it is cut, so no part of a token an odd server echoes survives.
		const snippet = foreign
			? undefined
			: redact(answer.body.toString('utf8'), token).slice(0, 200) || undefined;
		const described = describeApiFailure({
			status,
			type: apify?.type,
			message: apify ? apify.message : snippet,
			foreignContentType: foreign ? contentType : undefined,
			attempts: attempt,
			baseUrl,
		});
		throw apiError(
			node,
			{ ...described, httpCode: String(status), type: apify?.type },
			token,
			itemIndex,
		);
	}
}

/**
 * A JSON answer, parsed and checked to have the shape the caller expects, so no caller meets a
 * raw "cannot read properties of undefined" from an answer that is JSON but not Apify's.
 */
export function apifyJson<T>(
	session: ApiSession,
	answer: ApiAnswer,
	call: { method: string; path: string; itemIndex?: number },
	isShape: (value: unknown) => value is T,
	shape: string,
): T {
	let parsed: unknown;
	try {
		// The token is letters and digits, so taking it out of the text keeps the JSON valid.
		parsed = JSON.parse(redact(answer.body.toString('utf8'), session.token()));
	} catch {
		parsed = undefined;
	}
	if (parsed === undefined || !isShape(parsed)) {
		const what = parsed === undefined ? 'a body that is not JSON' : `JSON without ${shape}`;
		throw new NodeOperationError(
			session.ctx.getNode(),
			`The API answered ${call.method} ${call.path} with ${what}`,
			{
				itemIndex: call.itemIndex ?? 0,
				description:
					'Check the Base URL in the Apify API credential: it should point to the Apify API or an Apify-compatible server.',
			},
		);
	}
	return parsed;
}
