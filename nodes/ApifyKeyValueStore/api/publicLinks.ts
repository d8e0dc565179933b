import { quote } from '../helpers/quote';
import { recordPublicUrl, storeContentUrl } from '../helpers/signing';
import type { StoreInfoResult } from './storeInfo';

/** What "Add Public URL" adds to an item: the link, and when it is not signed, why. */
export interface PublicLink {
	publicUrl?: string;
	publicUrlSigned?: false;
	publicUrlNote?: string;
}

const OPENS_WITH =
	"it opens only with a token, or when the store's general access lets anyone with its ID read";

/** Why a link is not signed. */
function unsignedNote(store: StoreInfoResult): string {
	return store.ok
		? `The API token cannot read this store's URL signing key (Apify gives it only to tokens that may write to the store), so the URL is not signed: ${OPENS_WITH}.`
		: `The store could not be read to sign the URL (${store.error.message}), so the URL is not signed: ${OPENS_WITH}.`;
}

/**
 * A record's public link: signed as apify-client's getRecordPublicUrl signs it when the store's
 * signing key is known; unsigned, with the reason, when it is not; none, with the reason, for a
 * key that no URL can address.
 */
export function recordLink(
	baseUrl: string,
	store: StoreInfoResult,
	fallbackStoreId: string,
	key: string,
): PublicLink {
	const storeId = store.ok ? store.value.id : fallbackStoreId;
	const secret = store.ok ? store.value.signingKey : undefined;
	const publicUrl = recordPublicUrl(baseUrl, storeId, key, secret);
	if (publicUrl === undefined) {
		return {
			publicUrlNote: `No URL can address the key ${quote(key)} (a URL reads "." and ".." as folders, and a lone surrogate has no UTF-8 form), so it has no link. Read it with Get Record by the API, or rename it.`,
		};
	}
	if (secret) return { publicUrl };
	return { publicUrl, publicUrlSigned: false, publicUrlNote: unsignedNote(store) };
}

/**
 * A link to a store's key list or records archive: signed as apify-client's createKeysPublicUrl
 * signs it, valid for `expiresInSecs` (0: for good), or unsigned with the reason.
 */
export function storeContentLink(
	baseUrl: string,
	store: StoreInfoResult,
	fallbackStoreId: string,
	content: 'keys' | 'records',
	query: Record<string, string>,
	expiresAt: number,
): PublicLink {
	const storeId = store.ok ? store.value.id : fallbackStoreId;
	const secret = store.ok ? store.value.signingKey : undefined;
	const signing = secret ? { secret, expiresAt } : undefined;
	const publicUrl = storeContentUrl(baseUrl, storeId, content, query, signing);
	if (secret) return { publicUrl };
	return { publicUrl, publicUrlSigned: false, publicUrlNote: unsignedNote(store) };
}
