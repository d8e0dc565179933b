import { STORE_ID } from '../helpers/storeReference';

/** What an execution learns of a store from one Get Store: its ID, and its URL signing key if the token may read it. */
export interface StoreInfo {
	id: string;
	signingKey?: string;
}

/** A lookup's outcome, as every check's (Checked): the store's info, or the error that kept it. */
export type StoreInfoResult = { ok: true; value: StoreInfo } | { ok: false; error: Error };

/**
 * Each store's ID and signing key, read once per execution and reference (success or failure alike:
 * a store the token cannot read is not asked about again for every item).
 */
export class StoreInfoCache<O> {
	private readonly known = new Map<string, Promise<StoreInfoResult>>();

	/** The IDs of the names looked up so far. */
	private readonly ids = new Map<string, string>();

	constructor(private readonly read: (reference: string, options: O) => Promise<StoreInfo>) {}

	async lookup(reference: string, options: O): Promise<StoreInfoResult> {
		let found = this.known.get(reference);
		if (!found) {
			found = this.read(reference, options).then(
				(value): StoreInfoResult => {
					this.ids.set(reference, value.id);
					return { ok: true, value };
				},
				(error: Error): StoreInfoResult => ({ ok: false, error }),
			);
			this.known.set(reference, found);
		}
		return await found;
	}

	/**
	 * The key a store's pace is kept under: its ID, so a store named by its ID and by "~name" in one
	 * execution takes turns at one budget. A name is looked up once; when that fails, the name stands in.
	 */
	async paceKey(reference: string, options: O): Promise<string> {
		if (STORE_ID.test(reference)) return reference;
		const found = await this.lookup(reference, options);
		return found.ok ? found.value.id : reference;
	}

	/** The pace key when it is known without a request: an ID, or a name already looked up. */
	knownPaceKey(reference: string): string | undefined {
		return STORE_ID.test(reference) ? reference : this.ids.get(reference);
	}

	/** What another call learnt of a store (Get Store's answer): later calls need not ask again. */
	learn(reference: string, info: StoreInfo): void {
		if (this.ids.has(reference)) return;
		this.known.set(reference, Promise.resolve({ ok: true, value: info }));
		this.ids.set(reference, info.id);
	}
}
