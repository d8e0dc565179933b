import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { recordApiPath, recordKeyProblem, RECORD_KEY_RULE } from '../helpers/recordKey';
import { checkStoreReference, storeApiPath } from '../helpers/storeReference';

export interface StoreTarget {
	/** The store as the user gave it: an ID, username~name or ~name. */
	reference: string;
	/** /v2/key-value-stores/<store> */
	path: string;
}

export interface RecordTarget {
	store: StoreTarget;
	key: string;
	/** /v2/key-value-stores/<store>/records/<key> */
	path: string;
}

/** Reads the item's "Store" parameter and checks it. */
export function readStoreTarget(ctx: IExecuteFunctions, itemIndex: number): StoreTarget {
	const store = checkStoreReference(
		ctx.getNodeParameter('storeId', itemIndex, '', { extractValue: true }),
	);
	if (!store.ok) throw new NodeOperationError(ctx.getNode(), store.problem, { itemIndex });
	return { reference: store.reference, path: storeApiPath(store.reference) };
}

/** Reads the item's "Record Key" parameter and checks it. */
export function readRecordKey(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('recordKey', itemIndex, '', { extractValue: true }) as unknown;
	// An expression such as {{ $json.id }} may give a number: 42 is as good a key as "42".
	const key = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : (raw as string);
	const problem = recordKeyProblem(key);
	if (problem) throw new NodeOperationError(ctx.getNode(), problem, { itemIndex });
	return key;
}

/** Reads and checks where the item's record lives: its store, its key and its API path. */
export function readRecordTarget(ctx: IExecuteFunctions, itemIndex: number): RecordTarget {
	const store = readStoreTarget(ctx, itemIndex);
	const key = readRecordKey(ctx, itemIndex);
	const path = recordApiPath(store.path, key);
	if (!path) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The record key ${JSON.stringify(key)} would not address a record in a URL`,
			{
				itemIndex,
				description: `Use a key of ${RECORD_KEY_RULE}.`,
			},
		);
	}
	return { store, key, path };
}
