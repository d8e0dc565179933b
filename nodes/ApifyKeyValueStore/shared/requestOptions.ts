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
		label: 'Requests per Second per Store',
		rule: { integer: false, min: 0, max: MAX_REQUESTS_PER_SECOND },
		fallback: DEFAULT_RECORD_REQUESTS_PER_SECOND,
	},
	timeout: { label: 'Timeout (Ms)', rule: whole(1, MAX_TIMER_MS), fallback: DEFAULT_TIMEOUT_MS },
	maxRetries: { label: 'Max Retries', rule: whole(0, MAX_RETRIES), fallback: DEFAULT_MAX_RETRIES },
	retryDelay: {
		label: 'Retry Delay (Ms)',
		rule: whole(0, MAX_TIMER_MS),
		fallback: DEFAULT_RETRY_DELAY_MS,
	},
} satisfies Record<string, NumberSpec>;

type OptionName = keyof typeof REQUEST_OPTIONS;

const option = (name: OptionName, description: string) =>
	numberField(name, REQUEST_OPTIONS[name], description);

/** Options every operation offers for its requests. */
export const requestOptionFields: INodeProperties[] = [
	option(
		'concurrency',
		`How many requests to send at once (read once per execution, from the first item). 0, the default, is Auto: for each store, as many as it takes to fill its pace at the latency measured (up to ${AUTO_MAX_IN_FLIGHT}), fewer when the API pushes back. A number sends that many items at once. Outputs keep the input order either way, and items that write the same key are written in input order.`,
	),
	option(
		'requestsPerSecond',
		'The most record requests a second to one store. Apify allows 200 (and 60 for other store requests, which are paced below that); the default keeps a margin (0 for no limit).',
	),
	option(
		'timeout',
		'The longest one attempt may take, from connecting to the last byte of the answer; a slower attempt fails and is retried',
	),
	option(
		'maxRetries',
		'How many times to retry a request that got 429, a 5xx answer, a timeout or a network error. Other errors are not retried.',
	),
	option(
		'retryDelay',
		`The wait before the first retry; each later one doubles, with jitter, up to ${MAX_RETRY_WAIT_MS} ms. A Retry-After header from the API is honoured when longer.`,
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
