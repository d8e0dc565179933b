import { STORE_ID } from '../helpers/storeReference';

/** What a run learns of a store from one Get Store: its ID, and its URL signing key if the token may read it. */
export interface StoreInfo {
	id: string;
	signingKey?: string;
}

export type StoreInfoResult = { ok: true; info: StoreInfo } | { ok: false; error: Error };

/**
 * Each store's ID and signing key, read once per run and reference (success or failure alike:
 * a store the token cannot read is not asked about again for every item).
 */
export class StoreInfoCache<O> {
	private readonly known = new Map<string, Promise<StoreInfoResult>>();

	constructor(private readonly read: (reference: string, options: O) => Promise<StoreInfo>) {}

	async lookup(reference: string, options: O): Promise<StoreInfoResult> {
		let found = this.known.get(reference);
		if (!found) {
			found = this.read(reference, options).then(
				(info): StoreInfoResult => ({ ok: true, info }),
				(error: Error): StoreInfoResult => ({ ok: false, error }),
			);
			this.known.set(reference, found);
		}
		return await found;
	}

	/**
	 * The key a store's pace is kept under: its ID, so a store named by its ID and by "~name" in one
	 * run takes turns at one budget. A name is looked up once; when that fails, the name stands in.
	 */
	async paceKey(reference: string, options: O): Promise<string> {
		if (STORE_ID.test(reference)) return reference;
		const found = await this.lookup(reference, options);
		return found.ok ? found.info.id : reference;
	}
}
