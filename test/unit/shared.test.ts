import type { INodeProperties } from 'n8n-workflow';
import { byOperation, findOperation, operations, resourceProperties } from '../../nodes/ApifyKeyValueStore/actions/operations';
import { ApifyKeyValueStore } from '../../nodes/ApifyKeyValueStore/ApifyKeyValueStore.node';
import { readKeyQuery, readOutputField } from '../../nodes/ApifyKeyValueStore/shared/fields';
import type { ParameterReader } from '../../nodes/ApifyKeyValueStore/shared/parameters';
import { recordContent } from '../../nodes/ApifyKeyValueStore/shared/recordItem';
import { transportSettings } from '../../nodes/ApifyKeyValueStore/shared/requestOptions';
import { readRecordTarget, readStore } from '../../nodes/ApifyKeyValueStore/shared/target';
import { ApiError } from '../../nodes/ApifyKeyValueStore/transport/errors';

// The logic of the shared floor and of the operation table, without n8n's engine: parameters come
// from a plain reader, records from buffers.

/** A reader over plain values; `extractValue` reads a resource locator's value, as n8n does. */
function reader(values: Record<string, unknown>): ParameterReader {
	return {
		get: (path, extractValue) => {
			const value = path.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], values);
			return extractValue && value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
		},
		fail: (problem, description) => Object.assign(new Error(problem), { description }),
	};
}

const record = (body: string | Buffer, contentType: string) => ({ body: Buffer.from(body), contentType });

describe('the one record-to-item rule', () => {
	it.each([
		['{"a":1}', 'application/json; charset=utf-8', false, { shape: 'json', value: { a: 1 } }],
		['[1,2]', 'application/ld+json', false, { shape: 'json', value: [1, 2] }],
		['{"a":1}', 'application/json', true, { shape: 'text', value: '{"a":1}' }],
		['hello', 'text/plain', false, { shape: 'text', value: 'hello' }],
		['<a/>', 'application/xml', false, { shape: 'text', value: '<a/>' }],
		['PNG', 'image/png', false, { shape: 'binary' }],
		['x', 'application/octet-stream', false, { shape: 'binary' }],
	])('%p as %p (JSON as text: %p)', (body, type, jsonAsText, expected) => {
		expect(recordContent(record(body, type), jsonAsText)).toEqual(expected);
	});

	it('keeps the text and the reason of a JSON record that does not parse', () => {
		expect(recordContent(record('{"a":', 'application/json'))).toEqual({ shape: 'badJson', text: '{"a":', problem: expect.stringMatching(/JSON/) });
	});
});

describe('the one reader of the Store parameter', () => {
	it('reads a locator by its value and checks it', () => {
		expect(readStore(reader({ storeId: { __rl: true, mode: 'name', value: ' ~my-store ' } }))).toBe('~my-store');
		expect(() => readStore(reader({ storeId: { __rl: true, mode: 'id', value: 'my-store' } }))).toThrow(/write "~my-store"/);
		expect(() => readStore(reader({}))).toThrow(/No key-value store is set/);
	});

	it('reads a record target: a number from an expression is a key, a bad key names the rule', () => {
		const store = { __rl: true, mode: 'id', value: 'WkzbQMuFYuamGv3YF' };
		expect(readRecordTarget(reader({ storeId: store, recordKey: 42 }))).toEqual({ store: { kind: 'store', reference: 'WkzbQMuFYuamGv3YF' }, key: '42' });
		expect(() => readRecordTarget(reader({ storeId: store, recordKey: 'a b' }))).toThrow(/does not allow: " "/);
	});
});

