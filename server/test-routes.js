// @ts-check
'use strict';
const { resetState } = require('./reset');
const { ApiError, recordNotFound } = require('./api-error');
const { decodeSync } = require('./body');
const { resolveStore } = require('./resolve-store');
const { startRun } = require('./runs');

/** @param {import('http').IncomingMessage} req */
async function readJson(req) {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return text ? JSON.parse(text) : {};
	} catch {
		throw new ApiError(400, 'invalid-input', 'The body is not valid JSON.');
	}
}

/**
 * Routes under /_test/ let a test in another process (an n8n end-to-end run, a soak) steer
 * faults and read what was stored. They need a valid token like every other route.
 * @param {import('./context').AppContext} ctx
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {string} method
 * @param {string[]} segments
 * @param {import('./context').TokenUser} user
 */
async function handleTestRoute(ctx, req, res, method, segments, user) {
	const json = (/** @type {number} */ status, /** @type {unknown} */ body) => {
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
		res.end(JSON.stringify(body));
	};
	const [what, ref, sub, key] = segments;
	if (what === 'faults' && method === 'PUT') {
		const { rules, seed } = await readJson(req);
		try {
			ctx.faults.set(rules ?? [], seed);
		} catch (err) {
			throw new ApiError(400, 'invalid-input', String(err.message));
		}
		return json(200, { ok: true });
	}
	if (what === 'faults' && method === 'DELETE') {
		ctx.faults.clear();
		return json(200, { ok: true });
	}
	if (what === 'stats' && method === 'GET') {
		return json(200, { ...ctx.stats, faultsInjected: ctx.faults.injected });
	}
	if (what === 'actors' && method === 'POST') {
		const { name, title, username } = await readJson(req);
		return json(201, { data: ctx.runs.createActor(user, { name: String(name), title, username }) });
	}
	if (what === 'actor-tasks' && method === 'POST') {
		const { actorId, name } = await readJson(req);
		return json(201, { data: ctx.runs.createTask(user, { actorId: String(actorId), name: String(name) }) });
	}
	if (what === 'actor-runs' && method === 'POST') {
		return json(201, { data: startRun(ctx, user, await readJson(req)) });
	}
	if (what === 'reset' && method === 'POST') {
		resetState(ctx);
		return json(200, { ok: true });
	}
	if (what === 'stores' && ref && sub === 'records' && key && method === 'GET') {
		const record = resolveStore(ctx, ref, user).records.get(key);
		if (!record) throw recordNotFound();
		return json(200, {
			contentType: record.contentType,
			contentEncoding: record.contentEncoding,
			size: record.body.length,
			decodedSize: record.decodedSize,
			body: record.body.toString('base64'),
			decodedBody: decodeSync(record.contentEncoding, record.body).toString('base64'),
		});
	}
	throw new ApiError(404, 'page-not-found', 'Page not found');
}

module.exports = { handleTestRoute };
