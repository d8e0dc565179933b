import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { isByteStream, readBody, type ByteStream } from './body';
import { MAX_ERROR_BODY_BYTES } from './defaults';
import type { ApiSession, Connection } from './session';

export type Headers = Record<string, string | string[] | undefined>;

export interface Attempt {
	status: number;
	headers: Headers;
	body: Buffer;
}

export interface AttemptRequest {
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	body?: Buffer | ByteStream;
	/** The most bytes a successful answer may have; an error answer is cut at MAX_ERROR_BODY_BYTES. */
	maxBytes: number;
	timeoutMs: number;
}

/** The attempt ran out of its time (connect to last byte). */
export class DeadlineError extends Error {
	readonly code = 'ETIMEDOUT';
}

/** The execution was cancelled while the attempt ran. */
export class CancelledError extends Error {}

/** Text of the first value of a header. */
export function headerValue(headers: Headers, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * One request through n8n's HTTP helper (so its proxy settings, SSRF policy and cancellation
 * apply), with the token from the session as a Bearer header, a deadline for the whole attempt,
 * and the answer read as a stream within its size limit.
 */
export async function sendOnce(session: ApiSession, connection: Connection, request: AttemptRequest): Promise<Attempt> {
	const deadline = AbortSignal.timeout(request.timeoutMs);
	const cancel = session.cancelSignal();
	const signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${connection.baseUrl}${request.url}`,
		qs: request.qs,
		headers: { ...request.headers, Authorization: `Bearer ${connection.token}` },
		body: request.body as IHttpRequestOptions['body'],
		timeout: request.timeoutMs,
		abortSignal: signal,
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
	signal.addEventListener('abort', stop, { once: true });
	try {
		const response = (await session.ctx.helpers.httpRequest(options)) as { statusCode: number; headers: Headers; body: unknown };
		const status = response.statusCode;
		const ok = status >= 200 && status < 300;
		let body: Buffer = Buffer.alloc(0);
		if (isByteStream(response.body)) {
			stream = response.body;
			if (signal.aborted) stop();
			body = await readBody(stream, ok ? request.maxBytes : MAX_ERROR_BODY_BYTES, !ok);
		} else if (response.body !== undefined && response.body !== null) {
			body = Buffer.from(response.body as string);
		}
		return { status, headers: response.headers, body };
	} catch (error) {
		if (request.body && isByteStream(request.body)) request.body.destroy();
		if (cancel?.aborted) throw new CancelledError('The execution was cancelled');
		if (deadline.aborted) throw new DeadlineError(`The attempt took longer than ${request.timeoutMs} ms`);
		throw error;
	} finally {
		signal.removeEventListener('abort', stop);
	}
}
