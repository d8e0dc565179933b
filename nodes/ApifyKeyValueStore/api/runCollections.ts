import type { IDataObject } from 'n8n-workflow';
import type { Page } from '../transport/transport';
import type { CallOptions, KeyValueStoreApi } from './client';
import { offsetPage } from './storeCollection';

/** What the run, Actor and task pickers list, newest first: the account's own. */
const LISTINGS = {
	runs: { path: '/v2/actor-runs', noun: 'runs' },
	actors: { path: '/v2/actors', noun: 'Actors' },
	tasks: { path: '/v2/actor-tasks', noun: 'tasks' },
} as const;

export type RunListing = keyof typeof LISTINGS;

/** The account's runs, Actors (its own and those it has used) and tasks, a page at a time. */
export class RunCollectionsClient {
	constructor(private readonly api: KeyValueStoreApi) {}

	async page(
		listing: RunListing,
		offset: number,
		limit: number,
		options: CallOptions,
	): Promise<Page<IDataObject, number>> {
		const { path, noun } = LISTINGS[listing];
		return await offsetPage(this.api, path, { desc: 1 }, { offset, limit, noun }, options);
	}
}
