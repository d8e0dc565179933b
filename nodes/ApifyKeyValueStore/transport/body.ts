/** An answer's body as n8n's HTTP helper hands it over with `encoding: 'stream'`. */
export type ByteStream = AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown };

/** The body went past the size it may have. */
export class BodyTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`The answer is larger than ${limit} bytes`);
	}
}

/**
 * Reads a body up to `limit` bytes, counting the decoded bytes as they arrive, so memory stays
 * near the limit however large the answer would grow. Past it the stream is closed and the read
 * fails, or with `truncate` (for error answers, where the start says enough) ends there.
 */
export async function readBody(
	stream: ByteStream,
	limit: number,
	truncate = false,
): Promise<Buffer> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of stream) {
		if (size + chunk.length > limit) {
			stream.destroy();
			if (!truncate) throw new BodyTooLargeError(limit);
			chunks.push(chunk.subarray(0, limit - size));
			size = limit;
			break;
		}
		chunks.push(chunk);
		size += chunk.length;
	}
	return Buffer.concat(chunks, size);
}

/** Whether a value is a stream of bytes rather than a whole body. */
export function isByteStream(value: unknown): value is ByteStream {
	return (
		typeof value === 'object' &&
		value !== null &&
		Symbol.asyncIterator in value &&
		!(value instanceof Uint8Array)
	);
}
