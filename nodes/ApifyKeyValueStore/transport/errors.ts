import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { quote } from '../helpers/quote';
import { RECORD_KEY_RULE } from '../helpers/recordKey';
import { CREDENTIAL_DISPLAY_NAME, DEFAULT_BASE_URL } from './defaults';

/** Where users fix the token and the Base URL: their own credential by its name, when it is known. */
export function inTheCredential(name?: string): string {
	return name
		? `in the credential ${quote(name)}`
		: `in the "${CREDENTIAL_DISPLAY_NAME}" credential`;
}

/** The fix for every answer that says the Base URL does not lead to the Apify API. */
export function checkBaseUrlFix(credential?: string): string {
	return `Check the Base URL ${inTheCredential(credential)}: it should be ${DEFAULT_BASE_URL}, or the address of an Apify-compatible server, without a path.`;
}

/** What a call was about, as the user named it: the title of its error names it. */
export interface CallSubject {
	/** The store as the item named it (an ID, `username~store-name` or `~store-name`). */
	store?: string;
	/** The run whose default store it is, when the item named a run. */
	run?: string;
	/** The record key. */
	key?: string;
}

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
	/** The name of the user's credential, for the fix. */
	credential?: string;
	subject?: CallSubject;
}

/** Apify's error types for a record or store that does not exist. */
export const NOT_FOUND_TYPES: ReadonlySet<string> = new Set([
	'record-not-found',
	'record-or-token-not-found',
]);

/** Whether the answer says the Base URL does not lead to the Apify API (not about the user's input). */
function notTheApi({ status, type, foreignContentType }: ApiFailure): boolean {
	return (
		foreignContentType !== undefined ||
		(status >= 300 && status < 400) ||
		status === 405 ||
		(status === 404 && !NOT_FOUND_TYPES.has(type ?? ''))
	);
}

/** The store a call was about, in words: `store "~name"`, or a run's store. */
function storeWords({ store, run }: CallSubject): string {
	if (run !== undefined) return `the store of run ${quote(run)}`;
	return `store ${quote(store ?? '')}`;
}

