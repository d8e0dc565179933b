import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { recordShape } from '../../helpers/recordShape';
import { headerValue } from '../../transport';
import { APIFY_RECORD_LIMIT_BYTES, DEFAULT_MAX_RECORD_BYTES } from '../../transport/defaults';
import { publicUrlOption, recordKeyLocator, storeLocator } from '../descriptions';
import type { NodeRun } from '../run';
import { byteLimitOption, optionsCollection } from '../settings';

const properties: INodeProperties[] = [
	storeLocator,
	recordKeyLocator,
	optionsCollection([
		publicUrlOption,
		{
			displayName: 'If Missing',
			name: 'ifMissing',
			type: 'options',
			default: 'error',
			description: 'What to do when the record does not exist',
			options: [
				{ name: 'Fail', value: 'error', description: 'Treat it as an error of this item' },
				{
					name: 'Output a Flagged Item',
					value: 'flag',
					description: 'Output { key, found: false } and go on',
				},
			],
		},
		{
			displayName: 'JSON as Text',
			name: 'jsonAsText',
			type: 'boolean',
			default: false,
			description:
				'Whether to output a JSON record as text in "value" instead of parsing it into the item',
		},
		{
			displayName: 'Max Record Size (Bytes)',
			name: 'maxRecordBytes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_RECORD_BYTES,
			description: `The most bytes a record may have once decoded; a larger one stops the read and fails the item. Apify's own limit is ${APIFY_RECORD_LIMIT_BYTES} bytes.`,
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field for records that are neither JSON nor text',
		},
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['record'], operation: ['get'] } },
	properties,
);

interface GetOptions {
	ifMissing?: 'error' | 'flag';
	jsonAsText?: boolean;
	maxRecordBytes?: number;
	binaryPropertyName?: string;
	publicUrl?: boolean;
}

export async function execute(
	this: IExecuteFunctions,
	run: NodeRun,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { key } = run.recordTarget(itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as GetOptions;
	const maxBytes = byteLimitOption(
		this,
		itemIndex,
		'Max Record Size (Bytes)',
		options.maxRecordBytes,
		DEFAULT_MAX_RECORD_BYTES,
		`Set it to the largest record you expect, or remove it to use the default (${DEFAULT_MAX_RECORD_BYTES}).`,
	);
	const { target, answer } = await run.recordRequest(itemIndex, {
		method: 'GET',
		notFoundIsAnswer: options.ifMissing === 'flag',
		maxBytes,
		tooLarge: (limit) => ({
			message: `The record ${JSON.stringify(key)} is larger than ${limit} bytes once decoded, so the read was stopped`,
			description:
				'Raise "Max Record Size (Bytes)" in the options if the record is meant to be this large.',
		}),
	});
	if (answer.status === 404) {
		return [{ json: { key: target.key, found: false }, pairedItem: { item: itemIndex } }];
	}
	// The HTTP client asks for and decodes gzip, deflate and br, so the body is the record's own bytes.
	const contentType = headerValue(answer.headers, 'content-type') || 'application/octet-stream';
	const shape = recordShape(contentType);
	const link = options.publicUrl ? await run.publicUrl(target.store, key, itemIndex) : {};
	const base: IDataObject = { key: target.key, contentType, bytes: answer.body.length, ...link };
	if (shape === 'json' && !options.jsonAsText) {
		let value: unknown;
		try {
			value = JSON.parse(answer.body.toString('utf8'));
		} catch (error) {
			throw new NodeOperationError(
				this.getNode(),
				`The record ${JSON.stringify(target.key)} says it is JSON but does not parse (${(error as Error).message})`,
				{
					itemIndex,
					description: 'Turn on "JSON as Text" to read it as text.',
				},
			);
		}
		const json =
			value !== null && typeof value === 'object' && !Array.isArray(value)
				? { ...(value as IDataObject), ...link }
				: { ...base, value: value as IDataObject };
		return [{ json, pairedItem: { item: itemIndex } }];
	}
	if (shape !== 'binary') {
		return [
			{ json: { ...base, value: answer.body.toString('utf8') }, pairedItem: { item: itemIndex } },
		];
	}
	const property = options.binaryPropertyName?.trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(
		answer.body,
		target.key,
		contentType.split(';')[0].trim(),
	);
	return [{ json: base, binary: { [property]: binary }, pairedItem: { item: itemIndex } }];
}
