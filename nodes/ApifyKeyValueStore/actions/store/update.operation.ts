import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { storeNameProblem } from '../../helpers/storeReference';
import { apifyJson } from '../../transport';
import { storeLocator } from '../descriptions';
import { isStoreAnswer, storeOutput } from '../listing';
import type { NodeRun } from '../run';
import { optionsCollection } from '../settings';
import { readStoreTarget } from '../target';

/** Apify's GeneralAccess values, as its API specification lists them. */
const GENERAL_ACCESS = [
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

const properties: INodeProperties[] = [
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
				options: GENERAL_ACCESS,
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. my-results',
				description: 'A new name: letters, digits and hyphens, not first or last',
			},
		],
	},
	optionsCollection(),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['update'] } },
	properties,
);

/** Store > Update: rename a store or change who may read it. Outputs the updated store. */
export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const store = readStoreTarget(this, itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as {
		name?: string;
		generalAccess?: string;
	};
	const body: IDataObject = {};
	if (fields.name !== undefined) {
		const name = String(fields.name).trim();
		const problem = storeNameProblem(name);
		if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
		body.name = name;
	}
	if (fields.generalAccess !== undefined) {
		if (!GENERAL_ACCESS.some((a) => a.value === fields.generalAccess)) {
			throw new NodeOperationError(
				this.getNode(),
				`${JSON.stringify(fields.generalAccess)} is not a general access level`,
				{
					itemIndex,
					description: `Choose one of: ${GENERAL_ACCESS.map((a) => a.value).join(', ')}.`,
				},
			);
		}
		body.generalAccess = fields.generalAccess;
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update', {
			itemIndex,
			description: 'Add a field under "Update Fields": Name, General Access, or both.',
		});
	}
	const request = { method: 'PUT' as const, path: store.path };
	const answer = await run.storeRequest(store, itemIndex, {
		...request,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
		body: Buffer.from(JSON.stringify(body)),
	});
	const { data } = apifyJson(
		run.session,
		answer,
		{ ...request, itemIndex },
		isStoreAnswer,
		'data with the store',
	);
	return [{ json: storeOutput(data), pairedItem: { item: itemIndex } }];
}
