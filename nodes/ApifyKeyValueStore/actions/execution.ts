import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import {
	KeyValueStoreApi,
	type CallOptions,
	type KeyValueStoreClient,
	type TransportSettings,
} from '../api';
import type { StoreTarget } from '../helpers/runScope';
import { isToolNodeType } from '../helpers/toolAnswer';
import { itemParameters, type ParameterReader } from '../shared/parameters';
import { readConcurrency, transportSettings } from '../shared/requestOptions';
import { readRecordTarget, readStoreTarget, type RecordTarget } from '../shared/target';

/**
 * One execution of the node: its input, its API client, the concurrency read once, and each
 * item's record target, read once for the write-order lanes and reused by the operation instead
 * of evaluating the parameters again.
 */
export class Execution {
	readonly api: KeyValueStoreApi;

	readonly items: INodeExecutionData[];

	readonly concurrency: TransportSettings['concurrency'];

	/** Whether the node runs as an AI agent's tool: what it outputs goes into the model's context. */
	readonly asTool: boolean;

	private readonly targets = new Map<number, RecordTarget | Error>();

	private readonly storeTargets = new Map<number, StoreTarget | Error>();

	constructor(readonly ctx: IExecuteFunctions) {
		this.api = new KeyValueStoreApi(ctx);
		this.items = ctx.getInputData();
		this.concurrency = readConcurrency(ctx);
		this.asTool = isToolNodeType(ctx.getNode().type);
	}

	/** The parameters of one item: its errors are that item's. */
	parameters(itemIndex: number): ParameterReader {
		return itemParameters(this.ctx, itemIndex);
	}

	/** The item's record target; a bad parameter throws here, every time it is asked for. */
	recordTarget(itemIndex: number): RecordTarget {
		return this.readOnce(this.targets, itemIndex, readRecordTarget);
	}

	/**
	 * The item's store ("Store Source": a store as named, or a run's), checked; a bad one throws,
	 * every time. An operation without Store Source (Update, Delete) reads its Store field alone.
	 */
	storeTarget(itemIndex: number): StoreTarget {
		return this.readOnce(this.storeTargets, itemIndex, readStoreTarget);
	}

	/** The client of the item's store (a run's store found once per execution). */
	async storeClient(
		itemIndex: number,
		target = this.storeTarget(itemIndex),
	): Promise<KeyValueStoreClient> {
		return await this.api.storeOf(target, this.call(itemIndex));
	}

	/**
	 * A parameter of an item read once (for the router's lanes and groups, then the operation),
	 * its error kept and thrown again each time it is asked for.
	 */
	private readOnce<T>(
		cache: Map<number, T | Error>,
		itemIndex: number,
		read: (reader: ParameterReader) => T,
	): T {
		let found = cache.get(itemIndex);
		if (found === undefined) {
			try {
				found = read(this.parameters(itemIndex));
			} catch (error) {
				found = error as Error;
			}
			cache.set(itemIndex, found);
		}
		if (found instanceof Error) throw found;
		return found;
	}

	/** How the client calls for an item: the item (its errors are its own) and its request settings. */
	call(itemIndex: number): CallOptions {
		return { itemIndex, settings: transportSettings(this.parameters(itemIndex), this.concurrency) };
	}
}
