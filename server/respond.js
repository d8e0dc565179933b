// @ts-check
'use strict';
// Writing answers: JSON, content (or a redirect to object storage), and the rest of a request body.

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * @param {import('http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
	const payload = Buffer.from(JSON.stringify(body));
	res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': payload.length, ...headers });
	res.end(payload);
}

/**
 * Sends a body, or with an object storage a 302 to a pre-signed URL that serves it (as Apify
 * sends record reads to S3); HEAD is always answered here.
 * @param {import('./context').AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {Buffer} body
 * @param {Record<string, string | number>} headers
 */
function sendContent(ctx, req, res, body, headers) {
	if (ctx.objectStorage && req.method === 'GET') {
		res.writeHead(302, { Location: ctx.objectStorage.presign(body, headers), 'Content-Length': 0 });
		res.end();
		return;
	}
	res.writeHead(200, headers);
	res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Consumes what is left of a request body, so an early answer reaches a client still uploading.
 * @param {import('http').IncomingMessage} req
 */
function drain(req, cap = 64 * 1024 * 1024) {
	if (req.complete || req.destroyed) return Promise.resolve();
	return new Promise((resolve) => {
		let seen = 0;
		req.on('data', (/** @type {Buffer} */ chunk) => {
			seen += chunk.length;
			if (seen > cap) req.socket.destroy();
		});
		req.on('end', resolve);
		req.on('close', resolve);
		req.resume();
	});
}

module.exports = { JSON_TYPE, sendJson, sendContent, drain };
