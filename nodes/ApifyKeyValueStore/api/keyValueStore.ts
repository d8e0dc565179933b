import type { IDataObject } from 'n8n-workflow';
import { cleanContentType } from '../helpers/mediaType';
import { recordApiPath } from '../helpers/recordKey';
import { storeApiPath } from '../helpers/storeReference';
import {
	defaults,
	headerValue,
	paginate,
	storeSigningKey,
	type ApiCall,
	type ByteStream,
	type CallSubject,
	type Page,
} from '../transport/transport';
import type { CallOptions, KeyValueStoreApi } from './client';
import { recordLink, storeContentLink, type PublicLink } from './publicLinks';
import { recordLocation, type StoredRecord } from './recordLocation';
import { isKeysPage, isStoreAnswer, storeOutput, type KeyItem, type StoreObject } from './shapes';
import type { StoreInfo } from './storeInfo';
import { checkDecoded, checkZip } from './answers';

/** What a body limit protects, for the message when an answer passes it. */
export type TooLarge = (limit: number) => { message: string; description: string };

/** Reading a whole record or archive: its size limit, and what to say past it. */
export interface ReadOptions extends CallOptions {
	maxBytes: number;
	tooLarge: TooLarge;
}

/** The query of a key listing (and of a key list's public link). */
export interface KeyQuery {
	prefix?: string;
	collection?: string;
}

/** A record as read: its bytes, decoded, and its content type. */
export interface RecordRead {
	body: Buffer;
	contentType: string;
}

/**
 * A record to store: its headers, the bytes it holds in memory until sent (a decoded file, a
 * compressed copy), and `prepare`, called once the execution's byte budget has room for them, which
 * gives the body's opener (called afresh for each attempt: a stream can be sent only once).
 */
export interface RecordWrite {
	headers: Record<string, string>;
	holdBytes: number;
	prepare: () => Promise<() => Promise<Buffer | ByteStream>>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

const queryOf = (query: KeyQuery): Record<string, string> => {
	const qs: Record<string, string> = {};
	if (query.prefix) qs.prefix = query.prefix;
	if (query.collection) qs.collection = query.collection;
	return qs;
};

/** Everything about one key-value store: apify-client's KeyValueStoreClient. */
export class KeyValueStoreClient {
	/** Where its requests go: /v2/key-value-stores/<store>, or a run's /v2/actor-runs/<run>/key-value-store. */
	readonly path: string;

	/**
	 * @param reference An ID, `username~store-name` or `~store-name`; a run's store by its ID.
	 * @param run The run whose default store this is, reached by the run's own paths.
	 */
	constructor(
		private readonly api: KeyValueStoreApi,
		readonly reference: string,
		run?: { runId: string; path: string },
	) {
		this.path = run?.path ?? storeApiPath(reference);
		this.runOrigin = run && { storeId: reference, runId: run.runId };
	}

	/** For a run's store, its ID and the run's, which the outputs name (the user named only the run). */
	readonly runOrigin?: { storeId: string; runId: string };

	/** The API path of one of the store's records (the key checked by the caller). */
	recordPath(key: string): string {
		const path = recordApiPath(this.path, key);
		if (!path) throw new Error(`The record key ${JSON.stringify(key)} has no API path`);
		return path;
	}

	/**
	 * A call about the store itself or its listings, paced as Apify's store endpoints under the
	 * store's ID, so every name of the store shares one pace (a name is looked up once per
	 * execution). `paceUnder` sets the key instead: Get Store, which is how a name is looked up.
	 */
	private async storeCall(
		call: Omit<ApiCall, 'itemIndex' | 'pace'>,
		options: CallOptions,
		paceUnder?: string,
	) {
		const store = paceUnder ?? (await this.api.info.paceKey(this.reference, options));
		const subject = this.subject();
		return await this.api.request({ ...call, subject, pace: { store, records: false } }, options);
	}

	/** A call about one record: paced under the store's ID, so every name of the store shares it. */
	private async recordCall(
		key: string,
		call: Omit<ApiCall, 'itemIndex' | 'pace' | 'path'>,
		options: CallOptions,
	) {
		const store = await this.api.info.paceKey(this.reference, options);
		const path = this.recordPath(key);
		const subject = this.subject(key);
		return await this.api.request(
			{ ...call, path, subject, pace: { store, records: true } },
			options,
		);
	}

