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
 * Reads a request body as uploaded while it checks that the body decodes and that the decoded
 * size stays within `limit`. A body over the limit is read to its end and dropped, so that the
 * client gets the 413 rather than a reset connection.
 * @param {import('http').IncomingMessage} req
 * @param {{ encoding: string, limit: number, onBytes?: (received: number) => void }} options
 * @returns {Promise<{ body: Buffer, decodedSize: number }>}
 */
function readBody(req, { encoding, limit, onBytes }) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let received = 0;
		let decodedSize = 0;
		let tooLarge = false;
		/** @type {Error | undefined} */
		let decodeError;
		/** @type {import('stream').Transform | undefined} */
		let decoder;
		let decoderDone = encoding === 'identity' ? Promise.resolve() : undefined;

		const overLimit = () => {
			tooLarge = true;
			chunks.length = 0;
			decoder?.destroy();
		};

		req.on('data', (/** @type {Buffer} */ chunk) => {
			received += chunk.length;
			onBytes?.(received);
			if (tooLarge) return;
			if (encoding === 'identity') {
				decodedSize += chunk.length;
				if (decodedSize > limit) return overLimit();
			} else if (received > limit * 2 + 1024) {
				// A compressed body this large cannot decode to within the limit of any sane ratio check.
				return overLimit();
			}
			chunks.push(chunk);
			if (encoding !== 'identity' && !decodeError) {
				if (!decoder) {
					decoder = createDecoder(encoding, chunk);
					decoderDone = new Promise((done) => {
						const d = /** @type {import('stream').Transform} */ (decoder);
						d.on('data', (/** @type {Buffer} */ out) => {
							decodedSize += out.length;
							if (decodedSize > limit && !tooLarge) overLimit();
						});
						d.on('end', () => done(undefined));
						d.on('close', () => done(undefined));
						d.on('error', (err) => {
							if (!tooLarge) decodeError = err;
							done(undefined);
						});
					});
				}
				decoder.write(chunk);
			}
		});
		req.on('end', async () => {
			if (decoder && !tooLarge) decoder.end();
			if (encoding !== 'identity' && !decoder && !tooLarge) {
				// An empty body is not valid gzip/deflate/br.
				decodeError = new Error('empty body');
			}
			await decoderDone;
			if (tooLarge) {
				return reject(
					new ApiError(
						413,
						'request-too-large',
						`The payload is too large (limit: ${limit} bytes, decoded length: more than ${limit} bytes).`,
					),
				);
			}
			if (decodeError) {
				return reject(
					new ApiError(
						400,
						'invalid-value',
						`The request body is not valid "${encoding}" data (${decodeError.message}). Send the body encoded as its Content-Encoding header says.`,
					),
				);
			}
			resolve({ body: Buffer.concat(chunks), decodedSize });
		});
		req.on('error', reject);
		req.on('close', () => {
			if (!req.complete) {
				decoder?.destroy();
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
