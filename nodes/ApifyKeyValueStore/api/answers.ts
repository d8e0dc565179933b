import { mediaType } from '../helpers/mediaType';
import { quote } from '../helpers/quote';
import { headerValue, type ApiAnswer } from '../transport/transport';
import type { CallOptions, KeyValueStoreApi } from './client';

// Checks of answers that came with a success status but are not what the call asked for.

/** A ZIP archive starts with a local file header, or (empty) with the end of the central directory. */
const ZIP_SIGNATURES = ['504b0304', '504b0506'];
/** Content types a server may give a ZIP archive. */
const ZIP_TYPES = new Set([
	'application/zip',
	'application/x-zip-compressed',
	'application/octet-stream',
	'',
]);

/** Download Records: the answer must be a ZIP archive (a wrong Base URL or a captive portal sends a page). */
export function checkZip(
	api: KeyValueStoreApi,
	answer: ApiAnswer,
	call: { method: string; path: string },
	options: CallOptions,
): void {
	const type = headerValue(answer.headers, 'content-type') ?? '';
	const signature = answer.body.subarray(0, 4).toString('hex');
	if (ZIP_TYPES.has(mediaType(type)) && ZIP_SIGNATURES.includes(signature)) return;
	const start = answer.body.subarray(0, 40).toString('utf8').replace(/\s+/g, ' ');
	throw api.problem(
		`The API answered ${call.method} ${call.path} with ${quote(mediaType(type) || 'no content type')}, not a ZIP archive (it starts ${quote(start)})`,
		options,
	);
}

/**
 * Get Record: n8n's HTTP client decodes gzip, deflate and br (and zstd where Node.js has it) and
 * then drops the header. A Content-Encoding still there means bytes it could not decode (a
 * doubled "gzip, gzip", zstd on Node.js 20), which must not pass as the record's value.
 */
export function checkDecoded(
	api: KeyValueStoreApi,
	answer: ApiAnswer,
	key: string,
	options: CallOptions,
): void {
	const encoding = (headerValue(answer.headers, 'content-encoding') ?? '').trim().toLowerCase();
	if (!encoding || encoding === 'identity') return;
	throw api.problem(
		`The record ${quote(key)} came with Content-Encoding ${quote(encoding)}, which this n8n could not decode, so its bytes are not the record's value`,
		options,
		'Store the record again with Compression gzip, deflate or none (Brotli needs Node.js 22.23 or later, zstd Node.js 23.8 or later, where n8n runs).',
	);
}
