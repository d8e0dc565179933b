import { mediaType } from './mediaType';

export type Compression = 'auto' | 'none' | 'gzip' | 'deflate' | 'br';
export type ContentEncoding = 'identity' | 'gzip' | 'deflate' | 'br';

export const COMPRESSIONS: Compression[] = ['auto', 'none', 'gzip', 'deflate', 'br'];
/** Below this size compression saves less than the header and the CPU it costs. */
export const AUTO_COMPRESS_MIN_BYTES = 1024;

// Media whose bytes are compressed already: compressing them again only spends CPU.
const PRECOMPRESSED = new Set([
	'application/gzip',
	'application/x-gzip',
	'application/zip',
	'application/x-zip-compressed',
	'application/x-7z-compressed',
	'application/x-rar-compressed',
	'application/vnd.rar',
	'application/x-bzip2',
	'application/x-xz',
	'application/zstd',
	'application/x-brotli',
	'application/pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	'application/epub+zip',
	'application/java-archive',
	'font/woff',
	'font/woff2',
]);
const COMPRESSIBLE_MEDIA = new Set([
	'image/svg+xml',
	'image/bmp',
	'image/x-icon',
	'audio/wav',
	'audio/x-wav',
]);

/** Whether compressing a body of this content type is worth it. */
export function isCompressible(contentType: string): boolean {
	const media = mediaType(contentType);
	if (COMPRESSIBLE_MEDIA.has(media)) return true;
	if (/^(image|audio|video)\//.test(media)) return false;
	return !PRECOMPRESSED.has(media);
}

/**
 * The Content-Encoding to send. "auto" gzips bodies of at least 1 KiB whose type compresses;
 * a body of unknown size counts as large.
 */
export function chooseEncoding(
	compression: Compression,
	size: number | undefined,
	contentType: string,
): ContentEncoding {
	if (compression === 'none') return 'identity';
	if (compression !== 'auto') return compression;
	const largeEnough = size === undefined || size >= AUTO_COMPRESS_MIN_BYTES;
	return largeEnough && isCompressible(contentType) ? 'gzip' : 'identity';
}
