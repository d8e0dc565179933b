import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { RECORD_KEY_RULE } from '../helpers/recordKey';
import { CREDENTIAL_DISPLAY_NAME, DEFAULT_BASE_URL } from './defaults';

/** Where users fix the token and the Base URL. */
export const IN_THE_CREDENTIAL = `in the "${CREDENTIAL_DISPLAY_NAME}" credential`;
/** The fix for every answer that says the Base URL does not lead to the Apify API. */
export const CHECK_BASE_URL = `Check the Base URL ${IN_THE_CREDENTIAL}: it should be ${DEFAULT_BASE_URL}, or the address of an Apify-compatible server, without a path.`;

export interface ApiFailure {
	status: number;
	/** Apify's error type, when the body was Apify's error JSON. */
	type?: string;
	/** Apify's error message, or a snippet of a body that was not Apify's JSON. */
	message?: string;
	/** The Content-Type of a body that was not Apify's error JSON. */
	foreignContentType?: string;
	/** How many attempts were made in all. */
	attempts: number;
	baseUrl: string;
}

/** Apify's error types for a record or store that does not exist. */
export const NOT_FOUND_TYPES: ReadonlySet<string> = new Set([
	'record-not-found',
	'record-or-token-not-found',
]);

const FIX_BY_STATUS: Record<number, string> = {
	401: `Check the API token ${IN_THE_CREDENTIAL} (Apify Console > Settings > API & Integrations).`,
	402: 'The Apify account has run out of credit or its plan does not allow this. Check billing in Apify Console.',
	403: "The API token has no permission for this store. Use a token with write access, or a store that the token's account owns or has been granted.",
	405: `The server does not accept this method at this address. ${CHECK_BASE_URL}`,
	413: 'The record is larger than the store accepts (9 MB on Apify, measured uncompressed). Split the value into several records.',
	415: 'Choose another Compression: gzip, deflate, br or none.',
};

/** What to do about an answer, by status: the "how to fix it" half of an error. */
function fixFor(failure: ApiFailure): string {
	const { status, type } = failure;
	if (failure.foreignContentType !== undefined) {
		return `The server at ${failure.baseUrl} did not answer like the Apify API (it sent ${failure.foreignContentType || 'no content type'}). ${CHECK_BASE_URL}`;
	}
	if (status >= 300 && status < 400) {
		return `The server redirected the request, which the Apify API does not do for this call; the token was not sent on. ${CHECK_BASE_URL}`;
	}
	if (FIX_BY_STATUS[status]) return FIX_BY_STATUS[status];
	if (status === 400 && type === 'invalid-record-key')
		return `Use a record key of ${RECORD_KEY_RULE}.`;
	if (status === 404 && !NOT_FOUND_TYPES.has(type ?? '')) {
		return `The server at ${failure.baseUrl} has no such API address${type ? '' : ' and did not answer with an Apify error'}. ${CHECK_BASE_URL}`;
	}
	if (status === 404) {
		return 'Check the store: its ID, "username~store-name" or "~store-name". Create it first with Store > Get or Create, or pick it from the list.';
	}
	if (status === 429) {
		return `Apify kept limiting the request rate after ${failure.attempts} attempts. Lower the node's concurrency or "Rate Limit per Store", or raise "Max Retries".`;
	}
	if (status >= 500) {
		return `Apify had a server problem and ${failure.attempts > 1 ? `still failed after ${failure.attempts} attempts` : 'the request was not retried'}. Try again later, or raise "Max Retries".`;
	}
	return 'Check the parameters of this item against the message above.';
}

/** The message and description of an error for an unsuccessful answer. */
export function describeApiFailure(failure: ApiFailure): { message: string; description: string } {
	const detail = failure.type
		? `${failure.type}: ${failure.message ?? ''}`.trim()
		: (failure.message ?? '');
	const message = `Apify API answered ${failure.status}${detail ? ` (${detail})` : ''}`;
	return { message, description: fixFor(failure) };
}

