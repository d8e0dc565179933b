// @ts-check
'use strict';
const zlib = require('zlib');
const { ApiError } = require('./api-error');

const ENCODINGS = ['identity', 'gzip', 'deflate', 'br'];

/** @param {string | undefined} header */
function parseContentEncoding(header) {
	const value = (header ?? '').trim().toLowerCase();
	if (value === '') return 'identity';
	if (!ENCODINGS.includes(value)) {
		throw new ApiError(415, 'unsupported-content-encoding', `Content-Encoding "${header}" is not supported.`);
	}
	return value;
}

/**
 * A decoder for the encoding; "deflate" is zlib-wrapped by the HTTP spec, but some clients
 * send raw deflate, so the first bytes decide.
 * @param {string} encoding
 * @param {Buffer} firstChunk
 */
function createDecoder(encoding, firstChunk) {
	if (encoding === 'gzip') return zlib.createGunzip();
	if (encoding === 'br') return zlib.createBrotliDecompress();
	return isZlibWrapped(firstChunk) ? zlib.createInflate() : zlib.createInflateRaw();
}

/**
 * Whether deflate data starts with a zlib header (RFC 1950) rather than being raw deflate.
 * @param {Buffer} bytes
 */
function isZlibWrapped(bytes) {
	return bytes.length >= 2 && (bytes[0] & 0x0f) === 8 && (bytes[0] * 256 + bytes[1]) % 31 === 0;
}

/** @param {string} encoding @param {Buffer} body */
function decodeSync(encoding, body) {
	if (encoding === 'identity') return body;
	if (encoding === 'gzip') return zlib.gunzipSync(body);
	if (encoding === 'br') return zlib.brotliDecompressSync(body);
	return isZlibWrapped(body) ? zlib.inflateSync(body) : zlib.inflateRawSync(body);
}

/**
 * What reading one body has seen so far.
 * @typedef {{
 *   encoding: string, limit: number, chunks: Buffer[], received: number, decodedSize: number,
 *   tooLarge: boolean, decodeError?: Error, decoder?: import('stream').Transform,
 *   decoderDone?: Promise<unknown>,
 * }} BodyState
 */

/** A body past the limit: what was kept is dropped, and the rest is read and ignored. @param {BodyState} state */
function overLimit(state) {
	state.tooLarge = true;
	state.chunks.length = 0;
	state.decoder?.destroy();
}

/**
 * The decoder of a compressed body, started at its first chunk, counting what it decodes.
 * @param {BodyState} state
 * @param {Buffer} firstChunk
 */
function startDecoder(state, firstChunk) {
	const decoder = createDecoder(state.encoding, firstChunk);
	state.decoder = decoder;
	state.decoderDone = new Promise((done) => {
		decoder.on('data', (/** @type {Buffer} */ out) => {
			state.decodedSize += out.length;
			if (state.decodedSize > state.limit && !state.tooLarge) overLimit(state);
		});
		decoder.on('end', () => done(undefined));
		decoder.on('close', () => done(undefined));
		decoder.on('error', (err) => {
			if (!state.tooLarge) state.decodeError = err;
			done(undefined);
		});
	});
	return decoder;
}

/** One chunk of the upload, kept and (when compressed) decoded as it comes. @param {BodyState} state @param {Buffer} chunk */
function takeChunk(state, chunk) {
	if (state.tooLarge) return;
	if (state.encoding === 'identity') {
		state.decodedSize += chunk.length;
		if (state.decodedSize > state.limit) return overLimit(state);
	} else if (state.received > state.limit * 2 + 1024) {
		// A compressed body this large cannot decode to within the limit of any sane ratio check.
		return overLimit(state);
	}
	state.chunks.push(chunk);
	if (state.encoding !== 'identity' && !state.decodeError) (state.decoder ?? startDecoder(state, chunk)).write(chunk);
}

/** The body once the upload ended, or the API's error for one too large or not decodable. @param {BodyState} state */
async function finishBody(state) {
	if (state.decoder && !state.tooLarge) state.decoder.end();
	// An empty body is not valid gzip/deflate/br.
	if (state.encoding !== 'identity' && !state.decoder && !state.tooLarge) state.decodeError = new Error('empty body');
	await state.decoderDone;
	const { limit, encoding, decodeError } = state;
	if (state.tooLarge) {
		throw new ApiError(413, 'request-too-large', `The payload is too large (limit: ${limit} bytes, decoded length: more than ${limit} bytes).`);
	}
	if (decodeError) {
		throw new ApiError(400, 'invalid-value', `The request body is not valid "${encoding}" data (${decodeError.message}). Send the body encoded as its Content-Encoding header says.`);
	}
	return { body: Buffer.concat(state.chunks), decodedSize: state.decodedSize };
}

/**
 * Reads a request body as uploaded while it checks that the body decodes and that the decoded
 * size stays within `limit`. A body over the limit is read to its end and dropped, so that the
 * client gets the 413 rather than a reset connection.
 * @param {import('http').IncomingMessage} req
 * @param {{ encoding: string, limit: number, onBytes?: (received: number) => void }} options
 * @returns {Promise<{ body: Buffer, decodedSize: number }>}
 */
function readBody(req, { encoding, limit, onBytes }) {
	/** @type {BodyState} */
	const state = { encoding, limit, chunks: [], received: 0, decodedSize: 0, tooLarge: false };
	if (encoding === 'identity') state.decoderDone = Promise.resolve();
	return new Promise((resolve, reject) => {
		req.on('data', (/** @type {Buffer} */ chunk) => {
			state.received += chunk.length;
			onBytes?.(state.received);
			takeChunk(state, chunk);
		});
		req.on('end', () => finishBody(state).then(resolve, reject));
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) {
				state.decoder?.destroy();
				reject(new Error('connection closed before the body was complete'));
			}
		});
	});
}

/**
 * Whether a client's Accept-Encoding takes `encoding` (RFC 9110 section 12.5.3).
 * @param {string | undefined} header
 * @param {string} encoding
 */
function acceptsEncoding(header, encoding) {
	if (encoding === 'identity') return true;
	if (!header) return false;
	let wildcard;
	for (const part of header.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const q = qParam ? Number(qParam.slice(2)) : 1;
		if (name === encoding) return q > 0;
		if (name === '*') wildcard = q > 0;
	}
	return wildcard ?? false;
}

module.exports = { parseContentEncoding, readBody, decodeSync, acceptsEncoding };
