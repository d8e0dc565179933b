import { quote } from './quote';

export const RECORD_KEY_PATTERN = /^[a-zA-Z0-9!\-_.'()]{1,256}$/;
export const RECORD_KEY_MAX_LENGTH = 256;
const ALLOWED_CHARACTER = /[a-zA-Z0-9!\-_.'()]/;
/** Keys that a URL treats as "this folder" and "the folder above": /records/.. would be the store itself. */
const DOT_SEGMENT = /^\.{1,2}$/;

/** Why a record key would be refused by Apify or could not be sent safely, or undefined when it is valid. */
export function recordKeyProblem(key: unknown): string | undefined {
	if (typeof key !== 'string') {
		return `The record key must be text, but it is ${key === null ? 'null' : typeof key}. Set "Record Key" to a string or an expression that returns one.`;
	}
	if (key.length === 0) {
		return 'The record key is empty. Set "Record Key" to a value such as "output" or an expression such as {{ $json.id }}.';
	}
	if (key.length > RECORD_KEY_MAX_LENGTH) {
		return `The record key is ${key.length} characters long; Apify allows at most ${RECORD_KEY_MAX_LENGTH}. Shorten it, for example with {{ $json.id.slice(0, 256) }}.`;
	}
	if (DOT_SEGMENT.test(key)) {
		return `The record key ${quote(key)} cannot be used: in a URL "${key}" means ${key === '.' ? 'the current folder' : 'the folder above'}, so the request would reach the store itself instead of a record. Use a key with other characters too, such as "${key}data".`;
	}
	if (!RECORD_KEY_PATTERN.test(key)) {
		const bad = [...new Set([...key].filter((c) => !ALLOWED_CHARACTER.test(c)))];
		const characters = bad
			.slice(0, 5)
			.map((c) => JSON.stringify(c))
			.join(', ');
		return `The record key ${quote(key)} contains ${bad.length === 1 ? 'a character' : 'characters'} Apify does not allow: ${characters}${bad.length > 5 ? ', …' : ''}. Keys may use only letters, digits and !-_.'() — replace the others, for example with {{ $json.name.replace(/[^a-zA-Z0-9!\\-_.'()]/g, '-') }}.`;
	}
	return undefined;
}

/**
 * The API path of a record, checked to stay a record path: whatever the key, the URL that is
 * sent ends in exactly /records/<that key>, or there is no path.
 */
export function recordApiPath(storePath: string, key: string): string | undefined {
	const encoded = encodeURIComponent(key);
	const path = `${storePath}/records/${encoded}`;
	const resolved = new URL(path, 'http://record.invalid').pathname;
	return resolved === path ? path : undefined;
}