/** A TLS verification failure: retrying cannot help. */
export function isCertificateProblem(code: string | undefined, reason: string): boolean {
	return (
		/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code ?? '') || /certificate/i.test(reason)
	);
}

/** A network failure (no HTTP answer) explained. */
export function describeNetworkFailure(
	code: string | undefined,
	reason: string,
	attempts: number,
	baseUrl: string,
	timeoutMs: number,
) {
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	if (code === 'ECONNREFUSED') {
		return {
			message: `Could not connect to ${baseUrl}: connection refused${tries}`,
			description: `Nothing is listening at that address. Check the Base URL and its port ${IN_THE_CREDENTIAL}, and that the server is running.`,
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			message: `Could not resolve the host of ${baseUrl}${tries}`,
			description: `Check the Base URL ${IN_THE_CREDENTIAL} and this machine's DNS.`,
		};
	}
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(reason)) {
		return {
			message: `The request to ${baseUrl} timed out after ${timeoutMs} ms${tries}`,
			description: 'Raise "Timeout" in the node\'s options, or check the network and the server.',
		};
	}
	if (isCertificateProblem(code, reason)) {
		return {
			message: `The TLS certificate of ${baseUrl} is not trusted (${code ?? reason})`,
			description: `This is a certificate problem, not a passing failure, so it was not retried. If the server uses a private certificate authority, give n8n its certificate (NODE_EXTRA_CA_CERTS, or n8n's custom certificate settings); otherwise ${CHECK_BASE_URL.charAt(0).toLowerCase()}${CHECK_BASE_URL.slice(1)}`,
		};
	}
	return {
		message: `The connection to ${baseUrl} failed (${code ?? reason})${tries}`,
		description:
			'The connection broke before an answer came. Check the network, or raise "Max Retries".',
	};
}

/** Removes a secret from text that may end up in an error, an output or a log. */
export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('***');
}

/** Removes every secret, longest first (so one that contains another is taken out whole). */
export function redactAll(text: string, secrets: Iterable<string>): string {
	let out = text;
	for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = redact(out, secret);
	return out;
}

/**
 * How a call failed: an unsuccessful `answer`, a `network` failure with no answer, or an answer
 * `tooLarge` for the call's byte limit.
 */
export type ApiErrorReason = 'answer' | 'network' | 'tooLarge';

/** What an API error says, before the execution's secrets are taken out. */
export interface ApiErrorParts {
	reason: ApiErrorReason;
	message: string;
	description: string;
	/** The HTTP status of an answer. */
	status?: number;
	/** Apify's error type and message, when the answer was Apify's error JSON. */
	type?: string;
	apifyMessage?: string;
	/** The byte limit an answer passed. */
	limit?: number;
}

/**
 * A failed call to the API, as apify-client's ApifyApiError: the status, Apify's error type and
 * message, and why it failed, for callers to branch on; n8n's NodeApiError for n8n's error views.
 */
export class ApiError extends NodeApiError {
	readonly reason: ApiErrorReason;

	readonly status: number | undefined;

	readonly apifyType: string | undefined;

	readonly apifyMessage: string | undefined;

	readonly limit: number | undefined;

	constructor(
		node: INode,
		parts: ApiErrorParts,
		clean: (text: string) => string,
		itemIndex: number,
	) {
		const message = clean(parts.message);
		const type = parts.type === undefined ? null : clean(parts.type);
		const httpCode = parts.status === undefined ? undefined : String(parts.status);
		// No `code` in the response object: n8n would swap the message for a generic one.
		const response: JsonObject = httpCode ? { httpCode, type, message } : { message };
		super(node, response, { message, description: clean(parts.description), httpCode, itemIndex });
		// n8n tells its error kinds apart by name (rethrowing, redaction, telemetry, the editor).
		this.name = 'NodeApiError';
		this.reason = parts.reason;
		this.status = parts.status;
		this.apifyType = type ?? undefined;
		this.apifyMessage = parts.apifyMessage === undefined ? undefined : clean(parts.apifyMessage);
		this.limit = parts.limit;
	}
}
