import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import * as record from './record/Record.resource';
import * as store from './store/Store.resource';

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

/** Runs the chosen operation for each item; one item's failure stays with that item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = handlers[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			returnData.push(...(await handler.call(this, itemIndex, items[itemIndex])));
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push(errorItem(error as Error, itemIndex));
				continue;
			}
			if (error instanceof NodeOperationError || (error as { context?: unknown }).context) {
				(error as { context: Record<string, unknown> }).context.itemIndex ??= itemIndex;
				throw error;
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [returnData];
}
