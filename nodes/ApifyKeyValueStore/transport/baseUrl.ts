import { accepted, refused, type Checked } from '../helpers/checked';
import { quote } from '../helpers/quote';
import { DEFAULT_BASE_URL } from './defaults';
import { inTheCredential } from './errors';

/**
 * Hosts that are this machine: the only ones plain http may go to. The source is shared with the
 * credential's test request, which has to decide the same thing inside an n8n expression.
 */
export const LOOPBACK_HOST_SOURCE = String.raw`localhost|127(?:\.\d{1,3}){3}|\[::1\]`;
const LOOPBACK_HOST = new RegExp(`^(?:${LOOPBACK_HOST_SOURCE})$`, 'i');

/**
 * The API origin to send requests to. The token travels in a header, so anything but https
 * would expose it on the network; plain http is only allowed to this machine (a local server).
 * The decision is made on the parsed URL, so control characters, tabs and backslashes that the
 * URL parser drops or rewrites cannot make it see another scheme than the one checked.
 */
export function checkBaseUrl(raw: unknown, credential?: string): Checked<string> {
	const inCredential = inTheCredential(credential);
	const text = typeof raw === 'string' && raw.trim() ? raw.trim() : DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		// Never echoed: a token pasted into the wrong field would end up in the message.
		return refused(
			`The Base URL ${inCredential} is not a URL. Use ${DEFAULT_BASE_URL}, or http://127.0.0.1:<port> for a local server.`,
		);
	}
	if (
		url.protocol !== 'https:' &&
		!(url.protocol === 'http:' && LOOPBACK_HOST.test(url.hostname))
	) {
		return refused(
			`The Base URL ${quote(url.origin)} ${inCredential} does not use https, so the API token would cross the network unencrypted. Use an https:// URL (such as ${DEFAULT_BASE_URL}); plain http is allowed only for localhost and 127.0.0.1.`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		return refused(
			`The Base URL ${quote(url.origin)} ${inCredential} must not carry a user, query or fragment. Use just the origin, such as ${DEFAULT_BASE_URL}.`,
		);
	}
	// A pasted ".../v2" or trailing slash would double up with the paths the node adds.
	const path = url.pathname.replace(/\/+$/, '').replace(/\/v2$/, '');
	return accepted(`${url.origin}${path}`);
}
