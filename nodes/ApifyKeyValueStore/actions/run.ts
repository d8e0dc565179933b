import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ApiSession, apifyJson, apifyRequest, type ApiAnswer, type ApiCall } from '../transport';
import { recordPublicUrl } from '../helpers/signing';
import { transportSettings } from './settings';
import { isStoreAnswer } from './listing';
import { readRecordTarget, type RecordTarget, type StoreTarget } from './target';

/**
 * One execution of the node: its input, its API session (Base URL checked once, shared rate
 * gates), and each item's record target, read once for the write-order lanes and reused by the
 * operation instead of evaluating the parameters again.
 */
export class NodeRun {
	readonly session: ApiSession;

	readonly items: INodeExecutionData[];

	private readonly targets = new Map<number, RecordTarget | Error>();

	private readonly signing = new Map<string, Promise<{ id: string; secret?: string }>>();

	constructor(readonly ctx: IExecuteFunctions) {
		this.session = new ApiSession(ctx);
		this.items = ctx.getInputData();
	}

	/** The item's record target; a bad parameter throws here, every time it is asked for. */
	recordTarget(itemIndex: number): RecordTarget {
		let found = this.targets.get(itemIndex);
		if (found === undefined) {
			try {
				found = readRecordTarget(this.ctx, itemIndex);
			} catch (error) {
				found = error as Error;
			}
			this.targets.set(itemIndex, found);
		}
		if (found instanceof Error) throw found;
		return found;
	}

	/**
	 * A request about the item's record: its checked path, its store's record pacing and the
	 * item's request settings, around whatever the operation adds (method, body, headers, limits).
	 */
	async recordRequest(
		itemIndex: number,
		call: Omit<ApiCall, 'path' | 'itemIndex' | 'pace'>,
	): Promise<{ target: RecordTarget; answer: ApiAnswer }> {
		const target = this.recordTarget(itemIndex);
		const settings = transportSettings(this.ctx, itemIndex);
		const pace = { store: target.store.reference, records: true };
		const answer = await apifyRequest(
			this.session,
			{ ...call, path: target.path, itemIndex, pace },
			settings,
		);
		return { target, answer };
	}

	/** A request about a store (not one of its records): paced as Apify's other store endpoints, with the item's settings. */
	async storeRequest(
		store: StoreTarget,
		itemIndex: number,
		call: Omit<ApiCall, 'itemIndex' | 'pace'>,
	): Promise<ApiAnswer> {
		const pace = { store: store.reference, records: false };
		return await apifyRequest(
			this.session,
			{ ...call, itemIndex, pace },
			transportSettings(this.ctx, itemIndex),
		);
	}

	/** Get Store: the store object, shape-checked (its signing secret included, for those who may read it). */
	async getStore(store: StoreTarget, itemIndex: number): Promise<IDataObject & { id: string }> {
		const request = { method: 'GET' as const, path: store.path };
		const answer = await this.storeRequest(store, itemIndex, request);
		return apifyJson(
			this.session,
			answer,
			{ ...request, itemIndex },
			isStoreAnswer,
			'data with the store',
		).data;
	}

	/**
	 * The public URL of a record, signed with its store's URL signing key (read once per store and
	 * run with Get Store). A token that may not read the key gets the unsigned URL, and the item says so.
	 */
	async publicUrl(store: StoreTarget, key: string, itemIndex: number): Promise<IDataObject> {
		let found = this.signing.get(store.reference);
		if (!found) {
			found = this.getStore(store, itemIndex).then((data) => {
				const secret =
					typeof data.urlSigningSecretKey === 'string' && data.urlSigningSecretKey
						? data.urlSigningSecretKey
						: undefined;
				return { id: data.id, secret };
			});
			this.signing.set(store.reference, found);
			found.catch(() => this.signing.delete(store.reference));
		}
		const { id, secret } = await found;
		const { baseUrl } = await this.session.connection(itemIndex);
		const publicUrl = recordPublicUrl(baseUrl, id, key, secret);
		if (secret) return { publicUrl };
		return {
			publicUrl,
			publicUrlSigned: false,
			publicUrlNote:
				"The API token cannot read this store's URL signing key (Apify gives it only to tokens that may write to the store), so the URL is not signed: it opens only with a token, or when the store's general access lets anyone with its ID read.",
		};
	}
}
