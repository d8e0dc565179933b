export const RECORD_KEY_PATTERN = /^[a-zA-Z0-9!\-_.'()]{1,256}$/;
export const RECORD_KEY_MAX_LENGTH = 256;
const ALLOWED_CHARACTER = /[a-zA-Z0-9!\-_.'()]/;

/** Why a record key would be refused by Apify, or undefined when it is valid. */
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
	if (!RECORD_KEY_PATTERN.test(key)) {
		const bad = [...new Set([...key].filter((c) => !ALLOWED_CHARACTER.test(c)))];
		const characters = bad.slice(0, 5).map((c) => JSON.stringify(c)).join(', ');
		// JSON quoting shows control characters instead of passing them on into messages and logs.
		const shownKey = key.length > 80 ? `${JSON.stringify(key.slice(0, 80)).slice(0, -1)}…"` : JSON.stringify(key);
		return `The record key ${shownKey} contains ${bad.length === 1 ? 'a character' : 'characters'} Apify does not allow: ${characters}${bad.length > 5 ? ', …' : ''}. Keys may use only letters, digits and !-_.'() — replace the others, for example with {{ $json.name.replace(/[^a-zA-Z0-9!\\-_.'()]/g, '-') }}.`;
	}
	return undefined;
}
