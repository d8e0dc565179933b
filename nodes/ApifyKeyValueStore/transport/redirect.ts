import { quote } from '../helpers/quote';
import { MAX_REDIRECTS } from './defaults';
import {
	headerValue,
	sendOnce,
	type ApiAnswer,
	type AttemptOutcome,
	type AttemptRequest,
} from './request';
import type { ApiSession } from './session';

/** Every redirect status is followed alike (by GET, without the credential): the target is what is checked. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Whether an attempt ended in a redirect. */
const isRedirect = (outcome: AttemptOutcome): outcome is { kind: 'answer'; answer: ApiAnswer } =>
	outcome.kind === 'answer' && REDIRECT_STATUSES.has(outcome.answer.status);

/**
 * Where a redirect may lead: an https URL (Apify sends record reads to pre-signed object-storage
 * URLs), resolved against the URL that answered. Anything else is refused with the reason.
 */
export function redirectTarget(
	location: string | undefined,
	from: string,
): { url: string } | { problem: string } {
	if (!location) return { problem: 'the redirect named no address' };
	let url: URL;
	try {
		url = new URL(location, from);
	} catch {
		return { problem: 'the redirect named an address that is not a URL' };
	}
	if (url.protocol !== 'https:') {
		// A file:, data: or javascript: URL has no origin ("null"): name its scheme instead.
		const where = url.origin === 'null' ? `a ${url.protocol} address` : quote(url.origin);
		return { problem: `the redirect led to ${where}, which is not https, so it was not followed` };
	}
	if (url.username || url.password) {
		return { problem: 'the redirect carried a user name or password, so it was not followed' };
	}
	return { url: url.href };
}

/**
 * Follows the redirects of a call that may have them (Get Record, Download Records): a few hops at
 * most, to https only, without the credential (a pre-signed URL must not receive the token, and
 * object storage refuses a second way of signing), inside the attempt's deadline and size limit.
 */
export async function followRedirects(
	session: ApiSession,
	first: AttemptOutcome,
	request: AttemptRequest,
): Promise<AttemptOutcome> {
	let outcome = first;
	let from = request.url;
	for (let hops = 0; isRedirect(outcome); hops++) {
		const { answer } = outcome;
		const target =
			hops < MAX_REDIRECTS
				? redirectTarget(headerValue(answer.headers, 'location'), from)
				: { problem: `it redirected more than ${MAX_REDIRECTS} times` };
		if ('problem' in target) {
			return { kind: 'answer', answer: { ...answer, refusedRedirect: target.problem } };
		}
		outcome = await sendOnce(session, {
			...request,
			method: 'GET',
			url: target.url,
			qs: undefined,
			headers: undefined,
			body: undefined,
			authenticated: false,
		});
		if (outcome.kind === 'answer') outcome.answer.via = new URL(target.url).origin;
		from = target.url;
	}
	return outcome;
}
