import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_RETRY_POLICY } from '../helpers/retryPolicy';
import { DEFAULT_REQUESTS_PER_SECOND, DEFAULT_TIMEOUT_MS, type TransportSettings } from '../transport';

/** Options every operation offers for its requests. */
export const DEFAULT_CONCURRENCY = 5;

export const requestOptionFields: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		default: 5,
		description:
			'How many items to send at once. Outputs keep the input order, and items that write the same key are still written in input order.',
	},
	{
		displayName: 'Requests per Second per Store',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 180,
		description: "The most requests a second to one store. Apify allows 200; the default keeps a margin (0 for no limit).",
	},
	{
		displayName: 'Timeout (Ms)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1000 },
		default: 60000,
		description: 'How long to wait for the API without any progress before the attempt fails and is retried',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 20 },
		default: 4,
		description:
			'How many times to retry a request that got 429, a 5xx answer, a timeout or a network error. Other errors are not retried.',
	},
	{
		displayName: 'Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 500,
		description:
			'The wait before the first retry; each later one doubles, with jitter. A Retry-After header from the API is honoured when longer.',
	},
];

export function transportSettings(ctx: IExecuteFunctions, itemIndex: number): TransportSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as {
		timeout?: number;
		maxRetries?: number;
		retryDelay?: number;
		requestsPerSecond?: number;
	};
	return {
		timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
		requestsPerSecond: options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries,
			baseDelayMs: options.retryDelay ?? DEFAULT_RETRY_POLICY.baseDelayMs,
		},
	};
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
