import type { INodeProperties } from 'n8n-workflow';
import { RECORD_KEY_RULE } from '../helpers/recordKey';
import { STORE_ID_SOURCE, STORE_NAME_SOURCE, USERNAME_SOURCE } from '../helpers/storeReference';
import {
	numberField,
	readBoolean,
	readNumber,
	readText,
	type NumberSpec,
	type ParameterReader,
} from './parameters';

// The editor's defaults, defined once.
/** 0 is Auto: each store's requests in flight sized to fill its pace. */
export const DEFAULT_CONCURRENCY = 0;
/** How many results "Limit" gives when "Return All" is off. */
export const DEFAULT_LIMIT = 50;
/** A signed link to a store's key list or archive is valid this long (seconds) unless the user says otherwise. */
export const DEFAULT_LINK_EXPIRY_SECS = 24 * 60 * 60;
/** The binary field a file is read from or put into. */
export const DEFAULT_BINARY_FIELD = 'data';
/** Get Record stops past this (a little above Apify's 9 MiB record limit) unless the user raises it. */
export const DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024;
/** Download Records stops past this unless the user raises it. */
export const DEFAULT_MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

/** The store picker, shared by every operation that works on one store. */
export const storeLocator: INodeProperties = {
	displayName: 'Store',
	name: 'storeId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The key-value store to use',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchStores', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'WkzbQMuFYuamGv3YF',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `^${STORE_ID_SOURCE}$`,
						errorMessage: 'A store ID is 17 letters and digits',
					},
				},
			],
		},
		{
			// n8n's mode selector is 92 px wide: "By Name" shows as "By Nam".
			displayName: 'Name',
			name: 'name',
			type: 'string',
			placeholder: 'username~store-name or ~store-name',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: `^(${USERNAME_SOURCE})?~${STORE_NAME_SOURCE}$`,
						errorMessage:
							'Write "username~store-name", or "~store-name" for a store of the token\'s owner',
					},
				},
			],
		},
	],
};

export const recordKeyField: INodeProperties = {
	displayName: 'Record Key',
	name: 'recordKey',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. {{ $json.ID }}',
	// The rule in words under the field; the way to clean a key in an expression in the tooltip.
	description: `The key of the record: ${RECORD_KEY_RULE}. Use an expression to give each item its own key; add .replace(/[^a-zA-Z0-9!\\-_.'()]/g, '-') to it to replace the characters Apify does not allow.`,
	hint: "Up to 256 characters: letters, digits and ! - _ . ' ( ) only",
};

/** The key of an existing record: picked from the store's keys or typed. */
export const recordKeyLocator: INodeProperties = {
	displayName: 'Record Key',
	name: 'recordKey',
	type: 'resourceLocator',
	default: { mode: 'key', value: '' },
	required: true,
	description: 'The key of the record',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchRecordKeys', searchable: true },
		},
		{
			displayName: 'By Key',
			name: 'key',
			type: 'string',
			placeholder: 'e.g. OUTPUT',
		},
	],
};

/** "Limit" of a listing. */
const LIMIT: NumberSpec = {
	label: 'Limit',
	rule: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
	fallback: DEFAULT_LIMIT,
};

/** "Return All" and "Limit", for operations that list. */
export function paginationFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			...numberField('limit', LIMIT, 'Max number of results to return'),
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** "Return All" and "Limit": how many results to give (Infinity for all). */
export function readLimit(reader: ParameterReader): number {
	return readBoolean(reader, 'returnAll', 'Return All')
		? Infinity
		: readNumber(reader, 'limit', LIMIT);
}

/** "Prefix": only keys (or records) whose key starts with it. */
export const prefixOption = (description: string): INodeProperties => ({
	displayName: 'Prefix',
	name: 'prefix',
	type: 'string',
	default: '',
	description,
});

/** "Collection": only keys (or records) of one collection of the store's schema. */
export const collectionOption = (description: string): INodeProperties => ({
	displayName: 'Collection',
	name: 'collection',
	type: 'string',
	default: '',
	description,
});

/** How long a signed link to a store's key list or archive stays valid. */
export const EXPIRES_AFTER: NumberSpec = {
	label: 'Expires After',
	rule: { integer: true, min: 0, max: 100 * 365 * 24 * 60 * 60 },
	fallback: DEFAULT_LINK_EXPIRY_SECS,
};

export const expiresAfterOption: INodeProperties = numberField(
	'expiresAfter',
	EXPIRES_AFTER,
	'How long the signed link to the key list or archive ("Add Public URL") stays valid, in seconds; 0 for a link that never expires. Record links do not expire.',
);

/** An option naming the output binary field of an operation that outputs a file. */
export function outputFileField(hint: string): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: DEFAULT_BINARY_FIELD,
		hint,
	};
}

/** The option that adds a shareable link to each record in the output. */
export const publicUrlOption: INodeProperties = {
	displayName: 'Add Public URL',
	name: 'publicUrl',
	type: 'boolean',
	default: false,
	description:
		"Whether to add publicUrl: the record's URL signed with the store's URL signing key, which anyone with the link can read without a token (as apify-client's getRecordPublicUrl makes it). Costs one Get Store request per store and execution.",
};

/** The "Prefix" and "Collection" options: which keys (or records) of the store. */
export function readKeyQuery(reader: ParameterReader): { prefix: string; collection: string } {
	return {
		prefix: readText(reader, 'options.prefix', 'Prefix'),
		collection: readText(reader, 'options.collection', 'Collection'),
	};
}

/** The "Put Output File in Field" option: the binary field a file goes into. */
export function readOutputField(reader: ParameterReader): string {
	const field = readText(reader, 'options.binaryPropertyName', 'Put Output File in Field');
	return field.trim() || DEFAULT_BINARY_FIELD;
}

/** The "Add Public URL" option. */
export const readPublicUrl = (reader: ParameterReader): boolean =>
	readBoolean(reader, 'options.publicUrl', 'Add Public URL');
