import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	ApiSession,
	KeyValueStoreApi,
	type CallOptions,
	type KeyValueStoreClient,
	type TransportSettings,
} from '../api';
import { itemParameters } from './parameters';
import { runConcurrency, transportSettings } from './settings';
import { readRecordTarget, type RecordTarget, type StoreTarget } from './target';

/**
 * One execution of the node: its input, its API session and client, the concurrency read once,
 * and each item's record target, read once for the write-order lanes and reused by the
 * operation instead of evaluating the parameters again.
 */
export class NodeRun {
	readonly session: ApiSession;

	readonly api: KeyValueStoreApi;

	readonly items: INodeExecutionData[];

	readonly concurrency: TransportSettings['concurrency'];

	private readonly targets = new Map<number, RecordTarget | Error>();

	constructor(readonly ctx: IExecuteFunctions) {
		this.session = new ApiSession(ctx);
		this.api = new KeyValueStoreApi(this.session);
		this.items = ctx.getInputData();
		this.concurrency = runConcurrency(ctx);
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

	/** How the client calls for an item: the item (its errors are its own) and its request settings. */
	call(itemIndex: number): CallOptions {
		const reader = itemParameters(this.ctx, itemIndex);
		return { itemIndex, settings: transportSettings(reader, this.concurrency) };
	}

	/** The client of the item's store. */
	store(target: StoreTarget): KeyValueStoreClient {
		return this.api.store(target.reference);
	}
}
