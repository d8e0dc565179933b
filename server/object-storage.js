// @ts-check
'use strict';
// A stand-in for the object storage (S3) that Apify's API redirects record reads to: it serves
// what the API handed it under a pre-signed, expiring URL, and, as S3 does, refuses a request that
// carries an Authorization header besides the URL's own signature ("only one auth mechanism").
const http = require('http');
const https = require('https');
const crypto = require('crypto');

/**
 * @typedef {{ body: Buffer, headers: Record<string, string | number>, expiresAt: number }} StoredObject
 * @typedef {{ requests: number, served: number, refusedAuthorization: number, refusedSignature: number }} ObjectStorageStats
 */

/** @param {import('http').ServerResponse} res @param {number} status @param {string} code @param {string} message */
function s3Error(res, status, code, message) {
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
	res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

/**
 * Serves a kept object to a request with a valid, unexpired signature and no Authorization header.
 * @param {Map<string, StoredObject>} objects
 * @param {ObjectStorageStats} stats
 * @param {(id: string, expiresAt: number) => string} sign
 * @returns {import('http').RequestListener}
 */
function objectListener(objects, stats, sign) {
	return (req, res) => {
		stats.requests++;
		const url = new URL(req.url ?? '/', 'http://object-storage');
		if (req.headers.authorization) {
			stats.refusedAuthorization++;
			return s3Error(res, 400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
		}
		const id = url.pathname.replace(/^\/objects\//, '');
		const expiresAt = Number(url.searchParams.get('X-Amz-Expires-At'));
		const signature = url.searchParams.get('X-Amz-Signature') ?? '';
		const object = objects.get(id);
		if (!object || signature !== sign(id, expiresAt) || Date.now() > expiresAt) {
			stats.refusedSignature++;
			return s3Error(res, 403, 'AccessDenied', 'Request has expired or the signature does not match');
		}
		stats.served++;
		res.writeHead(200, object.headers);
		res.end(req.method === 'HEAD' ? undefined : object.body);
	};
}

/**
 * Starts the object storage on 127.0.0.1, over https with the given key and certificate (as S3
 * serves), or plain http without them.
 * @param {{ tls?: { key: string | Buffer, cert: string | Buffer }, ttlMs?: number }} [options]
 */
async function startObjectStorage(options = {}) {
	const secret = crypto.randomBytes(32);
	const ttlMs = options.ttlMs ?? 60_000;
	/** @type {Map<string, StoredObject>} */
	const objects = new Map();
	/** @type {ObjectStorageStats} */
	const stats = { requests: 0, served: 0, refusedAuthorization: 0, refusedSignature: 0 };
	const sign = (/** @type {string} */ id, /** @type {number} */ expiresAt) =>
		crypto.createHmac('sha256', secret).update(`${id}.${expiresAt}`).digest('hex');

	const listener = objectListener(objects, stats, sign);
	const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, listener) : http.createServer(listener);
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(undefined));
	});
	const { port } = /** @type {import('net').AddressInfo} */ (server.address());
	const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
	return {
		url: origin,
		stats,
		/**
		 * Keeps a body and gives the pre-signed URL that serves it, for a while.
		 * @param {Buffer} body
		 * @param {Record<string, string | number>} headers
		 */
		presign(body, headers) {
			const id = crypto.randomBytes(12).toString('hex');
			const expiresAt = Date.now() + ttlMs;
			objects.set(id, { body, headers, expiresAt });
			// Old objects go once they expire, so a long test does not keep every body.
			for (const [key, value] of objects) if (value.expiresAt < Date.now()) objects.delete(key);
			return `${origin}/objects/${id}?X-Amz-Expires-At=${expiresAt}&X-Amz-Signature=${sign(id, expiresAt)}`;
		},
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startObjectStorage };
