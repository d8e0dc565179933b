import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { BodyTooLargeError, isByteStream, readBody, type ByteStream } from './body';
import { CREDENTIAL_TYPE, MAX_ERROR_BODY_BYTES } from './defaults';
import type { ApiSession } from './session';
import { CancelledError, unlessAborted } from './wait';

export type Headers = Record<string, string | string[] | undefined>;

/** An HTTP answer, read whole (within its limit). */
export interface ApiAnswer {
	status: number;
	headers: Headers;
	body: Buffer;
	/** The object storage that answered, when the API redirected the call there. */
	via?: string;
	/** Why a redirect of a call that may follow one was not followed. */
	refusedRedirect?: string;
}

export interface AttemptRequest {
	method: IHttpRequestMethods;
	/** The whole URL. */
	url: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	body?: Buffer | ByteStream;
	/** The most bytes a successful answer may have; an error answer is cut at MAX_ERROR_BODY_BYTES. */
	maxBytes: number;
	timeoutMs: number;
	/** The attempt's deadline, shared by its redirect hops; by default `timeoutMs` from now. */
	deadline?: AbortSignal;
	/** With the credential (every Apify API call), or without (a pre-signed object-storage URL). */
	authenticated: boolean;
}

/** How an attempt ended: an answer (any status), or no answer and why. */
export type AttemptOutcome =
	| { kind: 'answer'; answer: ApiAnswer }
	| { kind: 'tooLarge'; limit: number }
	| { kind: 'deadline' }
	| { kind: 'cancelled' }
	| { kind: 'failed'; error: unknown };

/** Text of the first value of a header. */
export function headerValue(headers: Headers, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

interface RawResponse {
	statusCode: number;
	headers: Headers;
	body: unknown;
}

/**
 * n8n's authenticated helper replaces a request's abort signal with the execution's cancel signal,
 * so a deadline could end the wait but never close the connection. Seen through this view, the
 * context has no cancel signal of its own to impose, and the helper takes ours: the attempt's
 * deadline joined with the execution's cancel signal. Everything else (the credential, n8n's proxy
 * settings and SSRF policy) is n8n's as before.
 */
function withOwnAbortSignal<T extends object>(ctx: T): T {
	return new Proxy(ctx, {
		has: (target, key) => key !== 'getExecutionCancelSignal' && Reflect.has(target, key),
	});
}

async function send(
	session: ApiSession,
	options: IHttpRequestOptions,
	authenticated: boolean,
): Promise<RawResponse> {
	const { ctx } = session;
	if (!authenticated) return (await ctx.helpers.httpRequest(options)) as RawResponse;
	return (await ctx.helpers.httpRequestWithAuthentication.call(
		withOwnAbortSignal(ctx),
		CREDENTIAL_TYPE,
		options,
		{ credentialsDecrypted: session.decryptedCredential() },
	)) as RawResponse;
}

function requestOptions(request: AttemptRequest, signal: AbortSignal): IHttpRequestOptions {
	return {
		method: request.method,
		url: request.url,
		qs: request.qs,
		headers: request.headers,
		body: request.body as IHttpRequestOptions['body'],
		// The HTTP client's own timeout only covers connecting; the signal bounds the whole attempt.
		timeout: request.timeoutMs,
		abortSignal: signal,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		// Redirects are followed by the transport itself, where it allows them (never with the token).
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	};
}

/**
 * One request through n8n's HTTP helpers (so n8n's proxy settings and SSRF policy apply, and the
 * credential when it is an API call), with a deadline for the whole attempt from connecting to
 * the last byte, the execution's cancel signal, and the answer read within its size limit.
 */
export async function sendOnce(
	session: ApiSession,
	request: AttemptRequest,
): Promise<AttemptOutcome> {
	const deadline = request.deadline ?? AbortSignal.timeout(request.timeoutMs);
	const cancel = session.cancelSignal();
	const signal = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
	try {
		const pending = send(session, requestOptions(request, signal), request.authenticated);
		// An answer that comes after the deadline is closed unread.
		pending.then(
			(late) => signal.aborted && isByteStream(late.body) && late.body.destroy(),
			() => undefined,
		);
		const response = await unlessAborted(pending, signal);
		const status = response.statusCode;
		const ok = status >= 200 && status < 300;
		let body: Buffer = Buffer.alloc(0);
		if (isByteStream(response.body)) {
			const limit = ok ? request.maxBytes : MAX_ERROR_BODY_BYTES;
			body = await readBody(response.body, { limit, truncate: !ok, signal });
		} else if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
			body = Buffer.from(response.body);
		}
		return { kind: 'answer', answer: { status, headers: response.headers, body } };
	} catch (error) {
		if (request.body && isByteStream(request.body)) request.body.destroy();
		if (error instanceof BodyTooLargeError) return { kind: 'tooLarge', limit: error.limit };
		if (cancel?.aborted) return { kind: 'cancelled' };
		if (deadline.aborted) return { kind: 'deadline' };
		if (error instanceof CancelledError) return { kind: 'cancelled' };
		return { kind: 'failed', error };
	}
}
