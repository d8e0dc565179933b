import { whenAborted } from './wait';

/** An answer's body as n8n's HTTP helper hands it over with `encoding: 'stream'`. */
export type ByteStream = AsyncIterable<Uint8Array> & { destroy(error?: Error): unknown };

/** The body went past the size it may have. */
export class BodyTooLargeError extends Error {
	constructor(readonly limit: number) {
		super(`The answer is larger than ${limit} bytes`);
	}
}

export interface ReadLimits {
	/** The most bytes the body may have, decoded. */
	limit: number;
	/** Past the limit, end there instead of failing (error answers, where the start says enough). */
	truncate?: boolean;
	/** Ends the read at once (the attempt's deadline, the execution's cancel). */
	signal?: AbortSignal;
}

/**
 * Reads a body up to `limit` bytes, counting the decoded bytes as they arrive, so memory stays
 * near the limit however large the answer would grow. Past it the stream is closed and the read
 * fails, or with `truncate` ends there. Each read races the signal: a server that sends the
 * first bytes and then nothing, with the connection left open, cannot hold the read (n8n's client
 * wraps the body in a generator whose destroy() waits for the next byte, so only the race ends it).
 */
export async function readBody(stream: ByteStream, limits: ReadLimits): Promise<Buffer> {
	const iterator = stream[Symbol.asyncIterator]();
	const stop = whenAborted(limits.signal);
	const chunks: Uint8Array[] = [];
	let size = 0;
	let read = false;
	try {
		for (;;) {
			const next = iterator.next();
			next.catch(() => undefined);
			const { done, value: chunk } = await Promise.race([next, stop.promise]);
			if (done) break;
			if (size + chunk.length > limits.limit) {
				if (!limits.truncate) throw new BodyTooLargeError(limits.limit);
				chunks.push(chunk.subarray(0, limits.limit - size));
				size = limits.limit;
				stream.destroy();
				read = true;
				break;
			}
			chunks.push(chunk);
			size += chunk.length;
		}
		read = true;
	} finally {
		stop.dispose();
		// Stopped early (the limit, the deadline, a cancel, an error): close the connection.
		if (!read) stream.destroy();
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
