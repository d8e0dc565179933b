const STORE_ID = /^[a-zA-Z0-9]{17}$/;
const STORE_NAME = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;
const USERNAME = /^[a-zA-Z0-9._-]{1,100}$/;

export type StoreReferenceCheck = { ok: true; reference: string } | { ok: false; problem: string };

/**
 * Checks a store reference before it is sent: a 17-character ID, `username~store-name` or
 * `~store-name` (the token owner's store).
 */
export function checkStoreReference(input: unknown): StoreReferenceCheck {
	const reference = typeof input === 'string' ? input.trim() : '';
	const forms = 'Use the 17-character store ID, "username~store-name", or "~store-name" for a store of the token\'s owner, or pick the store from the list.';
	if (!reference) return { ok: false, problem: `No key-value store is set. ${forms}` };
	const tilde = reference.indexOf('~');
	if (tilde === -1) {
		if (STORE_ID.test(reference)) return { ok: true, reference };
		const hint = STORE_NAME.test(reference) ? ` If "${reference}" is the store's name, write "~${reference}".` : '';
		return { ok: false, problem: `"${reference}" is not a key-value store ID (17 letters and digits).${hint} ${forms}` };
	}
	const username = reference.slice(0, tilde);
	const name = reference.slice(tilde + 1);
	if (username !== '' && !USERNAME.test(username)) {
		return { ok: false, problem: `"${username}" in "${reference}" is not a valid Apify username. ${forms}` };
	}
	if (!STORE_NAME.test(name)) {
		return {
			ok: false,
			problem: `"${name}" in "${reference}" is not a valid store name: names use letters, digits and hyphens (not first or last), up to 63 characters. ${forms}`,
		};
	}
	return { ok: true, reference };
}

/** The reference as one URL path segment. */
export const storePathSegment = (reference: string) => encodeURIComponent(reference);

/** Why a name would not do for a new store, or undefined. */
export function storeNameProblem(name: string): string | undefined {
	if (STORE_NAME.test(name)) return undefined;
	return `"${name}" is not a valid store name. Use 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen, such as "my-results".`;
}
