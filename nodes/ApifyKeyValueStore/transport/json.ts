import { NodeOperationError } from 'n8n-workflow';
import { isPlainObject as isObject } from '../helpers/plainObject';
import { checkBaseUrlFix } from './errors';
import type { ApiAnswer } from './request';
import type { ApiSession } from './session';

/** A copy of a parsed value with `clean` applied to every string in it, keys included. */
export function cleanDeep(value: unknown, clean: (text: string) => string): unknown {
	if (typeof value === 'string') return clean(value);
	if (Array.isArray(value)) return value.map((entry) => cleanDeep(entry, clean));
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [clean(key), cleanDeep(entry, clean)]),
		);
	}
	return value;
}

/** The URL signing keys in an answer about stores: one store's, or those of a page of stores. */
function signingKeys(parsed: unknown): unknown[] {
	if (!isObject(parsed) || !isObject(parsed.data)) return [];
	const stores = Array.isArray(parsed.data.items) ? parsed.data.items : [parsed.data];
	return stores.map((store) => (isObject(store) ? store.urlSigningSecretKey : undefined));
}

/**
 * A JSON answer, parsed and checked to have the shape the caller expects, so no caller meets a
 * raw "cannot read properties of undefined" from an answer that is JSON but not Apify's. Any URL
 * signing key in it becomes one of the execution's secrets, and every secret the execution holds is taken out
 * of every string in the answer, wherever the server put it.
 */
export function apifyJson<T>(
	session: ApiSession,
	answer: ApiAnswer,
	call: { method: string; path: string; itemIndex?: number },
	isShape: (value: unknown) => value is T,
	shape: string,
): T {
	let parsed: unknown;
	try {
		parsed = JSON.parse(answer.body.toString('utf8'));
	} catch {
		parsed = undefined;
	}
	for (const key of signingKeys(parsed)) session.addSecret(key);
	const clean = cleanDeep(parsed, (text) => session.redact(text));
	if (parsed === undefined || !isShape(clean)) {
		const what = parsed === undefined ? 'a body that is not JSON' : `JSON without ${shape}`;
		throw new NodeOperationError(
			session.ctx.getNode(),
			`The API answered ${call.method} ${call.path} with ${what}`,
			{ itemIndex: call.itemIndex ?? 0, description: checkBaseUrlFix(session.credentialName()) },
		);
	}
	return clean;
}

/** The URL signing key in an answer about one store, as the server sent it (for signing, never for output). */
export function storeSigningKey(answer: ApiAnswer): string | undefined {
	try {
		const parsed = JSON.parse(answer.body.toString('utf8')) as {
			data?: { urlSigningSecretKey?: unknown };
		};
		const key = parsed?.data?.urlSigningSecretKey;
		return typeof key === 'string' && key ? key : undefined;
	} catch {
		return undefined;
	}
}
