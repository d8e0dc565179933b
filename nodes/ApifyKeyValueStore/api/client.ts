import { NodeOperationError } from 'n8n-workflow';
import {
	apifyJson,
	apifyRequest,
	checkBaseUrlFix,
	type ApiAnswer,
	type ApiCall,
	ApiSession,
	type Context,
	type TransportSettings,
} from '../transport/transport';
import type { StoreTarget } from '../helpers/runScope';
import { KeyValueStoreClient } from './keyValueStore';
import { RunCollectionsClient } from './runCollections';
import { RunStoreFinder } from './runStores';
import { StoreCollectionClient } from './storeCollection';
import { StoreInfoCache, type StoreInfo } from './storeInfo';

/** Per call: the item it is for (its errors are that item's), and that item's request settings. */
export interface CallOptions {
	itemIndex: number;
	settings?: TransportSettings;
}

/**
 * The key-value-store API of one account, in the shape of apify-client's clients: `stores` for
 * the account's stores, `store(reference)` for everything about one store. Every operation,
 * picker and poll speaks to Apify through here, and only this layer speaks to the transport.
 * It keeps what an execution learns once: each store's ID and URL signing key.
 */
export class KeyValueStoreApi {
	readonly stores: StoreCollectionClient;

	readonly info: StoreInfoCache<CallOptions>;

	/** The account's runs, Actors and tasks, for the pickers. */
	readonly runs: RunCollectionsClient;

	/** Runs' default stores, found once per execution and run (or Actor's or task's last run). */
	readonly runStores: RunStoreFinder;

	/** The execution's session: its credential, secrets, byte budget and the process's gates. */
	readonly session: ApiSession;

	constructor(ctx: Context) {
		this.session = new ApiSession(ctx);
		this.stores = new StoreCollectionClient(this);
		this.runStores = new RunStoreFinder(this);
		this.runs = new RunCollectionsClient(this);
		this.info = new StoreInfoCache(
			async (reference, options) => await this.store(reference).readInfo(options),
		);
	}

	/** The client of one store: an ID, `username~store-name` or `~store-name`, checked before. */
	store(reference: string): KeyValueStoreClient {
		return new KeyValueStoreClient(this, reference);
	}

	/**
	 * The client of the store an item names: a store itself, or a run's default store (found once
	 * per execution, then addressed by the run's own paths and known by its ID).
	 */
	async storeOf(target: StoreTarget, options: CallOptions): Promise<KeyValueStoreClient> {
		if (target.kind === 'store') return this.store(target.reference);
		const found = await this.runStores.find(target, options);
		return new KeyValueStoreClient(this, found.storeId, found);
	}

	/** Whether the execution was cancelled (a picker's context has no execution to cancel). */
	cancelled(): boolean {
		return this.session.cancelSignal()?.aborted === true;
	}

	/** The checked Base URL of the execution's credential. */
	async baseUrl(options: CallOptions): Promise<string> {
		return (await this.session.connection(options.itemIndex)).baseUrl;
	}

	async request(call: Omit<ApiCall, 'itemIndex'>, options: CallOptions): Promise<ApiAnswer> {
		return await apifyRequest(
			this.session,
			{ ...call, itemIndex: options.itemIndex },
			options.settings,
		);
	}

	/** A JSON answer of the shape the call expects, with every secret the execution holds taken out. */
	json<T>(
		answer: ApiAnswer,
		call: { method: string; path: string },
		options: CallOptions,
		isShape: (value: unknown) => value is T,
		shape: string,
	): T {
		return apifyJson(
			this.session,
			answer,
			{ ...call, itemIndex: options.itemIndex },
			isShape,
			shape,
		);
	}

	/** The item's error for an answer the API should not give, with its fix. */
	problem(
		message: string,
		options: CallOptions,
		description = this.checkBaseUrl(),
	): NodeOperationError {
		return new NodeOperationError(this.session.ctx.getNode(), this.session.redact(message), {
			itemIndex: options.itemIndex,
			description,
		});
	}

	/** The fix for answers that do not look like the Apify API's: the Base URL in the user's credential. */
	checkBaseUrl(): string {
		return checkBaseUrlFix(this.session.credentialName());
	}

	/** The error for a listing the server left incomplete: nothing is taken from a partial list. */
	incompleteListing(path: string, problem: string, options: CallOptions): NodeOperationError {
		return this.problem(
			`Listing ${path} was not complete: ${problem}`,
			options,
			`Nothing was taken from the partial list. Try again; if it keeps happening, the server is not answering like the Apify API. ${this.checkBaseUrl()}`,
		);
	}

	/** The error for a listing that does not end as it should. */
	listingError(path: string, options: CallOptions): (problem: string) => Error {
		return (problem) =>
			this.problem(
				`Listing ${path} did not end: ${problem}`,
				options,
				`Use "Limit" (or a prefix) instead of "Return All". ${this.checkBaseUrl()}`,
			);
	}
}

export type { StoreInfo };
