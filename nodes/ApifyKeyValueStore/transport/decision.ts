import { isCertificateProblem, NOT_FOUND_TYPES } from './errors';
import { headerValue, type ApiAnswer, type AttemptOutcome } from './request';
import {
	isRetryableNetworkError,
	isRetryableStatus,
	parseRetryAfter,
	retryDelayMs,
	type RetryPolicy,
} from './retryPolicy';

/** Apify's {"error": {"type", "message"}}, if that is what the body holds. */
export function apifyErrorBody(body: Buffer): { type?: string; message?: string } | undefined {
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
export function networkCause(error: unknown): { code?: string; reason: string } {
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const own = error as { code?: string; message?: string };
	return { code: cause?.code ?? own.code, reason: cause?.message ?? own.message ?? String(error) };
}

/** What to do after an attempt. */
export type Decision =
	| { kind: 'answer'; answer: ApiAnswer }
	| { kind: 'retry'; waitMs: number }
	| { kind: 'failAnswer'; answer: ApiAnswer }
	| { kind: 'failNetwork'; code?: string; reason: string }
	| { kind: 'tooLarge'; limit: number }
	| { kind: 'cancelled' };

export interface DecisionContext {
	/** 1 for the first attempt. */
	attempt: number;
	policy: RetryPolicy;
	method: string;
	/** Whether Apify's "not found" is an answer (an existence check, "If Missing: flag"). */
	notFoundIsAnswer?: boolean;
}

/** Whether an answer is Apify's "not found" that the caller takes as an answer. */
function isNotFoundAnswer(answer: ApiAnswer, context: DecisionContext): boolean {
	if (answer.status !== 404 || !context.notFoundIsAnswer) return false;
	// HEAD answers carry no body to tell a missing record from a missing store.
	return context.method === 'HEAD' || NOT_FOUND_TYPES.has(apifyErrorBody(answer.body)?.type ?? '');
}

/** After an answer: take it, retry it (429, 5xx) while retries remain, or fail with it. */
function decideAnswer(answer: ApiAnswer, context: DecisionContext): Decision {
	if ((answer.status >= 200 && answer.status < 300) || isNotFoundAnswer(answer, context)) {
		return { kind: 'answer', answer };
	}
	if (isRetryableStatus(answer.status) && context.attempt <= context.policy.maxRetries) {
		const retryAfter = parseRetryAfter(headerValue(answer.headers, 'retry-after'));
		return { kind: 'retry', waitMs: retryDelayMs(context.policy, context.attempt - 1, retryAfter) };
	}
	return { kind: 'failAnswer', answer };
}

/** The named decisions of the retry loop: every way an attempt can end, and what follows it. */
export function decide(outcome: AttemptOutcome, context: DecisionContext): Decision {
	switch (outcome.kind) {
		case 'answer':
			return decideAnswer(outcome.answer, context);
		case 'tooLarge':
			return { kind: 'tooLarge', limit: outcome.limit };
		case 'cancelled':
			return { kind: 'cancelled' };
		default: {
			const { code, reason } =
				outcome.kind === 'deadline'
					? { code: 'ETIMEDOUT', reason: 'timeout' }
					: networkCause(outcome.error);
			const retryable =
				isRetryableNetworkError(code, reason) && !isCertificateProblem(code, reason);
			if (retryable && context.attempt <= context.policy.maxRetries) {
				return { kind: 'retry', waitMs: retryDelayMs(context.policy, context.attempt - 1) };
			}
			return { kind: 'failNetwork', code, reason };
		}
	}
}

/** What the store's gate and window hear of an attempt: 429 slows the pace; any overload shrinks the window. */
export function overloadOf(outcome: AttemptOutcome): { refused: boolean; overloaded: boolean } {
	if (outcome.kind === 'answer') {
		const { status } = outcome.answer;
		return { refused: status === 429, overloaded: status === 429 || status >= 500 };
	}
	return { refused: false, overloaded: outcome.kind === 'deadline' || outcome.kind === 'failed' };
}
