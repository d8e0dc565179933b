// @ts-check
'use strict';
// Reading and checking what a request brings: query parameters, a JSON body, the method, the
// right to write, a record key.
const { ApiError } = require('./api-error');
const { RECORD_KEY_PATTERN } = require('./ids');
const { parseContentEncoding, readBody } = require('./body');

/**
 * @param {URLSearchParams} query
 * @param {string} name
 * @param {{ min: number, max?: number, fallback: number }} bounds
 */
function intParam(query, name, { min, max, fallback }) {
	const raw = query.get(name);
	if (raw === null || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min) {
		throw new ApiError(400, 'invalid-parameter', `Parameter "${name}" must be an integer of at least ${min}.`);
	}
	return max === undefined ? value : Math.min(value, max);
}

/** @param {URLSearchParams} query @param {string} name */
const boolParam = (query, name) => ['1', 'true'].includes((query.get(name) ?? '').toLowerCase());

/**
 * A JSON object from a request body, or none for an empty body.
 * @param {import('http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown> | undefined>}
 */
async function jsonBody(req) {
	const { body: raw } = await readBody(req, { encoding: parseContentEncoding(req.headers['content-encoding']), limit: 64 * 1024 });
	if (raw.length === 0) return undefined;
	let body;
	try {
		body = JSON.parse(raw.toString('utf8'));
	} catch {
		throw new ApiError(400, 'invalid-request', 'The request body must be a JSON object.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'invalid-request', 'The request body must be a JSON object.');
	return body;
}

/**
 * @param {string[]} allowed
 * @param {string} method
 */
function assertMethod(allowed, method) {
	if (!allowed.includes(method)) {
		throw new ApiError(405, 'method-not-allowed', `This API end-point can only be accessed using the following HTTP methods: ${allowed.join(',')}`);
	}
}

/** @param {import('./context').TokenUser} user */
function assertCanWrite(user) {
	if (user.readOnly) {
		throw new ApiError(403, 'insufficient-permissions', 'The API token does not have permission to write to this key-value store.');
	}
}

/** @param {string} key */
function assertRecordKey(key) {
	if (!RECORD_KEY_PATTERN.test(key)) {
		throw new ApiError(
			400,
			'invalid-record-key',
			`The record key "${key.slice(0, 300)}" is not valid. Keys may contain only letters, digits and the characters !-_.'() and be 1 to 256 characters long.`,
		);
	}
}

module.exports = { intParam, boolParam, jsonBody, assertMethod, assertCanWrite, assertRecordKey };
