import type { INodeProperties } from 'n8n-workflow';
import {
	collectionOption,
	DEFAULT_MAX_RECORD_BYTES,
	outputFileField,
	prefixOption,
	storeLocator,
} from '../shared/fields';
import { numberField, type NumberSpec } from '../shared/parameters';
import { pollRequestOptionFields } from '../shared/requestOptions';

export const EVENTS = ['added', 'changed', 'deleted'] as const;

/** Events one poll outputs at most; the rest come with the next poll. */
export const EVENTS_PER_POLL: NumberSpec = {
	label: 'Max Events per Poll',
	rule: { integer: true, min: 1, max: 1000 },
	fallback: 100,
};

export const MAX_VALUE_SIZE: NumberSpec = {
	label: 'Max Record Size',
	rule: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
	fallback: DEFAULT_MAX_RECORD_BYTES,
};

/** The trigger's parameters (n8n adds "Poll Times" to every polling node itself). */
export const triggerProperties: INodeProperties[] = [
	storeLocator,
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['added', 'changed'],
		description:
			"Which changes start the workflow. Apify's key list gives each record's key and size only, so Record Changed means its size changed: a record rewritten with a value of the same size is not seen.",
		options: [
			{ name: 'Record Added', value: 'added', description: 'A key that was not there before' },
			{ name: 'Record Changed', value: 'changed', description: 'A record whose size changed' },
			{ name: 'Record Deleted', value: 'deleted', description: 'A key that is gone' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Add Public URL',
				name: 'publicUrl',
				type: 'boolean',
				default: false,
				description:
					"Whether to add publicUrl, the record's URL signed with the store's URL signing key, which anyone with the link can open without a token",
			},
			collectionOption("Only the records of this collection of the store's schema"),
			{
				displayName: 'Include Value',
				name: 'includeValue',
				type: 'boolean',
				default: false,
				description:
					'Whether to read each added or changed record: JSON and text into "value", anything else as a file in the output binary field',
			},
			numberField(
				'maxEvents',
				EVENTS_PER_POLL,
				'The most events one poll outputs, in key order; the rest come with the next poll',
			),
			numberField(
				'maxRecordBytes',
				MAX_VALUE_SIZE,
				'With Include Value: the largest record to read, in bytes; a larger one is reported without its value',
			),
			prefixOption('Only the records whose key starts with this text'),
			outputFileField(
				'With Include Value: the name of the output binary field for records that are not JSON',
			),
			...pollRequestOptionFields,
		],
	},
];
