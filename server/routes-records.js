// @ts-check
'use strict';
// One record: put (PUT or POST), get, HEAD, delete.
const { recordNotFound } = require('./api-error');
const { acceptsEncoding, decodeSync, parseContentEncoding, readBody } = require('./body');
const { assertCanWrite, assertRecordKey, boolParam } = require('./params');
const { sendContent, sendJson } = require('./respond');

/** What Apify says of HTML records read without ?attachment=true: the API may modify them. */
const HTML_NOTE = Buffer.from('<!-- This HTML record was modified by the API: read it with attachment=true for its exact bytes. -->\n');

/**
 * Put record: the body kept as uploaded (checked to decode, within the body limit); a "drop"
 * fault cuts the connection part way through the upload.
 * @param {import('./context').RouteCall} c
 * @param {import('./context').Store} store
 * @param {string} key
 */
async function putRecord({ ctx, req, res, user, fault }, store, key) {
	assertCanWrite(user);
	const encoding = parseContentEncoding(req.headers['content-encoding']);
	const declared = Number(req.headers['content-length'] ?? NaN);
	const dropAt = fault?.kind === 'drop' ? (fault.afterBytes ?? (Number.isFinite(declared) ? Math.floor(declared / 2) : 1)) : -1;
	const { body, decodedSize } = await readBody(req, {
		encoding,
		limit: ctx.bodyLimit,
		onBytes: (received) => {
			if (dropAt >= 0 && received >= dropAt) req.socket.destroy();
		},
	});
	ctx.stats.bytesReceived += body.length;
	if (dropAt >= 0) {
		// The whole body arrived before the cut point (a short body): cut now, before any answer.
		req.socket.destroy();
		return;
	}
	const contentType = req.headers['content-type'] || 'application/octet-stream';
	ctx.storage.putRecord(store, key, { body, contentType, contentEncoding: encoding, decodedSize, modifiedAt: new Date().toISOString() });
	const location = `${ctx.publicBaseUrl()}/v2/key-value-stores/${store.meta.id}/records/${encodeURIComponent(key)}`;
	sendJson(res, 201, {}, { Location: location });
}

/**
 * Get record: the bytes as uploaded, encoded as uploaded when the client accepts that encoding.
 * Without ?attachment=true an HTML record is modified (visibly, as the Apify API may modify HTML).
 * @param {import('./context').RouteCall} c
 * @param {import('./context').Store} store
 * @param {string} key
 */
function getRecord({ ctx, req, res, params }, store, key) {
	const record = store.records.get(key);
	if (!record) throw recordNotFound();
	store.meta.stats.readCount++;
	const attachment = boolParam(params, 'attachment');
	const html = record.contentType.split(';')[0].trim().toLowerCase() === 'text/html';
	const modify = html && !attachment;
	const passThrough = !modify && acceptsEncoding(req.headers['accept-encoding'], record.contentEncoding);
	let body = passThrough ? record.body : decodeSync(record.contentEncoding, record.body);
	if (modify) body = Buffer.concat([HTML_NOTE, body]);
	/** @type {Record<string, string | number>} */
	const headers = { 'Content-Type': record.contentType, 'Content-Length': body.length };
	if (passThrough && record.contentEncoding !== 'identity') headers['Content-Encoding'] = record.contentEncoding;
	if (attachment) headers['Content-Disposition'] = `attachment; filename="${encodeURIComponent(key)}"`;
	sendContent(ctx, req, res, body, headers);
}

/** @type {import('./context').Route[]} */
const RECORD_ROUTES = [
	{
		shape: ['v2', 'key-value-stores', ':store', 'records', ':key'],
		methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
		store: true,
		signed: 'record',
		run: async (c) => {
			const store = /** @type {import('./context').Store} */ (c.store);
			const key = /** @type {string} */ (c.key);
			assertRecordKey(key);
			if (c.method === 'PUT' || c.method === 'POST') return await putRecord(c, store, key);
			if (c.method === 'DELETE') {
				assertCanWrite(c.user);
				c.ctx.storage.deleteRecord(store, key);
				c.res.writeHead(204).end();
				return;
			}
			return getRecord(c, store, key);
		},
	},
];

module.exports = { RECORD_ROUTES };
