import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { DEFAULT_MAX_ARCHIVE_BYTES } from '../../transport/defaults';
import { storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { byteLimitOption, optionsCollection } from '../settings';
import { readStoreTarget } from '../target';

const properties: INodeProperties[] = [
	storeLocator,
	optionsCollection([
		{
			displayName: 'Collection',
			name: 'collection',
			type: 'string',
			default: '',
			description: "Only the records of this collection of the store's schema",
		},
		{
			displayName: 'Max Archive Size (Bytes)',
			name: 'maxArchiveBytes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_ARCHIVE_BYTES,
			description:
				'The largest archive to accept; a larger one stops the download and fails the item',
		},
		{
			displayName: 'Prefix',
			name: 'prefix',
			type: 'string',
			default: '',
			description: 'Only the records whose key starts with this text',
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field for the ZIP archive',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['store'], operation: ['downloadRecords'] } },
	properties,
);

interface DownloadOptions {
	collection?: string;
	prefix?: string;
	maxArchiveBytes?: number;
	binaryPropertyName?: string;
}

/** Store > Download Records: the store's records (or a prefix's) as one ZIP file, one file per key. */
export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const store = readStoreTarget(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as DownloadOptions;
	const maxBytes = byteLimitOption(
		this,
		itemIndex,
		'Max Archive Size (Bytes)',
		options.maxArchiveBytes,
		DEFAULT_MAX_ARCHIVE_BYTES,
		`Remove it to use the default (${DEFAULT_MAX_ARCHIVE_BYTES}).`,
	);
	const qs: IDataObject = {};
	if (options.prefix) qs.prefix = options.prefix;
	if (options.collection) qs.collection = options.collection;
	const answer = await run.storeRequest(store, itemIndex, {
		method: 'GET',
		path: `${store.path}/records`,
		qs,
		maxBytes,
		tooLarge: (limit) => ({
			message: `The archive of ${JSON.stringify(store.reference)} is larger than ${limit} bytes, so the download was stopped`,
			description: 'Raise "Max Archive Size (Bytes)", or download part of the store with "Prefix".',
		}),
	});
	const fileName = `${store.reference.replace(/^.*~/, '')}.zip`;
	const property = options.binaryPropertyName?.trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(answer.body, fileName, 'application/zip');
	return [
		{
			json: { store: store.reference, fileName, bytes: answer.body.length },
			binary: { [property]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
