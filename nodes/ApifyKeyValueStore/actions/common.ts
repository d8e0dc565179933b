import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { recordKeyProblem } from '../helpers/recordKey';
import { checkStoreReference, storePathSegment } from '../helpers/storeReference';

/** The item's store, checked, as a path: /v2/key-value-stores/<store>. */
export function storePath(ctx: IExecuteFunctions, itemIndex: number): { reference: string; path: string } {
	const store = checkStoreReference(ctx.getNodeParameter('storeId', itemIndex, '', { extractValue: true }));
	if (!store.ok) throw new NodeOperationError(ctx.getNode(), store.problem, { itemIndex });
	return { reference: store.reference, path: `/v2/key-value-stores/${storePathSegment(store.reference)}` };
}

/** The item's record key, checked. */
export function recordKey(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('recordKey', itemIndex, '', { extractValue: true }) as unknown;
	// An expression such as {{ $json.id }} may give a number: 42 is as good a key as "42".
	const key = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : (raw as string);
	const problem = recordKeyProblem(key);
	if (problem) throw new NodeOperationError(ctx.getNode(), problem, { itemIndex });
	return key;
}

/** Where a record lives: its store and key, checked, and its API path. */
export function recordPath(ctx: IExecuteFunctions, itemIndex: number) {
	const store = storePath(ctx, itemIndex);
	const key = recordKey(ctx, itemIndex);
	return { store: store.reference, key, path: `${store.path}/records/${encodeURIComponent(key)}` };
}
