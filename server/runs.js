// @ts-check
'use strict';
// Actors, tasks and their runs, as far as a run's default key-value store needs them: made through
// the test routes (this server runs no Actors), each run with a store of its own, kept in memory.
const { ApiError } = require('./api-error');
const { newId } = require('./ids');

/**
 * @typedef {{ id: string, userId: string, username: string, name: string, title: string | null, isPublic: boolean, createdAt: string, modifiedAt: string }} Actor
 * @typedef {Omit<Actor, 'isPublic'> & { actId: string }} Task
 * @typedef {{ id: string, actId: string, actorTaskId: string | null, userId: string, status: string, startedAt: string, finishedAt: string | null, defaultKeyValueStoreId: string, defaultDatasetId: string, defaultRequestQueueId: string }} Run
 * @typedef {import('./context').TokenUser} TokenUser
 */

const RUN_STATUSES = ['READY', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMING-OUT', 'TIMED-OUT', 'ABORTING', 'ABORTED'];
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'TIMED-OUT', 'ABORTED']);

const actorNotFound = () => new ApiError(404, 'record-not-found', 'Actor was not found');
const taskNotFound = () => new ApiError(404, 'record-not-found', 'Actor task was not found');
const runNotFound = () => new ApiError(404, 'record-not-found', 'Actor run was not found');

class RunRegistry {
	constructor() {
		/** @type {Map<string, Actor>} */
		this.actors = new Map();
		/** @type {Map<string, Task>} */
		this.tasks = new Map();
		/** @type {Map<string, Run>} */
		this.runs = new Map();
		this.lastMs = 0;
	}

	/** A creation time after every earlier one, so "newest first" and "last run" are exact. */
	now() {
		this.lastMs = Math.max(Date.now(), this.lastMs + 1);
		return new Date(this.lastMs).toISOString();
	}

	/**
	 * The user's own Actor, or, given another `username`, a public Actor of that user (as Apify's
	 * Store Actors are), which every user may run.
	 * @param {TokenUser} user @param {{ name: string, title?: string, username?: string }} fields
	 */
	createActor(user, { name, title, username }) {
		const now = this.now();
		const own = !username || username === user.username;
		/** @type {Actor} */
		const actor = {
			id: newId(),
			userId: own ? user.userId : newId(),
			username: own ? user.username : username,
			name,
			title: title ?? null,
			isPublic: !own,
			createdAt: now,
			modifiedAt: now,
		};
		this.actors.set(actor.id, actor);
		return actor;
	}

	/** @param {TokenUser} user @param {{ actorId: string, name: string, title?: string }} fields */
	createTask(user, { actorId, name, title }) {
		const actor = this.findActor(actorId, user);
		const now = this.now();
		/** @type {Task} */
		const task = { id: newId(), userId: user.userId, username: user.username, actId: actor.id, name, title: title ?? null, createdAt: now, modifiedAt: now };
		this.tasks.set(task.id, task);
		return task;
	}

	/**
	 * A run of an Actor or task, with the ID of its default store (made by the caller, or none yet).
	 * @param {TokenUser} user
	 * @param {{ actorId?: string, actorTaskId?: string, status?: string }} fields
	 * @param {string} storeId
	 */
	createRun(user, { actorId, actorTaskId, status = 'SUCCEEDED' }, storeId) {
		if (!RUN_STATUSES.includes(status)) throw new ApiError(400, 'invalid-input', `Status must be one of ${RUN_STATUSES.join(', ')}.`);
		const task = actorTaskId ? this.findTask(actorTaskId, user) : undefined;
		const actor = this.findActor(task ? task.actId : (actorId ?? ''), user);
		const startedAt = this.now();
		/** @type {Run} */
		const run = {
			id: newId(),
			actId: actor.id,
			actorTaskId: task ? task.id : null,
			userId: user.userId,
			status,
			startedAt,
			finishedAt: FINISHED.has(status) ? startedAt : null,
			defaultKeyValueStoreId: storeId,
			defaultDatasetId: newId(),
			defaultRequestQueueId: newId(),
		};
		this.runs.set(run.id, run);
		return run;
	}