	/** What a call is about, as the user named it: the store (or the run), and the record's key. */
	private subject(key?: string): CallSubject {
		return { store: this.reference, run: this.runOrigin?.runId, key };
	}

	/**
	 * Get Store, once: its ID and signing key learnt for the rest of the execution (the key kept as
	 * a secret), and the store as the node outputs it (without the key). Paced under the ID when it
	 * is known; a name's first Get Store is its look-up.
	 */
	private async getStore(options: CallOptions) {
		const call = { method: 'GET' as const, path: this.path };
		const pace = this.api.info.knownPaceKey(this.reference) ?? this.reference;
		const answer = await this.storeCall(call, options, pace);
		const signingKey = storeSigningKey(answer);
		this.api.session.addSecret(signingKey);
		const { data } = this.api.json(answer, call, options, isStoreAnswer, 'data with the store');
		const info = { id: data.id, signingKey };
		this.api.info.learn(this.reference, info);
		return { info, store: storeOutput(data) as StoreObject };
	}

	/** Get Store, as the node outputs it (without the signing key). */
	async get(options: CallOptions): Promise<StoreObject> {
		return (await this.getStore(options)).store;
	}

	/** Get Store for the execution's own use: the ID, and the signing key as sent, to sign links with. */
	async readInfo(options: CallOptions): Promise<StoreInfo> {
		return (await this.getStore(options)).info;
	}

	/** Update Store: the fields given (name, title, general access); the updated store. */
	async update(fields: IDataObject, options: CallOptions): Promise<StoreObject> {
		const call = { method: 'PUT' as const, path: this.path };
		const body = Buffer.from(JSON.stringify(fields));
		const answer = await this.storeCall({ ...call, headers: JSON_HEADERS, body }, options);
		const { data } = this.api.json(answer, call, options, isStoreAnswer, 'data with the store');
		return storeOutput(data) as StoreObject;
	}

	async delete(options: CallOptions): Promise<void> {
		await this.storeCall({ method: 'DELETE', path: this.path }, options);
	}

	/**
	 * Download Records: the store's records (or some of them) as one ZIP archive, handed to `keep`
	 * while the execution's byte budget holds its size, so archives are not held in memory all at once.
	 */
	async downloadRecords<T>(
		query: KeyQuery,
		options: ReadOptions,
		keep: (archive: Buffer) => Promise<T>,
	): Promise<T> {
		return await this.withBytes(options.maxBytes, async () => {
			const { maxBytes, tooLarge } = options;
			const call = { method: 'GET' as const, path: `${this.path}/records`, qs: queryOf(query) };
			const answer = await this.storeCall(
				{ ...call, maxBytes, tooLarge, followRedirects: true },
				options,
			);
			checkZip(this.api, answer, call, options);
			return await keep(answer.body);
		});
	}

	/** Runs `work` while the execution's byte budget holds `bytes` for it (nothing for 0). */
	private async withBytes<T>(bytes: number, work: () => Promise<T>): Promise<T> {
		const { session } = this.api;
		const held = bytes > 0 ? await session.bytes.reserve(bytes, session.cancelSignal()) : undefined;
		try {
			return await work();
		} finally {
			held?.release();
		}
	}

	/** One page of the store's keys, from after `start`. */
	async keysPage(
		query: KeyQuery,
		start: string | undefined,
		limit: number,
		options: CallOptions,
	): Promise<Page<KeyItem, string>> {
		const call = { method: 'GET' as const, path: `${this.path}/keys` };
		const qs: IDataObject = { ...queryOf(query), limit };
		if (start) qs.exclusiveStartKey = start;
		const answer = await this.storeCall({ ...call, qs }, options);
		const { data } = this.api.json(
			answer,
			call,
			options,
			isKeysPage,
			'data.items with a key for each',
		);
		const cursor = data.nextExclusiveStartKey;
		const next = typeof cursor === 'string' && cursor ? cursor : undefined;
		if (data.isTruncated !== true) return { items: data.items, next: undefined };
		// A page that says the list goes on but gives no way on would end the listing short, and
		// a short list taken as the whole store reports every key it missed as deleted.
		if (data.items.length === 0 || next === undefined) {
			const gave = data.items.length === 0 ? 'no keys on the page' : 'no cursor to the next page';
			throw this.api.incompleteListing(
				`${this.path}/keys`,
				`the server said it goes on but gave ${gave}`,
				options,
			);
		}
		return { items: data.items, next };
	}

