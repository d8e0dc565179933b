import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { apifyRequest } from '../../transport';
import { recordPath } from '../common';
import { recordKeyLocator, storeLocator } from '../descriptions';
import { optionsCollection, transportSettings } from '../settings';

const properties: INodeProperties[] = [
	storeLocator,
	recordKeyLocator,
	optionsCollection(),
];

export const description = updateDisplayOptions({ show: { resource: ['record'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const target = recordPath(this, itemIndex);
	await apifyRequest.call(this, { method: 'DELETE', path: target.path, itemIndex }, transportSettings(this, itemIndex));
	return [{ json: { key: target.key, deleted: true }, pairedItem: { item: itemIndex } }];
}
