import {
	describeRunScope,
	runOwnerPath,
	runScopeKey,
	runScopeRequest,
	runStorePath,
	type RunScope,
} from '../helpers/runScope';
import { isPlainObject } from '../helpers/plainObject';
import { quote } from '../helpers/quote';
import { ApiError } from '../transport/transport';
import type { CallOptions, KeyValueStoreApi } from './client';
import { KeyValueStoreClient } from './keyValueStore';

/** A run's default store, as found: the run, the store's ID and its run-scoped API path. */
export interface RunStore {
	runId: string;
	storeId: string;
	/** /v2/actor-runs/<run>/key-value-store */
	path: string;
}

interface RunAnswer {
	data: { id: string; defaultKeyValueStoreId?: unknown };
}

const isRunAnswer = (value: unknown): value is RunAnswer =>
	isPlainObject(value) && isPlainObject(value.data) && typeof value.data.id === 'string';

/** A lookup's end: the store, or the problem every item of that scope fails with. */
type Found = { ok: true; value: RunStore } | { ok: false; problem: string; fix: string };

/**
 * Finds the store of a run, or of an Actor's or task's last run, once per execution and scope:
 * every item of one scope reaches the same store even if another run ends meanwhile. Requests for
 * the store then go to the run's own run-scoped paths, paced under the store's ID. A run that is
 * not there is an answer kept for the execution; a failure to ask (a network error) is not.
 */
export class RunStoreFinder {
	private readonly found = new Map<string, Promise<Found>>();

	constructor(private readonly api: KeyValueStoreApi) {}

	async find(scope: RunScope, options: CallOptions): Promise<RunStore> {
		const key = runScopeKey(scope);
		let finding = this.found.get(key);
		if (!finding) {
			finding = this.look(scope, options);
			this.found.set(key, finding);
			finding.catch(() => this.found.delete(key));
		}
		const found = await finding;
		if (!found.ok) throw this.api.problem(found.problem, options, found.fix);
		return found.value;
	}

	private async look(scope: RunScope, options: CallOptions): Promise<Found> {
		const { path, qs } = runScopeRequest(scope);
		const call = { method: 'GET' as const, path };
		const pace = { store: runScopeKey(scope), records: false };
		const answer = await this.api.request({ ...call, qs, pace, notFoundIsAnswer: true }, options);
		if (answer.status === 404) return await this.missing(scope, options);
		const { data } = this.api.json(answer, call, options, isRunAnswer, 'data with the run');
		const storeId = data.defaultKeyValueStoreId;
		const found = { runId: data.id, storeId: String(storeId), path: runStorePath(data.id) };
		if (
			typeof storeId === 'string' &&
			storeId &&
			(await this.storeAnswers(found, options)) !== 404
		) {
			return { ok: true, value: found };
		}
		return {
			ok: false,
			problem: `${capitalised(describeRunScope(scope))} (run ${quote(data.id)}) has no key-value store`,
			fix: 'A run gets its default store when it starts, and loses it when the store is deleted or expires: wait for the run to start, or choose another run.',
		};
	}

	/**
	 * Whether the run's store is there (404 when it is not): one Get Store by the run's path, which
	 * also gives the execution the store's signing key for public links.
	 */
	private async storeAnswers(found: RunStore, options: CallOptions): Promise<200 | 404> {
		const store = new KeyValueStoreClient(this.api, found.storeId, found);
		const info = await store.readInfo(options).catch((error: unknown) => {
			if (error instanceof ApiError && error.status === 404) return undefined;
			throw error;
		});
		return info ? 200 : 404;
	}

	/** Why there is no run: the run, or the Actor or task, is not there, or it has no such run. */
	private async missing(scope: RunScope, options: CallOptions): Promise<Found> {
		if (scope.kind === 'run') {
			return {
				ok: false,
				problem: `Actor run ${quote(scope.runId)} was not found`,
				fix: "Check the run ID (it is on the run's page in Apify Console) and that the credential's token belongs to the account that ran it, or pick the run from the list.",
			};
		}
		const path = runOwnerPath(scope);
		const pace = { store: runScopeKey(scope), records: false };
		const owner = await this.api.request(
			{ method: 'GET', path, pace, notFoundIsAnswer: true },
			options,
		);
		const word = scope.of === 'actor' ? 'Actor' : 'Task';
		if (owner.status !== 404) {
			const status = scope.status ? ` with status ${scope.status}` : '';
			return {
				ok: false,
				problem: `${word} ${quote(scope.id)} has no run${status}`,
				fix: `Run the ${word.toLowerCase()} first, or choose another "Run Status" (or "Any Status").`,
			};
		}
		return {
			ok: false,
			problem: `${word} ${quote(scope.id)} was not found`,
			fix: `Use the ${word.toLowerCase()}'s ID or "username~name" as Apify Console shows it, or pick it from the list; the credential's token must be allowed to see it.`,
		};
	}
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
