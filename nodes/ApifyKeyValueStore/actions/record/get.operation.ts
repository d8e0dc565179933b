import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { apifyRequest } from '../../transport';
import { recordPath } from '../common';
import { recordKeyLocator, storeLocator } from '../descriptions';
import { optionsCollection, transportSettings } from '../settings';
import { recordShape } from '../../helpers/recordShape';

const properties: INodeProperties[] = [
	storeLocator,
	recordKeyLocator,
	optionsCollection([
		{
			displayName: 'If Missing',
			name: 'ifMissing',
			type: 'options',
			default: 'error',
			description: 'What to do when the record does not exist',
			options: [
				{ name: 'Fail', value: 'error', description: 'Treat it as an error of this item' },
				{ name: 'Output a Flagged Item', value: 'flag', description: 'Output { key, found: false } and go on' },
			],
		},
		{
			displayName: 'JSON as Text',
			name: 'jsonAsText',
			type: 'boolean',
			default: false,
			description: 'Whether to output a JSON record as text in "value" instead of parsing it into the item',
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

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['get'] } }, properties);

function headerValue(value: string | string[] | undefined): string {
	return (Array.isArray(value) ? value[0] : value) ?? '';
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const target = recordPath(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		ifMissing?: 'error' | 'flag';
		jsonAsText?: boolean;
		binaryPropertyName?: string;
	};
	const answer = await apifyRequest.call(
		this,
		{ method: 'GET', path: target.path, itemIndex, acceptStatuses: options.ifMissing === 'flag' ? [404] : [] },
		transportSettings(this, itemIndex),
	);
	if (answer.status === 404) {
		return [{ json: { key: target.key, found: false }, pairedItem: { item: itemIndex } }];
	}
	// The HTTP client asks for and decodes gzip, deflate and br, so the body is the record's own bytes.
	const contentType = headerValue(answer.headers['content-type']) || 'application/octet-stream';
	const shape = recordShape(contentType);
	const base: IDataObject = { key: target.key, contentType, bytes: answer.body.length };
	if (shape === 'json' && !options.jsonAsText) {
		let value: unknown;
		try {
			value = JSON.parse(answer.body.toString('utf8'));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `The record "${target.key}" says it is JSON but does not parse (${(error as Error).message})`, {
				itemIndex,
				description: 'Turn on "JSON as Text" to read it as text.',
			});
		}
		const json = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { ...base, value: value as IDataObject };
		return [{ json, pairedItem: { item: itemIndex } }];
	}
	if (shape !== 'binary') {
		return [{ json: { ...base, value: answer.body.toString('utf8') }, pairedItem: { item: itemIndex } }];
	}
	const property = options.binaryPropertyName?.trim() || 'data';
	const binary = await this.helpers.prepareBinaryData(answer.body, target.key, contentType.split(';')[0].trim());
	return [{ json: base, binary: { [property]: binary }, pairedItem: { item: itemIndex } }];
}
