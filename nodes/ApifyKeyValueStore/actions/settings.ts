import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	DEFAULT_CONCURRENCY,
	DEFAULT_MAX_RETRIES,
	DEFAULT_RECORD_REQUESTS_PER_SECOND,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_TIMEOUT_MS,
	MAX_CONCURRENCY,
} from '../transport/defaults';
import { DEFAULT_RETRY_POLICY } from '../transport/retryPolicy';
import type { TransportSettings } from '../transport';

/** Options every operation offers for its requests. */
export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: DEFAULT_CONCURRENCY,
		description:
			'How many items to send at once (read once per run, from the first item). Outputs keep the input order, and items that write the same key are still written in input order.',
	},
	{
		displayName: 'Requests per Second per Store',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_RECORD_REQUESTS_PER_SECOND,
		description:
			'The most record requests a second to one store. Apify allows 200 (and 60 for other store requests, which are paced below that); the default keeps a margin (0 for no limit).',
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_TIMEOUT_MS,
		description:
			'The longest one attempt may take, from connecting to the last byte of the answer; a slower attempt fails and is retried',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 20 },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How many times to retry a request that got 429, a 5xx answer, a timeout or a network error. Other errors are not retried.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_RETRY_DELAY_MS,
		description:
			'The wait before the first retry; each later one doubles, with jitter. A Retry-After header from the API is honoured when longer.',
	},
];

interface RequestOptions {
	timeout?: unknown;
	maxRetries?: unknown;
	retryDelay?: unknown;
	requestsPerSecond?: unknown;
}

/** A number option as given, or its default; anything else, or below `min`, is the item's error. */
function numberOption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	fallback: number,
	min: number,
): number {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'string' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < min) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${label}" is ${JSON.stringify(value)}, but it must be a number of at least ${min}`,
			{
				itemIndex,
				description: `Set "${label}" in the node's options to ${min} or more, or remove it to use the default (${fallback}).`,
			},
		);
	}
	return number;
}

/**
 * A byte limit from an operation's options (Max Record Size, Max Archive Size): as given, or its
 * default when unset; anything that is not a number of at least 1 is the item's error.
 */
export function byteLimitOption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	label: string,
	value: unknown,
	fallback: number,
	description: string,
): number {
	const limit = Number(value ?? fallback);
	if (!Number.isFinite(limit) || limit < 1) {
		throw new NodeOperationError(
			ctx.getNode(),
			`"${label}" is ${JSON.stringify(value)}, but it must be a number of at least 1`,
			{ itemIndex, description },
		);
	}
	return limit;
}

/** The item's request settings from its "Options", checked. */
export function transportSettings(ctx: IExecuteFunctions, itemIndex: number): TransportSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as RequestOptions;
	return {
		timeoutMs: numberOption(ctx, itemIndex, 'Timeout (Ms)', options.timeout, DEFAULT_TIMEOUT_MS, 1),
		requestsPerSecond: numberOption(
			ctx,
			itemIndex,
			'Requests per Second per Store',
			options.requestsPerSecond,
			DEFAULT_RECORD_REQUESTS_PER_SECOND,
			0,
		),
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: numberOption(
				ctx,
				itemIndex,
				'Max Retries',
				options.maxRetries,
				DEFAULT_RETRY_POLICY.maxRetries,
				0,
			),
			baseDelayMs: numberOption(
				ctx,
				itemIndex,
				'Retry Delay (Ms)',
				options.retryDelay,
				DEFAULT_RETRY_POLICY.baseDelayMs,
				0,
			),
		},
	};
}

/** The run's concurrency, read once from the first item's options. */
export function runConcurrency(ctx: IExecuteFunctions): number {
	const value = ctx.getNodeParameter('options.concurrency', 0, DEFAULT_CONCURRENCY) as number;
	return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(Number(value) || DEFAULT_CONCURRENCY)));
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