describe('the shared options', () => {
	it('reads Prefix, Collection and the output field with their defaults', () => {
		expect(readKeyQuery(reader({ options: { prefix: 'img-' } }))).toEqual({ prefix: 'img-', collection: '' });
		expect(readOutputField(reader({ options: { binaryPropertyName: '  ' } }))).toBe('data');
		expect(readOutputField(reader({ options: { binaryPropertyName: 'file' } }))).toBe('file');
	});

	it('reads the request options into settings, checked', () => {
		const settings = transportSettings(reader({ options: { timeout: 1500, maxRetries: 2 } }), 'auto');
		expect(settings).toMatchObject({ timeoutMs: 1500, requestsPerSecond: 180, concurrency: 'auto', retry: { maxRetries: 2, baseDelayMs: 500 } });
		expect(() => transportSettings(reader({ options: { timeout: 1500.5 } }), 'auto')).toThrow(/"Timeout" is 1500.5, but it must be a whole number/);
	});
});

describe('the one table of operations', () => {
	const node = new ApifyKeyValueStore().description;
	const operationFields = node.properties.filter((p) => p.name === 'operation');

	it('finds each operation by resource and value, and nothing else', () => {
		expect(findOperation('record', 'store')).toBe(operations.record.store);
		expect(findOperation('store', 'getAll')).toBe(operations.store.getAll);
		for (const [resource, value] of [['record', 'nope'], ['nope', 'get'], ['record', 'constructor'], ['__proto__', 'get']]) {
			expect(findOperation(resource, value)).toBeUndefined();
		}
	});

	it('gives the Operation fields, the subtitles and the tool descriptions one entry per operation', () => {
		const values = (field: INodeProperties) => (field.options as Array<{ value: string }>).map((o) => o.value).sort();
		expect(operationFields.map(values)).toEqual([Object.keys(operations.record).sort(), Object.keys(operations.store).sort()]);
		const all = Object.entries(operations).flatMap(([resource, ops]) => Object.keys(ops).map((op) => `${resource}:${op}`));
		expect(Object.keys(byOperation((op) => op.option.name)).sort()).toEqual(all.sort());
		for (const key of all) expect(node.subtitle).toContain(JSON.stringify(key));
		const toolFields = node.properties.filter((p) => p.name === 'toolDescription');
		expect(toolFields.map((f) => `${f.displayOptions?.show?.resource}:${f.displayOptions?.show?.operation}`).sort()).toEqual(all.sort());
	});

	it('shows each operation\'s parameters for that operation only, and keeps the values saved workflows name', () => {
		for (const field of resourceProperties('store').slice(1)) {
			expect(field.displayOptions?.show?.resource).toEqual(['store']);
			expect(field.displayOptions?.show?.operation).toHaveLength(1);
		}
		expect(operationFields.map((f) => f.default)).toEqual(['store', 'getOrCreate']);
		expect(Object.keys(operations.record)).toEqual(['store', 'get', 'delete', 'exists', 'listKeys']);
		expect(Object.keys(operations.store)).toEqual(['get', 'getOrCreate', 'getAll', 'update', 'delete', 'downloadRecords']);
	});
});

describe('ApiError', () => {
	it('carries the reason, status and Apify\'s error for callers to branch on, with the secrets taken out', () => {
		const node = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const clean = (text: string) => text.split('SECRET').join('***');
		const error = new ApiError(node, { reason: 'answer', message: 'Store "SECRET" was not found', summary: 'Apify API answered 404 (SECRET)', description: 'fix', status: 404, type: 'record-or-token-not-found', apifyMessage: 'gone SECRET' }, clean, 3);
		expect(error).toMatchObject({ reason: 'answer', status: 404, apifyType: 'record-or-token-not-found', apifyMessage: 'gone ***', httpCode: '404', message: 'Store "***" was not found', messages: ['Apify API answered 404 (***)'], description: 'fix' });
		expect(error.context.itemIndex).toBe(3);
		// n8n treats errors by their name: this one must stay a NodeApiError to n8n.
		expect(error.name).toBe('NodeApiError');
		const tooLarge = new ApiError(node, { reason: 'tooLarge', message: 'big', description: 'raise it', limit: 100 }, clean, 0);
		expect(tooLarge).toMatchObject({ reason: 'tooLarge', limit: 100, status: undefined });
	});
});
