import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ApiSession } from '../transport';
import { readRecordTarget, type RecordTarget } from './target';

/**
 * One execution of the node: its input, its API session (credential read once, shared rate
 * gates), and each item's record target, read once for the write-order lanes and reused by the
 * operation instead of evaluating the parameters again.
 */
export class NodeRun {
	readonly session: ApiSession;

	readonly items: INodeExecutionData[];

	private readonly targets = new Map<number, RecordTarget | Error>();

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
}
