import type { IDataObject } from 'n8n-workflow';
import {
	applyEvents,
	decodeSnapshot,
	diffSnapshots,
	encodeSnapshot,
	type KeyEvent,
	type KeyEventKind,
	type KeySizes,
} from '../helpers/keySnapshot';

/** The most keys the trigger watches in one store (or prefix, or collection): its state stays near 1 MB. */
export const MAX_WATCHED_KEYS = 100_000;
/**
 * Apify does not document which of a store's fields change on a write: the trigger lists the keys
 * when any of them moved, and every this many polls regardless, in case they move late.
 */
export const LIST_AT_LEAST_EVERY_POLLS = 60;

/** What the trigger keeps in the workflow's static data between polls. */
export interface TriggerState {
	/** The store (as named: an ID or a name), prefix and collection watched: when they change, a new baseline is taken. */
	scope?: string;
	/** The store's ID, modifiedAt and write and delete counts at the last listing. */
	fingerprint?: string;
	/** Every watched key and its size (see keySnapshot.ts). */
	keys?: string;
	/** Polls since the keys were last listed. */
	polls?: number;
	/** Events past the per-poll cap wait for the next poll, which must list again. */
	pending?: boolean;
}

/**
 * Why the state in static data cannot be read (a field of another type, a key list that does not
 * decode), or undefined when it can: static data travels with an exported workflow, so hand edits
 * happen. An unreadable state is dropped for a new baseline.
 */
export function stateProblem(state: IDataObject): string | undefined {
	const wrong = (name: string, ok: boolean) =>
		ok ? undefined : `"${name}" is ${JSON.stringify(state[name])?.slice(0, 40)}`;
	const optional = (name: string, type: string) =>
		wrong(name, state[name] === undefined || typeof state[name] === type);
	return (
		optional('scope', 'string') ??
		optional('fingerprint', 'string') ??
		optional('pending', 'boolean') ??
		wrong(
			'polls',
			state.polls === undefined || (Number.isInteger(state.polls) && (state.polls as number) >= 0),
		) ??
		wrong('keys', state.keys === undefined || decodeSnapshot(state.keys) !== undefined)
	);
}

/** The store's fields that move when its records do (or when it is a new store): what a poll compares first. */
export function fingerprintOf(store: IDataObject): string {
	const stats = (store.stats ?? {}) as IDataObject;
	return JSON.stringify([store.id, store.modifiedAt, stats.writeCount, stats.deleteCount]);
}

/** Whether this poll can end with one request: nothing moved, nothing pending, and a listing was recent. */
export function idle(state: TriggerState, scope: string, fingerprint: string): boolean {
	return (
		state.scope === scope &&
		state.fingerprint === fingerprint &&
		!state.pending &&
		(state.polls ?? 0) < LIST_AT_LEAST_EVERY_POLLS &&
		decodeSnapshot(state.keys) !== undefined
	);
}

/** The outcome of comparing a listing with what the trigger knew. */
export interface Comparison {
	/** The events to output now, in key order. */
	events: KeyEvent[];
	/** The state to keep once they are output. */
	next: TriggerState;
}

/**
 * Compares a listing with the state: the first listing of a scope is the baseline (no events);
 * after it, the chosen kinds of event up to the cap. Events of kinds not chosen are taken as seen,
 * so they never pile up; chosen ones past the cap wait for the next poll.
 */
export function compare(
	state: TriggerState,
	scope: string,
	fingerprint: string,
	now: KeySizes,
	chosen: readonly KeyEventKind[],
	cap: number,
): Comparison {
	const known = state.scope === scope ? decodeSnapshot(state.keys) : undefined;
	const base = { scope, fingerprint, polls: 0 };
	if (!known) return { events: [], next: { ...base, keys: encodeSnapshot(now) } };
	const all = diffSnapshots(known, now);
	const wanted = all.filter((event) => chosen.includes(event.event));
	const events = wanted.slice(0, cap);
	const unwanted = all.filter((event) => !chosen.includes(event.event));
	const seen = applyEvents(known, [...unwanted, ...events]);
	return {
		events,
		next: { ...base, keys: encodeSnapshot(seen), pending: wanted.length > cap },
	};
}
