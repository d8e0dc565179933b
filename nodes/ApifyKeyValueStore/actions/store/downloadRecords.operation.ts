import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import {
	collectionOption,
	DEFAULT_MAX_ARCHIVE_BYTES,
	EXPIRES_AFTER,
	expiresAfterOption,
	outputFileField,
	prefixOption,
	readKeyQuery,
	readOutputField,
	readPublicUrl,
} from '../../shared/fields';
import { storeTargetFields } from '../../shared/storeSource';
import {
	numberField,
	readNumber,
	type NumberSpec,
	type ParameterReader,
} from '../../shared/parameters';
import type { Execution } from '../execution';
import { optionsCollection } from '../../shared/requestOptions';
import { STORE_REFERENCE_FORMS } from '../../helpers/storeReference';

const MAX_ARCHIVE_SIZE: NumberSpec = {
	label: 'Max Archive Size',
	rule: { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER },
	fallback: DEFAULT_MAX_ARCHIVE_BYTES,
	hint: `Remove it to use the default (${DEFAULT_MAX_ARCHIVE_BYTES}), or set the largest archive you expect.`,
};

export const option = {
	name: 'Download Records',
	description:
		'Download all records of a store (or those with a key prefix) as one ZIP file, one file per key',
	action: 'Download the records of a store',
};

export const properties: INodeProperties[] = [
	...storeTargetFields,
	optionsCollection([
		{
			displayName: 'Add Public URL',
			name: 'publicUrl',
			type: 'boolean',
			default: false,
			description:
				'Whether to add publicUrl: a link to this archive (with the same Prefix and Collection), signed with the store\'s URL signing key as apify-client signs store content, that anyone can open without a token until "Expires After" runs out. Costs one Get Store request per store and execution.',
		},
		collectionOption("Only the records of this collection of the store's schema"),
		expiresAfterOption,
		numberField(
			'maxArchiveBytes',
			MAX_ARCHIVE_SIZE,
			'The largest archive to accept, in bytes; a larger one stops the download and fails the item',
		),
		prefixOption('Only the records whose key starts with this text'),
		outputFileField('The name of the output binary field for the ZIP archive'),
	]),
];

/** What an AI agent reads of this operation as a tool: what it does, what to supply, what it returns. */
export const toolDescription = `Downloads the records of an Apify key-value store as one ZIP file, one file per key. Supply the store as ${STORE_REFERENCE_FORMS}; optional: a key prefix. Returns { store, fileName, bytes } and the file.`;

/** The item's download options, checked. */
function readOptions(reader: ParameterReader) {
	return {
		query: readKeyQuery(reader),
		maxBytes: readNumber(reader, 'options.maxArchiveBytes', MAX_ARCHIVE_SIZE),
		field: readOutputField(reader),
		link: readPublicUrl(reader),
		expiresAfter: readNumber(reader, 'options.expiresAfter', EXPIRES_AFTER),
	};
}

/** Store > Download Records: the store's records (or a prefix's) as one ZIP file, one file per key. */
export async function execute(
	this: IExecuteFunctions,
	execution: Execution,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const options = readOptions(execution.parameters(itemIndex));
	const call = execution.call(itemIndex);
	const client = await execution.storeClient(itemIndex);
	const store = client.reference;
	const fileName = `${store.replace(/^.*~/, '')}.zip`;
	const tooLarge = (limit: number) => ({
		message: `The archive of ${JSON.stringify(store)} is larger than ${limit} bytes, so the download was stopped`,
		description: 'Raise "Max Archive Size", or download part of the store with "Prefix".',
	});
	const read = { ...call, maxBytes: options.maxBytes, tooLarge };
	const { binary, bytes } = await client.downloadRecords(options.query, read, async (archive) => ({
		binary: await this.helpers.prepareBinaryData(archive, fileName, 'application/zip'),
		bytes: archive.length,
	}));
	const link = options.link
		? await client.contentPublicUrl('records', options.query, options.expiresAfter, call)
		: {};
	return [
		{
			json: { store, fileName, bytes, ...link, ...client.runOrigin },
			binary: { [options.field]: binary },
			pairedItem: { item: itemIndex },
		},
	];
}
