import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import * as record from './record/Record.resource';
import * as store from './store/Store.resource';
import { runOrdered } from '../helpers/orderedPool';
import { DEFAULT_CONCURRENCY } from './settings';

type OperationHandler = (this: IExecuteFunctions, itemIndex: number, item: INodeExecutionData) => Promise<INodeExecutionData[]>;

const handlers: Record<string, Record<string, OperationHandler>> = {
	record: {
		store: record.store.execute,
		get: record.get.execute,
		delete: record.delete.execute,
		exists: record.exists.execute,
		listKeys: record.listKeys.execute,
	},
	store: {
		get: store.get.execute,
		getOrCreate: store.getOrCreate.execute,
		list: store.list.execute,
	},
};

/** The error item for "Continue" and the error output: its message, what to do, and where. */
function errorItem(error: Error & { description?: string | null; httpCode?: string | null }, itemIndex: number): INodeExecutionData {
	return {
		json: {
			error: error.message,
			details: {
				description: error.description ?? null,
				httpCode: error.httpCode ?? null,
				itemIndex,
			},
		},
		pairedItem: { item: itemIndex },
	};
}

/** Items that write or read one record form a lane: they run in input order even in parallel. */
function laneOf(ctx: IExecuteFunctions, resource: string, itemIndex: number): string | undefined {
	if (resource !== 'record') return undefined;
	try {
		const store = ctx.getNodeParameter('storeId', itemIndex, '', { extractValue: true });
		const key = ctx.getNodeParameter('recordKey', itemIndex, '', { extractValue: true });
		return `${String(store)}\u0000${String(key)}`;
	} catch {
		return undefined; // the item fails on its own when it runs
	}
}

/**
 * Runs the chosen operation for each item, several at once as "Concurrency" says; outputs keep
 * the input order and one item's failure stays with that item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = handlers[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const concurrency = (this.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY) as number) || DEFAULT_CONCURRENCY;
	const outcomes = await runOrdered(
		items.length,
		concurrency,
		(itemIndex) => laneOf(this, resource, itemIndex),
		async (itemIndex) => {
			try {
				return { items: await handler.call(this, itemIndex, items[itemIndex]) };
			} catch (error) {
				return { error: error as Error };
			}
		},
	);
	const returnData: INodeExecutionData[] = [];
	for (const [itemIndex, outcome] of outcomes.entries()) {
		if (outcome.items) {
			returnData.push(...outcome.items);
			continue;
		}
		const error = outcome.error as Error;
		if (this.continueOnFail()) {
			returnData.push(errorItem(error, itemIndex));
			continue;
		}
		if (error instanceof NodeOperationError || (error as { context?: unknown }).context) {
			(error as unknown as { context: Record<string, unknown> }).context.itemIndex ??= itemIndex;
			throw error;
		}
		throw new NodeOperationError(this.getNode(), error, { itemIndex });
	}
	return [returnData];
}
