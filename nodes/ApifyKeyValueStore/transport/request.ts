import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { BodyTooLargeError, isByteStream, readBody, type ByteStream } from './body';
import { CREDENTIAL_TYPE, MAX_ERROR_BODY_BYTES } from './defaults';
import type { ApiSession } from './session';

export type Headers = Record<string, string | string[] | undefined>;

export interface Attempt {
	status: number;
	headers: Headers;
	body: Buffer;
}

export interface AttemptRequest {
	method: IHttpRequestMethods;
	baseUrl: string;
	/** The path and below, after the base URL. */
	url: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	body?: Buffer | ByteStream;
	/** The most bytes a successful answer may have; an error answer is cut at MAX_ERROR_BODY_BYTES. */
	maxBytes: number;
	timeoutMs: number;
}

/** How an attempt ended: an answer (any status), or no answer and why. */
export type AttemptOutcome =
	| { kind: 'answer'; answer: Attempt }
	| { kind: 'tooLarge'; limit: number }
	| { kind: 'deadline' }
	| { kind: 'cancelled' }
	| { kind: 'failed'; error: unknown };

/** Text of the first value of a header. */
export function headerValue(headers: Headers, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Settles like `promise`, or rejects when `deadline` fires first; a late answer's stream is closed. */
async function beforeDeadline<T>(
	promise: Promise<T>,
	deadline: AbortSignal,
	late: (value: T) => void,
): Promise<T> {
	return await new Promise<T>((resolve, reject) => {
		const expire = () => {
			reject(deadline.reason);
			promise.then(late, () => undefined);
		};
		if (deadline.aborted) return expire();
		deadline.addEventListener('abort', expire, { once: true });
		promise.then(
			(value) => {
				deadline.removeEventListener('abort', expire);
				resolve(value);
			},
			(error: unknown) => {
				deadline.removeEventListener('abort', expire);
				reject(error);
			},
		);
	});
}

interface RawResponse {
	statusCode: number;
	headers: Headers;
	body: unknown;
}

/**
 * One request through n8n's authenticated HTTP helper (so the credential, n8n's proxy settings,
 * SSRF policy and the execution's cancellation all apply), with a deadline for the whole attempt
 * from connecting to the last byte, and the answer read as a stream within its size limit.
 */
export async function sendOnce(
	session: ApiSession,
	request: AttemptRequest,
): Promise<AttemptOutcome> {
	const deadline = AbortSignal.timeout(request.timeoutMs);
	const cancel = session.cancelSignal();
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${request.baseUrl}${request.url}`,
		qs: request.qs,
		headers: request.headers,
		body: request.body as IHttpRequestOptions['body'],
		// The HTTP client's own timeout is an idle timeout; the deadline above bounds the whole attempt.
		timeout: request.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		json: false,
		// The API never redirects these calls; following one could hand the token to another host.
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	let stream: ByteStream | undefined;
	const stop = () => stream?.destroy(new Error('aborted'));
	deadline.addEventListener('abort', stop, { once: true });
	cancel?.addEventListener('abort', stop, { once: true });
	try {
		const helpers = session.ctx.helpers;
		const pending = helpers.httpRequestWithAuthentication.call(
			session.ctx,
			CREDENTIAL_TYPE,
			options,
		) as Promise<RawResponse>;
		const response = await beforeDeadline(pending, deadline, (late) => {
			if (isByteStream(late.body)) late.body.destroy();
		});
		const status = response.statusCode;
		const ok = status >= 200 && status < 300;
		let body: Buffer = Buffer.alloc(0);
		if (isByteStream(response.body)) {
			stream = response.body;
			if (deadline.aborted || cancel?.aborted) stop();
			body = await readBody(stream, ok ? request.maxBytes : MAX_ERROR_BODY_BYTES, !ok);
		} else if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
			body = Buffer.from(response.body);
		}
		return { kind: 'answer', answer: { status, headers: response.headers, body } };
	} catch (error) {
		if (request.body && isByteStream(request.body)) request.body.destroy();
		if (error instanceof BodyTooLargeError) return { kind: 'tooLarge', limit: error.limit };
		if (cancel?.aborted) return { kind: 'cancelled' };
		if (deadline.aborted) return { kind: 'deadline' };
		return { kind: 'failed', error };
	} finally {
		deadline.removeEventListener('abort', stop);
		cancel?.removeEventListener('abort', stop);
	}
}
