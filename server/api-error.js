// @ts-check
'use strict';

/** An error that the server answers with Apify's body: {"error": {"type", "message"}}. */
class ApiError extends Error {
	/**
	 * @param {number} status
	 * @param {string} type an Apify ErrorType
	 * @param {string} message
	 * @param {Record<string, string>} [headers]
	 */
	constructor(status, type, message, headers) {
		super(message);
		this.status = status;
		this.type = type;
		this.headers = headers ?? {};
	}
}

const storeNotFound = () =>
	new ApiError(404, 'record-or-token-not-found', 'Key-value store was not found');
const recordNotFound = () => new ApiError(404, 'record-not-found', 'Record was not found');

module.exports = { ApiError, storeNotFound, recordNotFound };
