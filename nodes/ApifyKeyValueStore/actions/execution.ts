import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { KeyValueStoreApi, type CallOptions, type TransportSettings } from '../api';
import { itemParameters, type ParameterReader } from '../shared/parameters';
import { readConcurrency, transportSettings } from '../shared/requestOptions';
import { readRecordTarget, readStore, type RecordTarget } from '../shared/target';

/**
 * One execution of the node: its input, its API client, the concurrency read once, and each
 * item's record target, read once for the write-order lanes and reused by the operation instead
 * of evaluating the parameters again.
 */
export class Execution {
	readonly api: KeyValueStoreApi;

	readonly items: INodeExecutionData[];

	readonly concurrency: TransportSettings['concurrency'];

	private readonly targets = new Map<number, RecordTarget | Error>();

	constructor(readonly ctx: IExecuteFunctions) {
		this.api = new KeyValueStoreApi(ctx);
		this.items = ctx.getInputData();
		this.concurrency = readConcurrency(ctx);
	}

	/** The parameters of one item: its errors are that item's. */
	parameters(itemIndex: number): ParameterReader {
		return itemParameters(this.ctx, itemIndex);
	}

	/** The item's record target; a bad parameter throws here, every time it is asked for. */
	recordTarget(itemIndex: number): RecordTarget {
		let found = this.targets.get(itemIndex);
		if (found === undefined) {
			try {
				found = readRecordTarget(this.parameters(itemIndex));
			} catch (error) {
				found = error as Error;
			}
			this.targets.set(itemIndex, found);
		}
		if (found instanceof Error) throw found;
		return found;
	}

	/** The item's store, as named (an ID or a name), checked. */
	store(itemIndex: number): string {
		return readStore(this.parameters(itemIndex));
	}

	/** How the client calls for an item: the item (its errors are its own) and its request settings. */
	call(itemIndex: number): CallOptions {
		return { itemIndex, settings: transportSettings(this.parameters(itemIndex), this.concurrency) };
	}
}
