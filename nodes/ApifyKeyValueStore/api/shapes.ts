import type { IDataObject } from 'n8n-workflow';
import { isPlainObject as isObject } from '../helpers/plainObject';

/** The shapes of Apify's answers, checked before use. */

export interface KeyItem {
	key: string;
	size: number;
	recordPublicUrl?: string;
}

export type StoreObject = IDataObject & { id: string };

export interface KeysPage {
	data: { items: KeyItem[]; isTruncated?: boolean; nextExclusiveStartKey?: string | null };
}

export interface StoresPage {
	data: { items: IDataObject[]; total?: number };
}

export const isKeysPage = (value: unknown): value is KeysPage =>
	isObject(value) &&
	isObject(value.data) &&
	Array.isArray(value.data.items) &&
	value.data.items.every((item) => isObject(item) && typeof item.key === 'string');

export const isStoresPage = (value: unknown): value is StoresPage =>
	isObject(value) &&
	isObject(value.data) &&
	Array.isArray(value.data.items) &&
	value.data.items.every(isObject);

/** Apify's answer about one store: { data: { id, ... } }. */
export const isStoreAnswer = (value: unknown): value is { data: StoreObject } =>
	isObject(value) && isObject(value.data) && typeof value.data.id === 'string';

/**
 * A store as the node outputs it: without its URL signing key, which would let anyone who sees
 * the execution sign links to every record ("Add Public URL" signs them instead).
 */
export function storeOutput<T extends IDataObject>(data: T): Omit<T, 'urlSigningSecretKey'> {
	const { urlSigningSecretKey: _secret, ...store } = data;
	return store;
}
