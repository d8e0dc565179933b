import { checkRecordKey } from '../helpers/recordKey';
import {
	checkActorReference,
	checkRunId,
	DEFAULT_RUN_STATUS,
	RUN_STATUSES,
	type RunStatus,
	type StoreTarget,
} from '../helpers/runScope';
import { checkStoreReference } from '../helpers/storeReference';
import { readChoice, type ParameterReader } from './parameters';
import { STORE_SOURCES } from './storeSource';

/** Where an item's record lives: its store as the user named it (or a run's), and its key. */
export interface RecordTarget {
	store: StoreTarget;
	key: string;
}

/**
 * The "Store" parameter, checked: the one reader of it, for the operations, the trigger's poll
 * and the pickers alike.
 */
export function readStore(reader: ParameterReader): string {
	return checkedParameter(reader, 'storeId', checkStoreReference);
}

/** A checked value of a parameter, or the item's error with the fix. */
function checkedParameter<T>(
	reader: ParameterReader,
	name: string,
	check: (input: unknown) => { ok: true; value: T } | { ok: false; problem: string },
): T {
	const checked = check(reader.get(name, true));
	if (!checked.ok) throw reader.fail(checked.problem);
	return checked.value;
}

const RUN_STATUS_CHOICES = [...Object.keys(RUN_STATUSES), ''] as Array<RunStatus | ''>;

/**
 * "Store Source" and what it shows: a store (the Store field), an Actor run, or the last run of an
 * Actor or task with its status. Workflows saved before it existed read as "Store".
 */
export function readStoreTarget(reader: ParameterReader): StoreTarget {
	const source = readChoice(reader, 'storeSource', 'Store Source', STORE_SOURCES, 'store');
	switch (source) {
		case 'store':
			return { kind: 'store', reference: readStore(reader) };
		case 'run':
			return { kind: 'run', runId: checkedParameter(reader, 'runId', checkRunId) };
		case 'actorLastRun':
		case 'taskLastRun': {
			const of = source === 'actorLastRun' ? 'actor' : 'task';
			const name = of === 'actor' ? 'actorId' : 'actorTaskId';
			const id = checkedParameter(reader, name, (input) => checkActorReference(input, of));
			const status = readChoice(
				reader,
				'runStatus',
				'Run Status',
				RUN_STATUS_CHOICES,
				DEFAULT_RUN_STATUS,
			);
			return { kind: 'lastRun', of, id, status };
		}
	}
}

/** The "Record Key" parameter, checked. */
function readRecordKey(reader: ParameterReader): string {
	// An expression such as {{ $json.id }} may give a number: 42 is as good a key as "42".
	return checkedParameter(reader, 'recordKey', (raw) =>
		checkRecordKey(typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw),
	);
}

/** Reads and checks where the item's record lives: its store and its key. */
export function readRecordTarget(reader: ParameterReader): RecordTarget {
	return { store: readStoreTarget(reader), key: readRecordKey(reader) };
}