/** The subject in words: a record in its store, or the store. */
function subjectWords(subject: CallSubject): string {
	const store = storeWords(subject);
	return subject.key === undefined ? store : `record ${quote(subject.key)} in ${store}`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The status and Apify's error type and message: the details of an error. */
export function answerSummary(failure: ApiFailure): string {
	const detail = failure.type
		? `${failure.type}: ${failure.message ?? ''}`.trim()
		: (failure.message ?? '');
	return `Apify API answered ${failure.status}${detail ? ` (${detail})` : ''}`;
}

/**
 * The title of an error: what went wrong with the user's own input (the store, the record, the
 * token), or with the Base URL; the HTTP status leads only for a call that is about neither.
 */
function titleFor(failure: ApiFailure): string {
	const { status, type, subject } = failure;
	if (notTheApi(failure))
		return `The server at ${failure.baseUrl} did not answer like the Apify API`;
	if (status === 401)
		return `The API token ${inTheCredential(failure.credential)} was not accepted`;
	if (!subject || (subject.store === undefined && subject.run === undefined))
		return answerSummary(failure);
	const what = subjectWords(subject);
	if (status === 404 && type === 'record-not-found' && subject.key !== undefined)
		return `Record ${quote(subject.key)} was not found in ${storeWords(subject)}`;
	if (status === 404) return `${capitalized(storeWords(subject))} was not found`;
	if (status === 403) return `The API token has no permission for ${what}`;
	if (status === 413) return `${capitalized(what)} is larger than Apify accepts`;
	if (status === 415) return `Apify did not accept the compression of ${what}`;
	if (status === 400 && type === 'invalid-record-key' && subject.key !== undefined)
		return `Record key ${quote(subject.key)} is not valid`;
	if (status === 429) return `Apify kept limiting the request rate for ${what}`;
	if (status >= 500) return `Apify had a server problem with ${what}`;
	// Apify's own message says what it refused; a body that is not Apify's stays in the details.
	return `Apify refused the request for ${what}${type ? `: ${failure.message ?? type}` : ''}`;
}

/** What to do about an answer, by status: the "how to fix it" half of an error. */
function fixFor(failure: ApiFailure): string {
	const { status, type, credential } = failure;
	const checkBaseUrl = checkBaseUrlFix(credential);
	if (failure.foreignContentType !== undefined) {
		return `It sent ${failure.foreignContentType || 'no content type'}, not the Apify API's JSON. ${checkBaseUrl}`;
	}
	if (status >= 300 && status < 400) {
		return `The server redirected the request, which the Apify API does not do for this call; the token was not sent on. ${checkBaseUrl}`;
	}
	switch (status) {
		case 401:
			return `Copy the token again from Apify Console > Settings > API & Integrations and paste it ${inTheCredential(credential)}.`;
		case 402:
			return 'The Apify account has run out of credit or its plan does not allow this. Check billing in Apify Console.';
		case 403:
			return "Use a token with write access, or a store that the token's account owns or has been granted.";
		case 405:
			return `The server does not accept this method at this address. ${checkBaseUrl}`;
		case 413:
			return 'Apify accepts records of up to 9 MB, measured uncompressed. Split the value into several records.';
		case 415:
			return 'Choose another Compression: gzip, deflate, br or none.';
	}
	if (status === 400 && type === 'invalid-record-key')
		return `Use a record key of ${RECORD_KEY_RULE}.`;
	if (status === 404 && !NOT_FOUND_TYPES.has(type ?? '')) {
		return `The server has no such API address${type ? '' : ' and did not answer with an Apify error'}. ${checkBaseUrl}`;
	}
	if (status === 404 && type === 'record-not-found' && failure.subject?.key !== undefined) {
		return 'Check the record key, or pick it from the list; Record > List Keys shows what the store holds.';
	}
	if (status === 404) {
		return 'Check the store: its ID, "username~store-name" or "~store-name". Create it first with Store > Get or Create Store, or pick it from the list.';
	}
	if (status === 429) {
		return `The request was still limited after ${failure.attempts} attempts. Lower the node's concurrency or "Rate Limit per Store", or raise "Max Retries".`;
	}
	if (status >= 500) {
		return `The request ${failure.attempts > 1 ? `still failed after ${failure.attempts} attempts` : 'was not retried'}. Try again later, or raise "Max Retries".`;
	}
	return 'Check the parameters of this item against the message above.';
}

/**
 * The title, fix and details of an error for an unsuccessful answer: the title says what went
 * wrong with the user's input, the description how to fix it, then the status and Apify's error.
 */
export function describeApiFailure(failure: ApiFailure): {
	message: string;
	description: string;
	summary: string;
} {
	const summary = answerSummary(failure);
	return { message: titleFor(failure), description: `${fixFor(failure)} ${summary}`, summary };
}

/** A TLS verification failure: retrying cannot help. */
export function isCertificateProblem(code: string | undefined, reason: string): boolean {
	return (
		/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code ?? '') || /certificate/i.test(reason)
	);
}

export interface NetworkContext {
	attempts: number;
	baseUrl: string;
	timeoutMs: number;
	credential?: string;
}

/** A network failure (no HTTP answer) explained. */
export function describeNetworkFailure(
	code: string | undefined,
	reason: string,
	{ attempts, baseUrl, timeoutMs, credential }: NetworkContext,
) {
	const inCredential = inTheCredential(credential);
	const checkBaseUrl = checkBaseUrlFix(credential);
	const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
	if (code === 'ECONNREFUSED') {
		return {
			message: `Could not connect to ${baseUrl}: connection refused${tries}`,
			description: `Nothing is listening at that address. Check the Base URL and its port ${inCredential}, and that the server is running.`,
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			message: `Could not resolve the host of ${baseUrl}${tries}`,
			description: `Check the Base URL ${inCredential} and this machine's DNS.`,
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
			description: `This is a certificate problem, not a passing failure, so it was not retried. If the server uses a private certificate authority, give n8n its certificate (NODE_EXTRA_CA_CERTS, or n8n's custom certificate settings); otherwise ${checkBaseUrl.charAt(0).toLowerCase()}${checkBaseUrl.slice(1)}`,
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
	/** The status and Apify's error for an answer: n8n's error details show it. */
	summary?: string;
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
		// No `code` in the response object: n8n would swap the message for a generic one. Its
		// message becomes one of n8n's error messages, which the editor shows in the details.
		const response: JsonObject = httpCode
			? { httpCode, type, message: clean(parts.summary ?? parts.message) }
			: { message };
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
