import { accepted, refused, type Checked } from './checked';
import type { ContentEncoding } from './compressionChoice';

// The web stream API's names for HTTP's content codings (Node's types list only gzip and deflate,
// hence the casts). "deflate" is the zlib format, which is what HTTP's (and Apify's) deflate means.
export const COMPRESSION_FORMATS = { gzip: 'gzip', deflate: 'deflate', br: 'brotli' } as const;

/** An encoding this runtime can compress with, or why it cannot. */
export function checkCompression(encoding: ContentEncoding): Checked<ContentEncoding> {
	if (encoding === 'identity') return accepted(encoding);
	try {
		new CompressionStream(COMPRESSION_FORMATS[encoding] as 'gzip');
		return accepted(encoding);
	} catch {
		// The Cloud rules keep `process` out of reach, so the version is described rather than read.
		return refused(
			`This n8n cannot compress with ${encoding === 'br' ? 'Brotli' : encoding}: its Node.js has no "${COMPRESSION_FORMATS[encoding]}" CompressionStream (Node.js 20 has none; Node.js 22.23 and 24, which n8n 2.x needs, have it). Choose Gzip or Automatic, or run n8n on a newer Node.js.`,
		);
	}
}

/** Bytes from a source as they pass, counted. */
export async function* counted(
	source: AsyncIterable<Uint8Array>,
	counter: { bytes: number },
): AsyncGenerator<Uint8Array> {
	for await (const chunk of source) {
		counter.bytes += chunk.length;
		yield chunk;
	}
}

/**
 * Compresses a body, whole or streamed, with the runtime's CompressionStream (zlib's thread
 * pool, off the main thread), into memory: the result is as large as the compressed body.
 */
export async function compress(
	source: Uint8Array | AsyncIterable<Uint8Array>,
	encoding: Exclude<ContentEncoding, 'identity'>,
): Promise<Buffer> {
	const input =
		source instanceof Uint8Array ? ReadableStream.from([source]) : ReadableStream.from(source);
	const output = input.pipeThrough(new CompressionStream(COMPRESSION_FORMATS[encoding] as 'gzip'));
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) {
		chunks.push(chunk);
		size += chunk.length;
	}
	return Buffer.concat(chunks, size);
}
