import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { apifyRequest, parseJson } from '../../transport';
import { storePath } from '../common';
import { storeLocator } from '../descriptions';
import { optionsCollection, transportSettings } from '../settings';

const properties: INodeProperties[] = [
	storeLocator,
	optionsCollection(),
];

export const description = updateDisplayOptions({ show: { resource: ['store'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const store = storePath(this, itemIndex);
	const answer = await apifyRequest.call(this, { method: 'GET', path: store.path, itemIndex }, transportSettings(this, itemIndex));
	const { data } = parseJson.call(this, answer, itemIndex) as { data: IDataObject };
	return [{ json: data, pairedItem: { item: itemIndex } }];
}
