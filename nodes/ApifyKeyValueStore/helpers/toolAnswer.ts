/**
 * What a node run as an AI agent's tool hands the model: n8n gives such a node its own type,
 * "<type>Tool", and everything it outputs goes into the model's context.
 */
export const isToolNodeType = (type: string): boolean => type.endsWith('Tool');

/**
 * The most characters of a record Get Record hands an agent by default: 32 KiB is about 8,000
 * tokens, a small share of a 128k-token context that leaves room for the conversation and further
 * calls, and more than most JSON answers and documents an agent acts on. The rest stays behind a link.
 */
export const DEFAULT_TOOL_ANSWER_CHARS = 32 * 1024;

/** The most keys List Keys hands an agent at once: one page of Apify's listing. */
export const TOOL_MAX_KEYS = 1000;

/** The first `max` characters of a text, not cutting a surrogate pair in two. */
export function firstChars(text: string, max: number): string {
	if (text.length <= max) return text;
	const code = text.charCodeAt(max - 1);
	const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
	return text.slice(0, end);
}
