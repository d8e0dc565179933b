import type { INodeProperties } from 'n8n-workflow';
import { STORE_ID_SOURCE, STORE_NAME_SOURCE, USERNAME_SOURCE } from '../helpers/storeReference';

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
			displayName: 'By Name',
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
	description:
		"The key of the record: 1 to 256 letters, digits and !-_.'() characters. Use an expression to give each item its own key.",
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
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The option that adds a shareable link to each record in the output. */
export const publicUrlOption: INodeProperties = {
	displayName: 'Add Public URL',
	name: 'publicUrl',
	type: 'boolean',
	default: false,
	description:
		"Whether to add publicUrl: the record's URL signed with the store's URL signing key, which anyone with the link can read without a token (as apify-client's getRecordPublicUrl makes it). Costs one Get Store request per store and run.",
};
