import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ApiSession, apifyRequest, type ApiAnswer, type ApiCall } from '../transport';
import { transportSettings } from './settings';
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
}
