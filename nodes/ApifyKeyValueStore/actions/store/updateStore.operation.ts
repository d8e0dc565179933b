import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { storeLocator } from '../../shared/fields';
import {
	itemParameters,
	readChoice,
	readText,
	type ParameterReader,
} from '../../shared/parameters';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { checkStoreName, STORE_REFERENCE_FORMS } from '../../helpers/storeReference';

/** Apify's GeneralAccess values, as its API specification lists them. */
const GENERAL_ACCESS_OPTIONS = [
	{
		name: 'Anyone With ID Can Read',
		value: 'ANYONE_WITH_ID_CAN_READ',
		description: 'Anyone who knows the store ID can read its records',
	},
	{
		name: 'Anyone With Name Can Read',
		value: 'ANYONE_WITH_NAME_CAN_READ',
		description: 'Anyone who knows the store name can read its records',
	},
	{
		name: 'Follow Account Setting',
		value: 'FOLLOW_USER_SETTING',
		description: "The account's default for storages",
	},
	{ name: 'Restricted', value: 'RESTRICTED', description: 'Only with a token (or a signed URL)' },
];

export const option = {
	name: 'Update Store',
	description: 'Rename a store, give it a title or change who may read it (its general access)',
	action: 'Update a store',
};

export const properties: INodeProperties[] = [
	storeLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'General Access',
				name: 'generalAccess',
				type: 'options',
				default: 'RESTRICTED',
				description: 'Who may read the store without a token',
				options: GENERAL_ACCESS_OPTIONS,
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. my-results',
				description: 'A new name: letters, digits and hyphens, not first or last',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
				placeholder: 'e.g. Screenshots of the daily crawl',
				description: 'A title for people: any text, shown in Apify Console',
			},
		],
	},
	optionsCollection(),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Renames an Apify key-value store, gives it a title, or changes who may read it. Supply the store as ${STORE_REFERENCE_FORMS}. Returns the updated store.`;

const GENERAL_ACCESS = GENERAL_ACCESS_OPTIONS.map((option) => option.value);

/** The fields to change, each checked: only those set are sent. */
function readFields(reader: ParameterReader, fail: (problem: string) => Error): IDataObject {
	const body: IDataObject = {};
	if (reader.get('updateFields.name') !== undefined) {
		const name = readText(reader, 'updateFields.name', 'Name').trim();
		const checked = checkStoreName(name);
		if (!checked.ok) throw fail(checked.problem);
		body.name = checked.value;
	}
	if (reader.get('updateFields.title') !== undefined) {
		body.title = readText(reader, 'updateFields.title', 'Title');
	}
	if (reader.get('updateFields.generalAccess') !== undefined) {
		const label = 'General Access';
		body.generalAccess = readChoice(
			reader,
			'updateFields.generalAccess',
			label,
			GENERAL_ACCESS,
			'RESTRICTED',
		);
	}
	return body;
}

/** Store > Update: rename a store, retitle it or change who may read it. Outputs the updated store. */
export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const client = await execution.storeClient(itemIndex);
	const fail = (problem: string) => new NodeOperationError(this.getNode(), problem, { itemIndex });
	const body = readFields(itemParameters(this, itemIndex), fail);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Add a field under "Update Fields": Name, Title, General Access, or several.',
		});
	}
	const updated = await client.update(body, execution.call(itemIndex));
	return [{ json: updated, pairedItem: { item: itemIndex } }];
}
