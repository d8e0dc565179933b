import type { INodeProperties } from 'n8n-workflow';
import { ACTOR_REFERENCE_SOURCE, DEFAULT_RUN_STATUS, RUN_STATUSES } from '../helpers/runScope';
import { STORE_ID_SOURCE } from '../helpers/storeReference';
import { storeLocator } from './fields';

/** Where an operation's store is: a store itself, or the default store of an Actor run. */
export const STORE_SOURCES = ['store', 'run', 'actorLastRun', 'taskLastRun'] as const;

export type StoreSource = (typeof STORE_SOURCES)[number];

const shownFor = (...sources: StoreSource[]) => ({ show: { storeSource: sources } });

const storeSourceField: INodeProperties = {
	displayName: 'Store Source',
	name: 'storeSource',
	type: 'options',
	noDataExpression: true,
	default: 'store',
	description:
		'A store you name, or the store an Actor run wrote to (where it keeps OUTPUT and INPUT)',
	options: [
		{ name: 'Store', value: 'store', description: 'A key-value store by name or ID' },
		{ name: 'Actor Run', value: 'run', description: 'The default store of one Actor run' },
		{
			name: 'Last Run of an Actor',
			value: 'actorLastRun',
			description: "The default store of an Actor's last run with the status you choose",
		},
		{
			name: 'Last Run of a Task',
			value: 'taskLastRun',
			description: "The default store of a task's last run with the status you choose",
		},
	],
};

/** A picker of runs, Actors or tasks: from a list, or by ID (or `username~name`). */
function locator(
	name: string,
	noun: string,
	searchListMethod: string,
	byId: { regex: string; placeholder: string; errorMessage: string },
	source: StoreSource,
): INodeProperties {
	return {
		displayName: noun,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: shownFor(source),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: byId.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: byId.regex, errorMessage: byId.errorMessage },
					},
				],
			},
		],
	};
}

const ACTOR_ID = {
	regex: `^(${ACTOR_REFERENCE_SOURCE})$`,
	placeholder: 'e.g. apify~web-scraper',
	errorMessage: 'Give the ID (17 letters and digits) or "username~name"',
};

/**
 * The Store field with its source: a store (the Store picker), an Actor run (a run picker), or
 * the last run of an Actor or task (their pickers, and the run status).
 */
export const storeTargetFields: INodeProperties[] = [
	storeSourceField,
	{ ...storeLocator, displayOptions: shownFor('store') },
	locator(
		'runId',
		'Actor Run',
		'searchRuns',
		{
			regex: `^${STORE_ID_SOURCE}$`,
			placeholder: 'e.g. HG7ML7M8z78YcAPEB',
			errorMessage: 'A run ID is 17 letters and digits',
		},
		'run',
	),
	locator('actorId', 'Actor', 'searchActors', ACTOR_ID, 'actorLastRun'),
	locator('actorTaskId', 'Task', 'searchTasks', ACTOR_ID, 'taskLastRun'),
	{
		displayName: 'Run Status',
		name: 'runStatus',
		type: 'options',
		default: DEFAULT_RUN_STATUS,
		description: 'The status of the last run to read the store of',
		displayOptions: shownFor('actorLastRun', 'taskLastRun'),
		options: [
			...Object.entries(RUN_STATUSES).map(([value, name]) => ({ name, value })),
			{ name: 'Any Status', value: '' },
		],
	},
];
