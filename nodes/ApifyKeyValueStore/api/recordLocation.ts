import { STORE_ID } from '../helpers/storeReference';

/** Where a stored record is, as the output gives it. */
export interface StoredRecord {
	/** The record's URL. */
	location: string;
	/** The store's ID when the answer gave one, else the reference the record was sent to. */
	storeId: string;
}

/**
 * The record's URL: the server's Location when it names exactly this record on the API's own
 * origin, otherwise built from the Base URL, so nothing else the server puts there (a query
 * with a token, another host) reaches the output.
 */
export function recordLocation(
	baseUrl: string,
	reference: string,
	key: string,
	recordPath: string,
	header: string | undefined,
): StoredRecord {
	const built = { location: `${baseUrl}${recordPath}`, storeId: reference };
	if (!header) return built;
	let url: URL;
	try {
		url = new URL(header, baseUrl);
	} catch {
		return built;
	}
	const base = new URL(baseUrl);
	const prefix = `${base.pathname.replace(/\/$/, '')}/v2/key-value-stores/`;
	const rest = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length).split('/') : [];
	const [storeSegment, records, keySegment] = rest;
	// The store segment is the reference we sent or an ID, never anything else the server chose.
	const knownStore =
		storeSegment === encodeURIComponent(reference) || STORE_ID.test(storeSegment ?? '');
	const exact =
		rest.length === 3 &&
		knownStore &&
		records === 'records' &&
		keySegment === encodeURIComponent(key);
	const foreign =
		url.origin !== base.origin || url.search || url.hash || url.username || url.password;
	if (foreign || !exact) return built;
	return {
		location: url.href,
		storeId: STORE_ID.test(storeSegment) ? storeSegment : reference,
	};
}
