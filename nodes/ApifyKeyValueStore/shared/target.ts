import { checkRecordKey } from '../helpers/recordKey';
import { checkStoreReference } from '../helpers/storeReference';
import type { ParameterReader } from './parameters';

/** Where an item's record lives: its store as the user named it, and its key. */
export interface RecordTarget {
	/** An ID, username~name or ~name. */
	store: string;
	key: string;
}

/**
 * The "Store" parameter, checked: the one reader of it, for the operations, the trigger's poll
 * and the pickers alike.
 */
export function readStore(reader: ParameterReader): string {
	const store = checkStoreReference(reader.get('storeId', true));
	if (!store.ok) throw reader.fail(store.problem);
	return store.value;
}

/** The "Record Key" parameter, checked. */
function readRecordKey(reader: ParameterReader): string {
	const raw = reader.get('recordKey', true);
	// An expression such as {{ $json.id }} may give a number: 42 is as good a key as "42".
	const key = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
	const checked = checkRecordKey(key);
	if (!checked.ok) throw reader.fail(checked.problem);
	return checked.value;
}

/** Reads and checks where the item's record lives: its store and its key. */
export function readRecordTarget(reader: ParameterReader): RecordTarget {
	return { store: readStore(reader), key: readRecordKey(reader) };
}
