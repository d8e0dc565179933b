import type { BatchPiece } from './batchFormat';
import type { ContentEncoding } from './compressionChoice';
import { COMPRESSION_FORMATS } from './compress';

/** The body of many items as one record, or why there is none: an item that cannot be written, or the size. */
export type BatchBody =
	| { kind: 'body'; body: Buffer; bytes: number }
	| { kind: 'badItem'; itemIndex: number; problem: string }
	| { kind: 'tooLarge'; bytes: number };

const CHUNK_CHARS = 64 * 1024;

/**
 * The record's text in chunks of about 64 KiB (one write per item would be slow to compress),
 * counted; past `limit` bytes the text is only counted, no longer given, so a record too large to
 * store costs no more memory than the limit while its whole size is measured.
 */
class BatchText {
	bytes = 0;

	bad: { itemIndex: number; problem: string } | undefined;

	constructor(
		private readonly pieces: Iterable<BatchPiece>,
		private readonly limit: number,
	) {}

	*chunks(): Generator<Uint8Array> {
		const encoder = new TextEncoder();
		let pending: string[] = [];
		let pendingLength = 0;
		for (const piece of this.pieces) {
			if ('problem' in piece) {
				this.bad = piece;
				return;
			}
			pending.push(piece.text);
			pendingLength += piece.text.length;
			if (pendingLength < CHUNK_CHARS) continue;
			const chunk = encoder.encode(pending.join(''));
			[pending, pendingLength] = [[], 0];
			if (this.add(chunk)) yield chunk;
		}
		const last = encoder.encode(pending.join(''));
		if (this.add(last)) yield last;
	}

	/** Counts a chunk; whether it is still within the limit. */
	private add(chunk: Uint8Array): boolean {
		this.bytes += chunk.length;
		return this.bytes <= this.limit;
	}
}

/**
 * Writes the pieces into one body, compressed as it goes (the text of all items never exists at
 * once), and measures it before anything is sent. Apify's limit counts a record's bytes
 * uncompressed, so past `limit` bytes of text the body is dropped and the rest only counted.
 */
export async function buildBatchBody(
	pieces: Iterable<BatchPiece>,
	encoding: ContentEncoding,
	limit: number,
): Promise<BatchBody> {
	const text = new BatchText(pieces, limit);
	const out: Uint8Array[] = [];
	if (encoding === 'identity') {
		for (const chunk of text.chunks()) out.push(chunk);
	} else {
		const format = COMPRESSION_FORMATS[encoding] as 'gzip';
		const compressed = ReadableStream.from(text.chunks()).pipeThrough(
			new CompressionStream(format),
		);
		for await (const chunk of compressed as unknown as AsyncIterable<Uint8Array>) out.push(chunk);
	}
	if (text.bad) return { kind: 'badItem', ...text.bad };
	if (text.bytes > limit) return { kind: 'tooLarge', bytes: text.bytes };
	return { kind: 'body', body: Buffer.concat(out), bytes: text.bytes };
}

/** How many bytes the pieces' text starts with, counting no further than `atMost`. */
export function leadingBytes(pieces: Iterable<BatchPiece>, atMost: number): number {
	let bytes = 0;
	for (const piece of pieces) {
		if ('problem' in piece || bytes >= atMost) break;
		bytes += Buffer.byteLength(piece.text);
	}
	return Math.min(bytes, atMost);
}
