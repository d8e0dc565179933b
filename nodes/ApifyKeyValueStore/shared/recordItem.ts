import type { IBinaryData } from 'n8n-workflow';
import type { RecordRead } from '../api';
import { mediaType } from '../helpers/mediaType';
import { recordShape } from '../helpers/recordShape';

/**
 * What a record is as an item's value: parsed JSON, text, a file, or a record that says it is
 * JSON but does not parse (its text, and why).
 */
export type RecordContent =
	| { shape: 'json'; value: unknown }
	| { shape: 'text'; value: string }
	| { shape: 'binary' }
	| { shape: 'badJson'; text: string; problem: string };

/**
 * The one rule by which a record becomes an item's value, for Get Record and the trigger alike:
 * a JSON content type is parsed (or kept as text when asked), a text type is a string, anything
 * else is a file. Each caller decides what a JSON record that does not parse means for it.
 */
export function recordContent(record: RecordRead, jsonAsText = false): RecordContent {
	const shape = recordShape(record.contentType);
	if (shape === 'binary') return { shape };
	const text = record.body.toString('utf8');
	if (shape === 'text' || jsonAsText) return { shape: 'text', value: text };
	try {
		return { shape: 'json', value: JSON.parse(text) as unknown };
	} catch (error) {
		return { shape: 'badJson', text, problem: (error as Error).message };
	}
}

/** What turns bytes into a file of n8n's binary store: the execute and poll contexts both have it. */
interface BinaryHelpers {
	helpers: {
		prepareBinaryData(body: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData>;
	};
}

/** A record as a file named by its key, with its media type. */
export async function recordFile(
	ctx: BinaryHelpers,
	record: RecordRead,
	key: string,
): Promise<IBinaryData> {
	return await ctx.helpers.prepareBinaryData(record.body, key, mediaType(record.contentType));
}

/** The message of a record that says it is JSON but does not parse. */
export const badJsonMessage = (key: string, problem: string) =>
	`The record ${JSON.stringify(key)} says it is JSON but does not parse (${problem})`;