	/** The store's keys, page after page, up to `limit` (Infinity for all). */
	async listKeys(
		query: KeyQuery,
		start: string | undefined,
		limit: number,
		options: CallOptions,
	): Promise<KeyItem[]> {
		return await paginate<KeyItem, string>(
			async (cursor, want) => await this.keysPage(query, cursor, want, options),
			{
				start,
				limit,
				pageSize: defaults.LIST_PAGE_SIZE,
				fail: this.api.listingError(`${this.path}/keys`, options),
			},
		);
	}

	/**
	 * Get Record, decoded, with `attachment=true` (as apify-client asks, so the API leaves HTML as
	 * written), following a redirect to pre-signed object storage without the token. Undefined
	 * for a missing record when `ifMissing` is "flag".
	 */
	async getRecord(
		key: string,
		options: ReadOptions & { ifMissing: 'error' | 'flag' },
	): Promise<RecordRead | undefined> {
		const { maxBytes, tooLarge } = options;
		const answer = await this.recordCall(
			key,
			{
				method: 'GET',
				qs: { attachment: 'true' },
				notFoundIsAnswer: options.ifMissing === 'flag',
				maxBytes,
				tooLarge,
				followRedirects: true,
			},
			options,
		);
		if (answer.status === 404) return undefined;
		checkDecoded(this.api, answer, key, options);
		const contentType = this.api.session.redact(
			cleanContentType(headerValue(answer.headers, 'content-type')),
		);
		return { body: answer.body, contentType };
	}

	/**
	 * Set Record: the body prepared and sent while the execution's byte budget holds what it keeps in
	 * memory, so bodies of many items are not held all at once; where the record now is.
	 */
	async setRecord(key: string, write: RecordWrite, options: CallOptions): Promise<StoredRecord> {
		const answer = await this.withBytes(write.holdBytes, async () => {
			const body = await write.prepare();
			const call = { method: 'PUT' as const, headers: write.headers, body };
			return await this.recordCall(key, call, options);
		});
		const baseUrl = await this.api.baseUrl(options);
		// The store's own path (not a run's): where the record is, whichever way it was sent.
		const recordPath = recordApiPath(storeApiPath(this.reference), key) ?? this.recordPath(key);
		return recordLocation(
			baseUrl,
			this.reference,
			key,
			recordPath,
			headerValue(answer.headers, 'location'),
		);
	}

	async deleteRecord(key: string, options: CallOptions): Promise<void> {
		await this.recordCall(key, { method: 'DELETE' }, options);
	}

	/** Whether a record exists (HEAD: a missing store also says no, as HEAD cannot tell them apart). */
	async recordExists(key: string, options: CallOptions): Promise<boolean> {
		const answer = await this.recordCall(key, { method: 'HEAD', notFoundIsAnswer: true }, options);
		return answer.status !== 404;
	}

	/** A record's public link (one Get Store per store and execution, for its ID and signing key). */
	async recordPublicUrl(key: string, options: CallOptions, knownId?: string): Promise<PublicLink> {
		const store = await this.api.info.lookup(this.reference, options);
		return recordLink(await this.api.baseUrl(options), store, knownId ?? this.reference, key);
	}

	/** A link to the store's key list or records archive, signed to expire after `expiresInSecs` (0: never). */
	async contentPublicUrl(
		content: 'keys' | 'records',
		query: KeyQuery,
		expiresInSecs: number,
		options: CallOptions,
	): Promise<PublicLink> {
		const store = await this.api.info.lookup(this.reference, options);
		const expiresAt = expiresInSecs > 0 ? Date.now() + expiresInSecs * 1000 : 0;
		const baseUrl = await this.api.baseUrl(options);
		return storeContentLink(baseUrl, store, this.reference, content, queryOf(query), expiresAt);
	}
}
