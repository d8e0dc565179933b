import { accepted, refused, type Checked } from './checked';
import { quote } from './quote';
import { STORE_ID_SOURCE, STORE_NAME_SOURCE, USERNAME_SOURCE } from './storeReference';

/**
 * A store reached through an Actor run, as apify-client's `run(id).keyValueStore()` and
 * `actor(id).lastRun({ status }).keyValueStore()` reach it: a run's own default store, or that of
 * the last run of an Actor or a task (with a status, or of any status).
 */
export type RunScope =
	| { kind: 'run'; runId: string }
	| { kind: 'lastRun'; of: 'actor' | 'task'; id: string; status: RunStatus | '' };

/** The run statuses Apify filters "last run" by, as the API spells them, with their names. */
export const RUN_STATUSES = {
	SUCCEEDED: 'Succeeded',
	FAILED: 'Failed',
	'TIMED-OUT': 'Timed Out',
	ABORTED: 'Aborted',
	RUNNING: 'Running',
	READY: 'Ready',
} as const;

export type RunStatus = keyof typeof RUN_STATUSES;

export const DEFAULT_RUN_STATUS: RunStatus = 'SUCCEEDED';

const RUN_ID = new RegExp(`^${STORE_ID_SOURCE}$`);
/** An Actor's or task's ID, or `username~name` (the forms Apify's paths take). */
export const ACTOR_REFERENCE_SOURCE = `${STORE_ID_SOURCE}|${USERNAME_SOURCE}~${STORE_NAME_SOURCE}`;
const ACTOR_REFERENCE = new RegExp(`^(${ACTOR_REFERENCE_SOURCE})$`);

const OWNER_WORD = { actor: 'Actor', task: 'task' } as const;

/** A run ID, checked. */
export function checkRunId(input: unknown): Checked<string> {
	const id = typeof input === 'string' ? input.trim() : '';
	if (RUN_ID.test(id)) return accepted(id);
	return refused(
		id
			? `${quote(id)} is not an Actor run ID (17 letters and digits). Copy it from the run's page in Apify Console, or pick the run from the list.`
			: 'No Actor run is set. Give the run ID, or pick the run from the list.',
	);
}

/** An Actor's or task's ID or `username~name`, checked. */
export function checkActorReference(input: unknown, of: 'actor' | 'task'): Checked<string> {
	const reference = typeof input === 'string' ? input.trim() : '';
	const word = OWNER_WORD[of];
	if (ACTOR_REFERENCE.test(reference)) return accepted(reference);
	const forms = `Use the ${word}'s ID or "username~${of}-name", or pick it from the list.`;
	return refused(
		reference
			? `${quote(reference)} is not ${of === 'actor' ? 'an' : 'a'} ${word} ID or "username~name". ${forms}`
			: `No ${word} is set. ${forms}`,
	);
}

/** The API path that answers with the scope's run, and its query (the status filter). */
export function runScopeRequest(scope: RunScope): { path: string; qs: Record<string, string> } {
	if (scope.kind === 'run') {
		return { path: `/v2/actor-runs/${encodeURIComponent(scope.runId)}`, qs: {} };
	}
	const owner = scope.of === 'actor' ? 'actors' : 'actor-tasks';
	const qs: Record<string, string> = scope.status ? { status: scope.status } : {};
	return { path: `/v2/${owner}/${encodeURIComponent(scope.id)}/runs/last`, qs };
}

/** The API path of the Actor or task a "last run" scope names. */
export function runOwnerPath(scope: Extract<RunScope, { kind: 'lastRun' }>): string {
	const owner = scope.of === 'actor' ? 'actors' : 'actor-tasks';
	return `/v2/${owner}/${encodeURIComponent(scope.id)}`;
}

/** The run-scoped path of a run's default store (`/v2/actor-runs/<run>/key-value-store`). */
export const runStorePath = (runId: string) =>
	`/v2/actor-runs/${encodeURIComponent(runId)}/key-value-store`;

/** How a status reads in a message: "succeeded", "timed-out". */
const statusWords = (status: RunStatus | '') => (status ? status.toLowerCase() : 'any-status');

/** The scope in words, for messages: `run "abc"`, `the last succeeded run of Actor "x"`. */
export function describeRunScope(scope: RunScope): string {
	if (scope.kind === 'run') return `Actor run ${quote(scope.runId)}`;
	return `the last ${statusWords(scope.status)} run of ${OWNER_WORD[scope.of]} ${quote(scope.id)}`;
}

/** A scope as one string: the key it is found and grouped under in an execution. */
export const runScopeKey = (scope: RunScope): string =>
	scope.kind === 'run' ? `run:${scope.runId}` : `last:${scope.of}:${scope.id}:${scope.status}`;

/** The store an item names: a store itself (an ID or a name, checked), or a run's store. */
export type StoreTarget = { kind: 'store'; reference: string } | RunScope;

/** The key items of one store target are grouped under (a store as named, or a run scope). */
export const storeTargetKey = (target: StoreTarget): string =>
	target.kind === 'store' ? target.reference : runScopeKey(target);
