import { createHmac } from 'crypto';
import { recordApiPath } from './recordKey';
import { storeApiPath } from './storeReference';

// Apify's signed storage URLs, computed as apify-client does (@apify/utilities' hmac and storages
// modules): HMAC-SHA256 with the store's urlSigningSecretKey, cut to 30 hex digits, in base 62.
const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function base62(value: bigint): string {
	if (value === 0n) return BASE62[0];
	let out = '';
	for (let n = value; n > 0n; n /= 62n) out = BASE62[Number(n % 62n)] + out;
	return out;
}

function hmacSignature(secret: string, message: string): string {
	const hex = createHmac('sha256', secret).update(message).digest('hex').slice(0, 30);
	return base62(BigInt(`0x${hex}`));
}

/** The signature that opens one record: apify-client's getRecordPublicUrl (record URLs do not expire). */
export const recordSignature = (secret: string, key: string) => hmacSignature(secret, key);

/**
 * The signature that opens a store's content (its keys list, its records archive), valid until
 * `expiresAt` (milliseconds since 1970; 0 for never): apify-client's createKeysPublicUrl.
 */
export function storeContentSignature(secret: string, storeId: string, expiresAt = 0): string {
	const hmac = hmacSignature(secret, `0.${expiresAt}.${storeId}`);
	return Buffer.from(`0.${expiresAt}.${hmac}`).toString('base64url');
}

/**
 * A record's public URL: signed when the secret is known, plain otherwise; undefined for a key no
 * URL can address ("." and "..", which a URL reads as folders, or a lone surrogate).
 */
export function recordPublicUrl(
	baseUrl: string,
	storeId: string,
	key: string,
	secret: string | undefined,
): string | undefined {
	const path = recordApiPath(storeApiPath(storeId), key);
	if (!path) return undefined;
	return secret
		? `${baseUrl}${path}?signature=${recordSignature(secret, key)}`
		: `${baseUrl}${path}`;
}

/**
 * The public URL of a store's key list or records archive, as apify-client's createKeysPublicUrl
 * makes it: the query, and when the secret is known a signature valid until `expiresAt`.
 */
export function storeContentUrl(
	baseUrl: string,
	storeId: string,
	content: 'keys' | 'records',
	query: Record<string, string>,
	signing?: { secret: string; expiresAt: number },
): string {
	const url = new URL(`${baseUrl}${storeApiPath(storeId)}/${content}`);
	if (signing) {
		url.searchParams.set(
			'signature',
			storeContentSignature(signing.secret, storeId, signing.expiresAt),
		);
	}
	for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
	return url.href;
}
