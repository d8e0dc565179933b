import { accepted, refused, type Checked } from './checked';
import { quote } from './quote';

// One statement of Apify's record-key rule, for the check, the messages and the editor.
const ALLOWED = String.raw`a-zA-Z0-9!\-_.'()`;
export const RECORD_KEY_MAX_LENGTH = 256;
export const RECORD_KEY_PATTERN = new RegExp(`^[${ALLOWED}]{1,${RECORD_KEY_MAX_LENGTH}}$`);
const ALLOWED_CHARACTER = new RegExp(`[${ALLOWED}]`);
/** Keys that a URL treats as "this folder" and "the folder above": /records/.. would be the store itself. */
const DOT_SEGMENT = /^\.{1,2}$/;
/** The rule in words. */
export const RECORD_KEY_RULE = `1 to ${RECORD_KEY_MAX_LENGTH} characters, each a letter, a digit or one of !-_.'(), and not "." or ".."`;

/** A record key, or why Apify would refuse it or it could not be sent safely. */
export function checkRecordKey(key: unknown): Checked<string> {
	if (typeof key !== 'string') {
		return refused(
			`The record key must be text of ${RECORD_KEY_RULE}, but it is ${key === null ? 'null' : typeof key}. Give "Record Key" a text value.`,
		);
	}
	if (key.length === 0) {
		return refused(`The record key is empty. A key is ${RECORD_KEY_RULE}, such as "OUTPUT".`);
	}
	if (key.length > RECORD_KEY_MAX_LENGTH) {
		return refused(
			`The record key is ${key.length} characters long; Apify allows at most ${RECORD_KEY_MAX_LENGTH}. Use a shorter key.`,
		);
	}
	if (DOT_SEGMENT.test(key)) {
		return refused(
			`The record key ${quote(key)} cannot be used: in a URL "${key}" means ${key === '.' ? 'the current folder' : 'the folder above'}, so the request would reach the store itself instead of a record. Use a key with other characters too, such as "${key}data".`,
		);
	}
	if (!RECORD_KEY_PATTERN.test(key)) {
		const bad = [...new Set([...key].filter((c) => !ALLOWED_CHARACTER.test(c)))];
		const characters = bad
			.slice(0, 5)
			.map((c) => JSON.stringify(c))
			.join(', ');
		return refused(
			`The record key ${quote(key)} contains ${bad.length === 1 ? 'a character' : 'characters'} Apify does not allow: ${characters}${bad.length > 5 ? ', …' : ''}. A key is ${RECORD_KEY_RULE}: replace or remove the others.`,
		);
	}
	return accepted(key);
}

/**
 * The API path of a record, checked to stay a record path: whatever the key, the URL that is
 * sent ends in exactly /records/<that key>, or there is no path.
 */
export function recordApiPath(storePath: string, key: string): string | undefined {
	let encoded: string;
	try {
		encoded = encodeURIComponent(key);
	} catch {
		return undefined; // a lone surrogate has no UTF-8 form, so no URL can name it
	}
	const path = `${storePath}/records/${encoded}`;
	const resolved = new URL(path, 'http://record.invalid').pathname;
	return resolved === path ? path : undefined;
}
