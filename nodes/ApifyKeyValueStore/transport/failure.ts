import { NodeOperationError } from 'n8n-workflow';
import { apifyErrorBody, type Decision } from './decision';
import {
	ApiError,
	checkBaseUrlFix,
	describeApiFailure,
	describeNetworkFailure,
	type ApiErrorParts,
	type CallSubject,
} from './errors';
import { headerValue, type ApiAnswer } from './request';
import type { ApiSession } from './session';

export interface FailureContext {
	method: string;
	path: string;
	itemIndex: number;
	attempts: number;
	baseUrl: string;
	timeoutMs: number;
	/** The name of the user's credential, for the fixes that send them to it. */
	credential?: string;
	/** What the call was about, for the title of its error. */
	subject?: CallSubject;
	/** What the body limit protects, for the error when an answer passes it. */
	tooLarge?: (limit: number) => { message: string; description: string };
}

export type Failed = Exclude<Decision, { kind: 'answer' } | { kind: 'retry' }>;

/** The message and fix for an answer that is not a success, whoever sent it. */
function describeAnswer(
	answer: ApiAnswer,
	context: FailureContext,
	clean: (t: string) => string,
): ApiErrorParts {
	const { status } = answer;
	const apify = apifyErrorBody(answer.body);
	const contentType = headerValue(answer.headers, 'content-type') ?? '';
	const foreign = apify === undefined && answer.body.length > 0 && !/json/i.test(contentType);
	// Redacted before it is cut, so no part of a secret an odd server echoes survives.
	const snippet = foreign
		? undefined
		: clean(answer.body.toString('utf8')).slice(0, 200) || undefined;
	const described = describeApiFailure({
		status,
		type: apify?.type,
		message: apify ? apify.message : snippet,
		foreignContentType: foreign ? contentType : undefined,
		attempts: context.attempts,
		baseUrl: context.baseUrl,
		credential: context.credential,
		subject: context.subject,
	});
	if (answer.refusedRedirect) {
		described.message = `The API redirected ${context.method} ${context.path} (${status}), but ${answer.refusedRedirect}`;
		described.description = `Apify sends record reads and archives on to object storage by https links; this redirect was refused, and the token was not sent on. Run the item again; if it keeps happening, the server is not answering like the Apify API. ${checkBaseUrlFix(context.credential)}`;
	} else if (answer.via) {
		described.message = `The object storage at ${answer.via}, where the API sent the read, answered ${status}`;
		described.description =
			'A pre-signed link from the API was refused. Run the item again for a fresh link; if it keeps failing, the record may be unreadable right now.';
	}
	return {
		reason: 'answer',
		...described,
		status,
		type: apify?.type,
		apifyMessage: apify?.message,
	};
}

/** The item's error for an attempt that ended without the answer the call needs. */
export function failure(
	session: ApiSession,
	decision: Failed,
	context: FailureContext,
): ApiError | NodeOperationError {
	const node = session.ctx.getNode();
	const clean = (text: string) => session.redact(text);
	const { itemIndex } = context;
	switch (decision.kind) {
		case 'cancelled':
			return new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
		case 'tooLarge': {
			const told = context.tooLarge?.(decision.limit) ?? {
				message: `The answer to ${context.method} ${context.path} is larger than ${decision.limit} bytes, more than the Apify API sends for this call`,
				description: checkBaseUrlFix(context.credential),
			};
			const parts = { reason: 'tooLarge' as const, ...told, limit: decision.limit };
			return new ApiError(node, parts, clean, itemIndex);
		}
		case 'failNetwork': {
			const described = describeNetworkFailure(decision.code, decision.reason, context);
			return new ApiError(node, { reason: 'network', ...described }, clean, itemIndex);
		}
		case 'failAnswer':
			return new ApiError(node, describeAnswer(decision.answer, context, clean), clean, itemIndex);
	}
}
