import { createHmac } from 'crypto';

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

/** A record's public URL: signed when the secret is known, plain otherwise. */
export function recordPublicUrl(
	baseUrl: string,
	storeId: string,
	key: string,
	secret: string | undefined,
): string {
	const url = `${baseUrl}/v2/key-value-stores/${encodeURIComponent(storeId)}/records/${encodeURIComponent(key)}`;
	return secret ? `${url}?signature=${recordSignature(secret, key)}` : url;
}
