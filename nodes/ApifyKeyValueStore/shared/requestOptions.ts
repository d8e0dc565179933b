import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { NumberRule } from '../helpers/values';
import { requestLimits, type TransportSettings } from '../api';
import { DEFAULT_CONCURRENCY } from './fields';
import {
	itemParameters,
	numberField,
	readNumber,
	type NumberSpec,
	type ParameterReader,
} from './parameters';

const {
	maxInFlight: AUTO_MAX_IN_FLIGHT,
	defaultMaxRetries: DEFAULT_MAX_RETRIES,
	defaultRecordRequestsPerSecond: DEFAULT_RECORD_REQUESTS_PER_SECOND,
	defaultRetryDelayMs: DEFAULT_RETRY_DELAY_MS,
	defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
	maxRequestsPerSecond: MAX_REQUESTS_PER_SECOND,
	maxRetries: MAX_RETRIES,
	maxRetryWaitMs: MAX_RETRY_WAIT_MS,
	maxTimerMs: MAX_TIMER_MS,
} = requestLimits;

const whole = (min: number, max: number): NumberRule => ({ integer: true, min, max });

/** Each request option's name in the editor, its rule and its default: the editor and the checks read these. */
export const REQUEST_OPTIONS = {
	concurrency: {
		label: 'Concurrency',
		rule: whole(0, AUTO_MAX_IN_FLIGHT),
		fallback: DEFAULT_CONCURRENCY,
	},
	requestsPerSecond: {
		label: 'Rate Limit per Store',
		rule: { integer: false, min: 0, max: MAX_REQUESTS_PER_SECOND },
		fallback: DEFAULT_RECORD_REQUESTS_PER_SECOND,
	},
	timeout: { label: 'Timeout', rule: whole(1, MAX_TIMER_MS), fallback: DEFAULT_TIMEOUT_MS },
	maxRetries: { label: 'Max Retries', rule: whole(0, MAX_RETRIES), fallback: DEFAULT_MAX_RETRIES },
	retryDelay: {
		label: 'Retry Delay',
		rule: whole(0, MAX_TIMER_MS),
		fallback: DEFAULT_RETRY_DELAY_MS,
	},
} satisfies Record<string, NumberSpec>;

type OptionName = keyof typeof REQUEST_OPTIONS;

const option = (name: OptionName, description: string, hint?: string): INodeProperties => ({
	...numberField(name, REQUEST_OPTIONS[name], description),
	...(hint ? { hint } : {}),
});

/** Options every operation offers for its requests. */
export const requestOptionFields: INodeProperties[] = [
	option(
		'concurrency',
		'How many items to send to Apify at once. Auto sends as many as each store can take and slows down when Apify asks it to; a number sends exactly that many. The output keeps the input order either way.',
		'0 is Auto (recommended). Set a number to go easier on a store others use too.',
	),
	option(
		'requestsPerSecond',
		'The most requests a second to one store. Apify allows 200; the default stays a little below. 0 for no limit.',
	),
	option(
		'timeout',
		'How long one attempt may take, in milliseconds, before it is given up and tried again',
	),
	option(
		'maxRetries',
		'How many times to try again when Apify is busy or briefly unavailable, or the connection fails. Mistakes in the request are not retried.',
	),
	option(
		'retryDelay',
		`How long to wait before the first retry, in milliseconds; each later wait is about twice as long (at most ${MAX_RETRY_WAIT_MS / 1000} s), or as long as Apify asks`,
	),
];

/** The request options a poll offers: all but Concurrency, as a poll sends its requests one by one. */
export const pollRequestOptionFields = requestOptionFields.filter(
	(field) => field.name !== 'concurrency',
);

const read = (reader: ParameterReader, name: OptionName) =>
	readNumber(reader, `options.${name}`, REQUEST_OPTIONS[name]);

/** The request settings from "Options" (an item's, or a poll's), checked, with the execution's concurrency. */
export function transportSettings(
	reader: ParameterReader,
	concurrency: TransportSettings['concurrency'],
): TransportSettings {
	return {
		timeoutMs: read(reader, 'timeout'),
		requestsPerSecond: read(reader, 'requestsPerSecond'),
		concurrency,
		retry: {
			maxRetries: read(reader, 'maxRetries'),
			baseDelayMs: read(reader, 'retryDelay'),
			maxDelayMs: MAX_RETRY_WAIT_MS,
		},
	};
}

/** The execution's concurrency, read once from the first item's options: "auto" or a number of items. */
export function readConcurrency(ctx: IExecuteFunctions): TransportSettings['concurrency'] {
	const value = read(itemParameters(ctx, 0), 'concurrency');
	return value === 0 ? 'auto' : value;
}

/** The "Options" collection of an operation: its own options, then those of every request. */
export function optionsCollection(own: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...own, ...requestOptionFields],
	};
}
