import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { requestLimits } from '../api';
import { runOrdered, type TaskKeys } from '../helpers/orderedPool';
import { storeTargetKey } from '../helpers/runScope';
import { Execution } from './execution';
import { findOperation, type Operation } from './operations';

type ItemError = NodeApiError | NodeOperationError;

function asItemError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

/**
 * The item for "Continue" and the error output: the error and what to do about it. Only these two
 * keys, because n8n 1.x moves an item to the error output only when its JSON is exactly { error }
 * or { error, message } with a message (2.x also takes "details", and replaces the JSON of an item that carries
 * an error object, losing the input data the error output merges in).
 */
function errorItem(error: ItemError, itemIndex: number): INodeExecutionData {
	const { description } = error as ItemError & { description?: string | null };
	// 1.x also wants "message" non-empty when it is there.
	const json = description
		? { error: error.message, message: description }
		: { error: error.message };
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * An item's lane and group: items of one record key share a lane and run in input order (a lane
 * is the key alone: store aliases cannot be told apart without asking the API, so writes to one
 * key keep their order whatever name they give the store); with Auto, items of one store (as
 * named) share a group. An item whose parameters do not read fails on its own when it runs.
 */
function itemKeysOf(execution: Execution, operation: Operation, auto: boolean) {
	// Whether the operation has a Store parameter: decided once, not for every item.
	const onOneStore = operation.properties.some((field) => field.name === 'storeId');
	return (itemIndex: number): TaskKeys => {
		try {
			if (operation.oneRecordPerItem) {
				const { key, store } = execution.recordTarget(itemIndex);
				return { lane: key, group: auto ? storeTargetKey(store) : undefined };
			}
			const group =
				auto && onOneStore ? storeTargetKey(execution.storeTarget(itemIndex)) : undefined;
			return { group };
		} catch {
			return {};
		}
	};
}

/**
 * An operation that runs once for every item: its output, or with "Continue" its error as one
 * item paired with every input item; undefined when it runs per item after all.
 */
async function runForAll(
	ctx: IExecuteFunctions,
	execution: Execution,
	executeAll: NonNullable<Operation['executeAll']>,
): Promise<INodeExecutionData[] | undefined> {
	try {
		return await executeAll.call(ctx, execution);
	} catch (error) {
		const itemError = asItemError(ctx, error, 0);
		if (!ctx.continueOnFail()) throw itemError;
		const failed = errorItem(itemError, 0);
		return [{ ...failed, pairedItem: execution.items.map((_, item) => ({ item })) }];
	}
}

/**
 * Runs the chosen operation for each item, several at once as "Concurrency" says; outputs keep
 * the input order and one item's failure stays with that item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const execution = new Execution(this);
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler: Operation | undefined = findOperation(resource, operation);
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation ${JSON.stringify(operation)} of ${JSON.stringify(resource)} is not supported`,
		);
	}
	if (handler.executeAll && execution.items.length > 0) {
		const all = await runForAll(this, execution, handler.executeAll);
		if (all) return [all];
	}
	const auto = execution.concurrency === 'auto';
	// Auto: each store's window decides how many of its requests are in flight; its items hold
	// places of their own, so a slow store's items waiting for its window never hold back another's.
	const limits = auto
		? { total: requestLimits.maxItemsInProgress, perGroup: requestLimits.maxInFlight }
		: { total: execution.concurrency as number };
	const keysOf = itemKeysOf(execution, handler, auto);
	const outcomes = await runOrdered(execution.items.length, limits, keysOf, async (itemIndex) => {
		try {
			// A cancelled execution starts no more items.
			if (execution.api.cancelled())
				throw new NodeOperationError(this.getNode(), 'The execution was cancelled');
			return { items: await handler.execute.call(this, execution, itemIndex) };
		} catch (error) {
			return { error: asItemError(this, error, itemIndex) };
		}
	});
	const returnData: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (outcome.items) {
			returnData.push(...outcome.items);
		} else if (this.continueOnFail()) {
			returnData.push(errorItem(outcome.error, itemIndex));
		} else {
			throw outcome.error;
		}
	}
	return [returnData];
}
