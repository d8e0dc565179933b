import type { IDataObject } from 'n8n-workflow';
import { isPlainObject as isObject } from '../../helpers/plainObject';

/** The fields of a store that Get Many's "Simplify" keeps: what tells stores apart and says how big each is. */
export const SIMPLE_STORE_FIELDS = [
	'id',
	'name',
	'title',
	'username',
	'createdAt',
	'modifiedAt',
	'accessedAt',
	'storageBytes',
	'consoleUrl',
] as const;

/** A store as Get Many gives it with "Simplify": the fields above, its size lifted out of its stats. */
export function simpleStore(store: IDataObject): IDataObject {
	const stats = isObject(store.stats) ? store.stats : {};
	const full: IDataObject = { ...store, storageBytes: stats.storageBytes ?? null };
	return Object.fromEntries(SIMPLE_STORE_FIELDS.map((field) => [field, full[field] ?? null]));
}
