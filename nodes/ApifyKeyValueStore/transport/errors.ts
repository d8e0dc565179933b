import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { DEFAULT_BASE_URL } from './defaults';

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

/** What to do about an answer, by status: the "how to fix it" half of an error. */
function fixFor(failure: ApiFailure): string {
	const { status, type } = failure;
	if (failure.foreignContentType !== undefined) {
		return `The server at ${failure.baseUrl} did not answer like the Apify API (it sent ${failure.foreignContentType || 'no content type'}). Check the Base URL in the Apify API credential: it should be ${DEFAULT_BASE_URL} or an Apify-compatible server.`;
	}
	if (status >= 300 && status < 400) {
		return `The server redirected the request, which the Apify API does not do for this call; the token was not sent on. Check the Base URL in the Apify API credential.`;
	}
	switch (status) {
		case 400:
			return type === 'invalid-record-key'
				? "Use a record key of 1 to 256 letters, digits and !-_.'() characters."
				: 'Check the parameters of this item against the message above.';
		case 401:
			return 'Check the API token in the Apify API credential (Apify Console > Settings > API & Integrations).';
		case 402:
			return 'The Apify account has run out of credit or its plan does not allow this. Check billing in Apify Console.';
		case 403:
			return "The API token has no permission for this store. Use a token with write access, or a store that the token's account owns or has been granted.";
		case 404:
			if (type !== 'record-not-found' && type !== 'record-or-token-not-found') {
				return `The server at ${failure.baseUrl} has no such API address${type ? '' : ' and did not answer with an Apify error'}. Check the Base URL in the Apify API credential: it should be ${DEFAULT_BASE_URL} or an Apify-compatible server, without a path.`;
			}
			return 'Check the store: its ID, "username~store-name" or "~store-name". Create it first with Store > Get or Create, or pick it from the list.';
		case 405:
			return 'The server does not accept this method at this address. Check the Base URL in the Apify API credential.';
		case 413:
			return 'The record is larger than the store accepts (9 MB on Apify, measured uncompressed). Split the value into several records.';
		case 415:
			return 'Choose another Compression: gzip, deflate, br or none.';
		case 429:
			return `Apify kept limiting the request rate after ${failure.attempts} attempts. Lower the node's concurrency, add a Wait node, or raise "Max Retries".`;
		default:
			if (status >= 500) {
				return `Apify had a server problem and ${failure.attempts > 1 ? `still failed after ${failure.attempts} attempts` : 'the request was not retried'}. Try again later, or raise "Max Retries".`;
			}
			return 'Check the parameters of this item against the message above.';
	}
}

/** The message and description of an error for an unsuccessful answer. */
export function describeApiFailure(failure: ApiFailure): { message: string; description: string } {
	const detail = failure.type
		? `${failure.type}: ${failure.message ?? ''}`.trim()
		: (failure.message ?? '');
	const message = `Apify API answered ${failure.status}${detail ? ` (${detail})` : ''}`;
	return { message, description: fixFor(failure) };
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
			description:
				'Nothing is listening at the Base URL of the Apify API credential. Check the URL and port, or start the local server.',
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			message: `Could not resolve the host of ${baseUrl}${tries}`,
			description: "Check the Base URL in the Apify API credential and this machine's DNS.",
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
			description:
				"This is a certificate problem, not a passing failure, so it was not retried. If the server uses a private certificate authority, give n8n its certificate (NODE_EXTRA_CA_CERTS, or n8n's custom certificate settings); otherwise check the Base URL in the Apify API credential.",
		};
	}
	return {
		message: `The connection to ${baseUrl} failed (${code ?? reason})${tries}`,
		description:
			'The connection broke before an answer came. Check the network, or raise "Max Retries".',
	};
}

/** A TLS verification failure: retrying cannot help. */
export function isCertificateProblem(code: string | undefined, reason: string): boolean {
	return (
		/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code ?? '') || /certificate/i.test(reason)
	);
}

/** Removes a secret from text that may end up in an error, an output or a log. */
export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('***');
}

/** The error for an answer or a failure, with the secret removed from everything it carries. */
export function apiError(
	node: INode,
	parts: { message: string; description: string; httpCode?: string; type?: string },
	secret: string | undefined,
	itemIndex: number,
): NodeApiError {
	const message = redact(parts.message, secret);
	const description = redact(parts.description, secret);
	const type = parts.type === undefined ? null : redact(parts.type, secret);
	// No `code` in the response object: n8n would swap the message for a generic one.
	const response: JsonObject = parts.httpCode
		? { httpCode: parts.httpCode, type, message }
		: { message };
	return new NodeApiError(node, response, {
		message,
		description,
		httpCode: parts.httpCode,
		itemIndex,
	});
}
