// @ts-check
'use strict';
// Actors, tasks and runs as the API lists and gets them, and the run-scoped store paths
// (/v2/actor-runs/:run/key-value-store/..., /v2/actors/:actor/runs/last/key-value-store/...,
// /v2/actor-tasks/:task/runs/last/key-value-store/...), which reach the run's default store.
const { ApiError } = require('./api-error');
const { boolParam, intParam } = require('./params');
const { sendJson } = require('./respond');

/**
 * @typedef {import('./runs').Actor} Actor
 * @typedef {import('./runs').Task} Task
 * @typedef {import('./runs').Run} Run
 * @typedef {import('./context').RouteCall} RouteCall
 */

const ZERO_USAGE = { usageTotalUsd: 0 };

/** @param {Run} run */
const runShort = (run) => ({
	id: run.id,
	actId: run.actId,
	actorTaskId: run.actorTaskId,
	userId: run.userId,
	status: run.status,
	startedAt: run.startedAt,
	finishedAt: run.finishedAt,
	buildId: 'LocalBuild0000000',
	buildNumber: '0.0.1',
	meta: { origin: 'API' },
	...ZERO_USAGE,
	defaultKeyValueStoreId: run.defaultKeyValueStoreId,
	defaultDatasetId: run.defaultDatasetId,
	defaultRequestQueueId: run.defaultRequestQueueId,
});

/** @param {Run} run */
const runObject = (run) => ({
	...runShort(run),
	stats: { restartCount: 0, resurrectCount: 0, computeUnits: 0 },
	options: { build: 'latest', timeoutSecs: 3600, memoryMbytes: 1024, diskMbytes: 2048 },
	generalAccess: 'FOLLOW_USER_SETTING',
});

/** @param {Actor} actor */
const actorShort = ({ id, createdAt, modifiedAt, name, username, title }) => ({ id, createdAt, modifiedAt, name, username, title });

/** @param {Actor} actor */
const actorObject = (actor) => ({
	...actorShort(actor),
	userId: actor.userId,
	isPublic: actor.isPublic,
	stats: { totalBuilds: 0, totalRuns: 0, totalUsers: 1 },
	versions: [],
	defaultRunOptions: { build: 'latest', timeoutSecs: 3600, memoryMbytes: 1024 },
});

/** @param {Task} task */
const taskObject = ({ id, userId, actId, name, username, title, createdAt, modifiedAt }) => ({
	id, userId, actId, name, username, title, createdAt, modifiedAt,
});

/**
 * A listing page as the API gives one (offset, limit, desc).
 * @template T
 * @param {T[]} all oldest first
 * @param {URLSearchParams} query
 */
function listingPage(all, query) {
	const offset = intParam(query, 'offset', { min: 0, fallback: 0 });
	const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 1000 });
	const desc = boolParam(query, 'desc');
	const ordered = desc ? [...all].reverse() : all;
	const items = ordered.slice(offset, offset + limit);
	return { data: { total: all.length, offset, limit, desc, count: items.length, items } };
}

/** @param {RouteCall} c */
const idOf = (c) => /** @type {string[]} */ (c.segments)[2];

/** @type {import('./context').Route[]} */
const RUN_ROUTES = [
	{ shape: ['v2', 'actor-runs'], methods: ['GET'], run: (c) => sendJson(c.res, 200, listingPage(c.ctx.runs.listOf('runs', c.user).map((r) => runShort(/** @type {Run} */ (r))), c.params)) },
	{ shape: ['v2', 'actor-runs', ':run'], methods: ['GET'], run: (c) => sendJson(c.res, 200, { data: runObject(c.ctx.runs.findRun(idOf(c), c.user)) }) },
	{ shape: ['v2', 'actors'], methods: ['GET'], run: (c) => sendJson(c.res, 200, listingPage(c.ctx.runs.listOf('actors', c.user).map((a) => actorShort(/** @type {Actor} */ (a))), c.params)) },
	{ shape: ['v2', 'actors', ':actor'], methods: ['GET'], run: (c) => sendJson(c.res, 200, { data: actorObject(c.ctx.runs.findActor(idOf(c), c.user)) }) },
	{ shape: ['v2', 'actor-tasks'], methods: ['GET'], run: (c) => sendJson(c.res, 200, listingPage(c.ctx.runs.listOf('tasks', c.user).map((t) => taskObject(/** @type {Task} */ (t))), c.params)) },
	{ shape: ['v2', 'actor-tasks', ':task'], methods: ['GET'], run: (c) => sendJson(c.res, 200, { data: taskObject(c.ctx.runs.findTask(idOf(c), c.user)) }) },
	{
		shape: ['v2', 'actors', ':actor', 'runs', 'last'],
		methods: ['GET'],
		run: (c) => sendJson(c.res, 200, { data: runObject(c.ctx.runs.lastRun('actor', idOf(c), c.params.get('status'), c.user)) }),
	},
	{
		shape: ['v2', 'actor-tasks', ':task', 'runs', 'last'],
		methods: ['GET'],
		run: (c) => sendJson(c.res, 200, { data: runObject(c.ctx.runs.lastRun('task', idOf(c), c.params.get('status'), c.user)) }),
	},
];

/**
 * How many leading segments of a run-scoped store path name the run, or 0 for another path.
 * @param {string[]} segments
 */
function runScopeLength(segments) {
	const [v2, kind, , runs, last, store] = segments;
	if (v2 !== 'v2') return 0;
	if (kind === 'actor-runs' && runs === 'key-value-store') return 4;
	if ((kind === 'actors' || kind === 'actor-tasks') && runs === 'runs' && last === 'last' && store === 'key-value-store') return 6;
	return 0;
}

/**
 * A run-scoped store path as the store path it reaches (/v2/key-value-stores/<run's store>/...),
 * or the path unchanged when it is not one. A run whose store is gone answers as a missing store.
 * @param {import('./context').AppContext} ctx
 * @param {string[]} segments
 * @param {URLSearchParams} query
 * @param {import('./context').TokenUser} user
 */
function runScopedSegments(ctx, segments, query, user) {
	const length = runScopeLength(segments);
	if (length === 0) return segments;
	const [, kind, ref] = segments;
	const run =
		kind === 'actor-runs'
			? ctx.runs.findRun(ref, user)
			: ctx.runs.lastRun(kind === 'actors' ? 'actor' : 'task', ref, query.get('status'), user);
	if (!run.defaultKeyValueStoreId) throw new ApiError(404, 'record-or-token-not-found', 'Key-value store was not found');
	return ['v2', 'key-value-stores', run.defaultKeyValueStoreId, ...segments.slice(length)];
}

module.exports = { RUN_ROUTES, runScopedSegments, runScopeLength };
