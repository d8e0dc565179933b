import { accepted, refused, type Checked } from './checked';
import { quote } from './quote';

// One definition of each form, used by the checks below and by the editor's field validation.
export const STORE_ID_SOURCE = '[a-zA-Z0-9]{17}';
export const STORE_NAME_SOURCE = '(?!-)[a-zA-Z0-9-]{1,63}(?<!-)';
export const USERNAME_SOURCE = '[a-zA-Z0-9._-]{1,100}';

export const STORE_ID = new RegExp(`^${STORE_ID_SOURCE}$`);
const STORE_NAME = new RegExp(`^${STORE_NAME_SOURCE}$`);
const USERNAME = new RegExp(`^${USERNAME_SOURCE}$`);

/** The three ways to name a store, in words. */
export const STORE_REFERENCE_FORMS =
	'the store\'s 17-character ID, "username~store-name", or "~store-name" for a store of the token\'s owner';

const FORMS = `Use ${STORE_REFERENCE_FORMS}, or pick the store from the list.`;

/**
 * Checks a store reference before it is sent: a 17-character ID, `username~store-name` or
 * `~store-name` (the token owner's store).
 */
export function checkStoreReference(input: unknown): Checked<string> {
	const reference = typeof input === 'string' ? input.trim() : '';
	if (!reference) return refused(`No key-value store is set. ${FORMS}`);
	const tilde = reference.indexOf('~');
	if (tilde === -1) {
		if (STORE_ID.test(reference)) return accepted(reference);
		const hint = STORE_NAME.test(reference)
			? ` If ${quote(reference)} is the store's name, write "~${reference}".`
			: '';
		return refused(
			`${quote(reference)} is not a key-value store ID (17 letters and digits).${hint} ${FORMS}`,
		);
	}
	const username = reference.slice(0, tilde);
	const name = reference.slice(tilde + 1);
	if (username !== '' && !USERNAME.test(username)) {
		return refused(
			`${quote(username)} in ${quote(reference)} is not a valid Apify username. ${FORMS}`,
		);
	}
	if (!STORE_NAME.test(name)) {
		return refused(
			`${quote(name)} in ${quote(reference)} is not a valid store name: names use letters, digits and hyphens (not first or last), up to 63 characters. ${FORMS}`,
		);
	}
	return accepted(reference);
}

/** The API path of a checked store reference. */
export const storeApiPath = (reference: string) =>
	`/v2/key-value-stores/${encodeURIComponent(reference)}`;

/** A name for a store, or why it would not do. */
export function checkStoreName(name: string): Checked<string> {
	if (STORE_NAME.test(name)) return accepted(name);
	return refused(
		`${quote(name)} is not a valid store name. Use 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen, such as "my-results".`,
	);
}
