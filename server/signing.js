// @ts-check
'use strict';
// Apify's signed storage URLs, as @apify/utilities makes them (apify-client's getRecordPublicUrl
// and createKeysPublicUrl): an HMAC-SHA256 of the record key, or of "version.expiresAt.storeId"
// for a whole store's content, cut to 30 hex digits and written in base 62.
const crypto = require('crypto');

const CHARSET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** @param {bigint} n */
function base62(n) {
	if (n === 0n) return CHARSET[0];
	let out = '';
	while (n > 0n) {
		out = CHARSET[Number(n % 62n)] + out;
		n /= 62n;
	}
	return out;
}

/** @param {string} secret @param {string} message */
function hmacSignature(secret, message) {
	const hex = crypto.createHmac('sha256', secret).update(message).digest('hex').slice(0, 30);
	return base62(BigInt(`0x${hex}`));
}

/** A fresh URL signing secret for a new store. */
const newSigningSecret = () => crypto.randomBytes(24).toString('base64url');

/** @param {string} a @param {string} b */
function sameText(a, b) {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * Whether `signature` opens a record: the HMAC of its key.
 * @param {string} secret @param {string} key @param {string} signature
 */
function verifyRecordSignature(secret, key, signature) {
	return sameText(hmacSignature(secret, key), signature);
}

/**
 * Why a store-content signature (keys list, records archive) does not open the store, or undefined
 * when it does: base64url of "version.expiresAt.hmac", expiresAt 0 for never.
 * @param {string} secret @param {string} storeId @param {string} signature @param {number} [now]
 */
function contentSignatureProblem(secret, storeId, signature, now = Date.now()) {
	const parts = Buffer.from(signature, 'base64url').toString('utf8').split('.');
	if (parts.length !== 3) return 'The signature is malformed.';
	const [version, expiresAt, hmac] = parts;
	if (!sameText(hmacSignature(secret, `${version}.${expiresAt}.${storeId}`), hmac)) return 'The signature is not valid.';
	if (Number(expiresAt) !== 0 && Number(expiresAt) <= now) return 'The signature has expired.';
	return undefined;
}

module.exports = { hmacSignature, newSigningSecret, verifyRecordSignature, contentSignatureProblem };
