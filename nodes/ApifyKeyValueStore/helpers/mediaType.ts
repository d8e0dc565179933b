import { accepted, refused, type Checked } from './checked';

// Content types: the ones the node chooses, the one check of a given one, and the one reading of
// a media type out of a Content-Type header.

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';
export const BINARY_CONTENT_TYPE = 'application/octet-stream';

const TOKEN = '[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126}';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}$`);
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}\\s*(;\\s*[^;=\\s]+=[^;]*)*$`);
const CHARSET = /;\s*charset\s*=\s*"?([a-zA-Z0-9!#$%&'+\-^_`{}~.]{1,40})"?\s*(;|$)/i;

/** The media type of a Content-Type ("type/subtype"), lowercased and without its parameters. */
export function mediaType(contentType: string): string {
	return contentType.split(';')[0].trim().toLowerCase();
}

/** A content type that makes a valid Content-Type header, or why it would not. */
export function checkContentType(contentType: string): Checked<string> {
	if (CONTENT_TYPE.test(contentType.trim())) return accepted(contentType);
	// JSON quoting shows control characters (a CR/LF header injection) instead of passing them on.
	return refused(
		`${JSON.stringify(contentType)} is not a valid content type. Use a MIME type such as "application/json", "text/csv; charset=utf-8" or "image/png", or leave "Content Type" empty to choose it automatically.`,
	);
}

/**
 * A Content-Type from an answer as it may go into an output: only a valid media type and its
 * charset, whatever else the server put in the header; application/octet-stream when it gave none.
 */
export function cleanContentType(raw: string | undefined): string {
	const media = mediaType(raw ?? '');
	if (!MEDIA_TYPE.test(media)) return BINARY_CONTENT_TYPE;
	const charset = CHARSET.exec(raw ?? '')?.[1];
	return charset ? `${media}; charset=${charset.toLowerCase()}` : media;
}
