// @ts-check
'use strict';
const crypto = require('crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A 17-character alphanumeric ID, the form Apify uses for storages and users. */
function newId() {
	const bytes = crypto.randomBytes(17);
	let id = '';
	for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
	return id;
}

const RECORD_KEY_PATTERN = /^[a-zA-Z0-9!\-_.'()]{1,256}$/;
// Apify store names: letters, digits and hyphens, not starting or ending with a hyphen.
const STORE_NAME_PATTERN = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;

module.exports = { newId, RECORD_KEY_PATTERN, STORE_NAME_PATTERN };