	/**
	 * An Actor by ID or `username~name`, among those the user may see (its own).
	 * @param {string} ref
	 * @param {TokenUser} user
	 */
	findActor(ref, user) {
		const actor = findByRef(this.actors, ref);
		return actor && (actor.isPublic || actor.userId === user.userId) ? actor : throwError(actorNotFound());
	}

	/** @param {string} ref @param {TokenUser} user */
	findTask(ref, user) {
		const task = findByRef(this.tasks, ref);
		return task && task.userId === user.userId ? task : throwError(taskNotFound());
	}

	/** @param {string} id @param {TokenUser} user */
	findRun(id, user) {
		const run = this.runs.get(id);
		if (!run || run.userId !== user.userId) throw runNotFound();
		return run;
	}

	/**
	 * The last run (by start) of an Actor or task, with the status if one is given.
	 * @param {'actor' | 'task'} of
	 * @param {string} ref
	 * @param {string | null} status
	 * @param {TokenUser} user
	 */
	lastRun(of, ref, status, user) {
		if (status !== null && status !== '' && !RUN_STATUSES.includes(status)) {
			throw new ApiError(400, 'invalid-parameter', `Parameter "status" must be one of ${RUN_STATUSES.join(', ')}.`);
		}
		const owner = of === 'actor' ? this.findActor(ref, user) : this.findTask(ref, user);
		const ownRuns = [...this.runs.values()].filter(
			(r) => r.userId === user.userId && (of === 'actor' ? r.actId === owner.id : r.actorTaskId === owner.id) && (!status || r.status === status),
		);
		const last = ownRuns.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).pop();
		if (!last) throw runNotFound();
		return last;
	}

	/**
	 * A user's runs, Actors or tasks, oldest first.
	 * @param {'runs' | 'actors' | 'tasks'} kind
	 * @param {TokenUser} user
	 */
	listOf(kind, user) {
		/** @type {Array<Actor | Task | Run>} */
		const all = [...this[kind].values()].filter((x) => x.userId === user.userId || (kind === 'actors' && this.usedBy(/** @type {Actor} */ (x), user)));
		const time = (/** @type {Actor | Task | Run} */ x) => ('startedAt' in x ? x.startedAt : x.createdAt);
		return all.sort((a, b) => time(a).localeCompare(time(b)));
	}

	/** Whether the user has run the Actor (Apify lists the Actors a user made or used). @param {Actor} actor @param {TokenUser} user */
	usedBy(actor, user) {
		return [...this.runs.values()].some((r) => r.actId === actor.id && r.userId === user.userId);
	}

	reset() {
		this.actors.clear();
		this.tasks.clear();
		this.runs.clear();
	}
}

/**
 * An Actor or task by ID or `username~name`.
 * @template {{ id: string, username: string, name: string }} T
 * @param {Map<string, T>} map
 * @param {string} ref
 */
function findByRef(map, ref) {
	const tilde = ref.indexOf('~');
	if (tilde === -1) return map.get(ref);
	return [...map.values()].find((x) => x.username === ref.slice(0, tilde) && x.name === ref.slice(tilde + 1));
}

/** @param {Error} error @returns {never} */
function throwError(error) {
	throw error;
}

/**
 * A run as an Actor's start leaves it: with its default store (unnamed, the run's; none when
 * `withStore` is false, as a run whose store is gone) and the given status.
 * @param {import('./context').AppContext} ctx
 * @param {TokenUser} user
 * @param {{ actorId?: string, actorTaskId?: string, status?: string, withStore?: boolean }} fields
 */
function startRun(ctx, user, fields) {
	const store = fields.withStore === false ? undefined : ctx.storage.createStore({ name: null, userId: user.userId, username: user.username });
	const run = ctx.runs.createRun(user, fields, store ? store.meta.id : newId());
	if (store) ctx.storage.updateStore(store, { actId: run.actId, actRunId: run.id });
	return run;
}

module.exports = { RunRegistry, RUN_STATUSES, startRun };
