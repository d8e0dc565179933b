import { isPlainObject } from './plainObject';
import { JSON_CONTENT_TYPE } from './mediaType';
import { serializeJson } from './serialization';

/** How many items become one record: a JSON array, JSON Lines, or CSV. */
export const BATCH_FORMATS = {
	jsonArray: { name: 'JSON Array', contentType: JSON_CONTENT_TYPE },
	jsonLines: { name: 'JSON Lines', contentType: 'application/jsonl; charset=utf-8' },
	csv: { name: 'CSV', contentType: 'text/csv; charset=utf-8' },
} as const;

export type BatchFormat = keyof typeof BATCH_FORMATS;

/** A piece of the record's text, or the item that cannot be written and why. */
export type BatchPiece = { text: string } | { itemIndex: number; problem: string };

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV cell: text as it is, numbers and switches as text, nothing for null, nested values as JSON. */
function csvCell(value: unknown, what: string): { text: string } | { problem: string } {
	if (value === null || value === undefined) return { text: '' };
	if (typeof value === 'string') return { text: csvField(value) };
	if (typeof value !== 'object') return { text: csvField(String(value)) };
	const json = serializeJson(value, what);
	return json.ok ? { text: csvField(json.value) } : { problem: json.problem };
}

/** The CSV columns: every key of every item, in the order first seen. */
export function csvColumns(values: readonly unknown[]): string[] {
	const columns = new Set<string>();
	for (const value of values) {
		if (isPlainObject(value)) for (const key of Object.keys(value)) columns.add(key);
	}
	return [...columns];
}

function* csvPieces(values: readonly unknown[]): Generator<BatchPiece> {
	const columns = csvColumns(values);
	yield { text: `${columns.map(csvField).join(',')}\r\n` };
	for (const [itemIndex, value] of values.entries()) {
		const row = isPlainObject(value) ? value : {};
		const cells: string[] = [];
		for (const column of columns) {
			const cell = csvCell(row[column], `Item ${itemIndex}'s field ${JSON.stringify(column)}`);
			if ('problem' in cell) {
				yield { itemIndex, problem: cell.problem };
				return;
			}
			cells.push(cell.text);
		}
		yield { text: `${cells.join(',')}\r\n` };
	}
}

function* jsonPieces(
	values: readonly unknown[],
	format: 'jsonArray' | 'jsonLines',
): Generator<BatchPiece> {
	const array = format === 'jsonArray';
	if (array) yield { text: '[' };
	for (const [itemIndex, value] of values.entries()) {
		const json = serializeJson(value, `Item ${itemIndex}'s JSON`);
		if (!json.ok) {
			yield { itemIndex, problem: json.problem };
			return;
		}
		const separator = array && itemIndex > 0 ? ',' : '';
		yield { text: array ? `${separator}${json.value}` : `${json.value}\n` };
	}
	if (array) yield { text: ']' };
}

/**
 * The record's text, a piece per item (never one string of the whole), so that it can be
 * counted, compressed and sent without holding the text of every item at once. Stops at the first
 * item that cannot be written, naming it.
 */
export function batchPieces(values: readonly unknown[], format: BatchFormat): Iterable<BatchPiece> {
	return format === 'csv' ? csvPieces(values) : jsonPieces(values, format);
}
