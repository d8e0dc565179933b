// What the trigger remembers of a store between polls: every key and its size, front-coded (each
// key written as the length it shares with the key before it and the rest), which Apify's key
// order makes small: keys such as "screenshot-000123" cost a few bytes each.

export type KeySizes = Map<string, number>;

export type KeyEventKind = 'added' | 'changed' | 'deleted';

export interface KeyEvent {
	event: KeyEventKind;
	key: string;
	/** The size now; for a deleted record, the size it had. */
	size: number;
	/** For a changed record, the size it had. */
	previousSize?: number;
}

/** Keys sorted as Apify lists them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
	return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

// Apify's keys hold neither, but a listing may: escaped so every key stays on its own line.
const escape = (text: string) => text.replace(/%/g, '%25').replace(/\n/g, '%0A');
const unescape = (text: string) => text.replace(/%0A/g, '\n').replace(/%25/g, '%');

/** The snapshot as text: "shared,size,rest" per key, in key order, one a line. */
export function encodeSnapshot(keys: KeySizes): string {
	const lines: string[] = [];
	let previous = '';
	for (const key of [...keys.keys()].sort(compareKeys)) {
		let shared = 0;
		const most = Math.min(previous.length, key.length);
		while (shared < most && previous.charCodeAt(shared) === key.charCodeAt(shared)) shared++;
		lines.push(`${shared},${keys.get(key)},${escape(key.slice(shared))}`);
		previous = key;
	}
	return lines.join('\n');
}

/** The snapshot back from its text; undefined when the text is not one (then the trigger starts again). */
export function decodeSnapshot(text: unknown): KeySizes | undefined {
	if (typeof text !== 'string') return undefined;
	const keys: KeySizes = new Map();
	if (text === '') return keys;
	let previous = '';
	for (const line of text.split('\n')) {
		const match = /^(\d+),(\d+),(.*)$/.exec(line);
		if (!match || Number(match[1]) > previous.length) return undefined;
		const key = previous.slice(0, Number(match[1])) + unescape(match[3]);
		keys.set(key, Number(match[2]));
		previous = key;
	}
	return keys;
}

/** What changed between two snapshots, in key order: added keys, keys whose size changed, and keys that went. */
export function diffSnapshots(before: KeySizes, now: KeySizes): KeyEvent[] {
	const events: KeyEvent[] = [];
	for (const [key, size] of now) {
		const previousSize = before.get(key);
		if (previousSize === undefined) events.push({ event: 'added', key, size });
		else if (previousSize !== size) events.push({ event: 'changed', key, size, previousSize });
	}
	for (const [key, size] of before) if (!now.has(key)) events.push({ event: 'deleted', key, size });
	return events.sort((a, b) => compareKeys(a.key, b.key));
}

/** The snapshot once the given events are taken as seen: the others stay differences for later. */
export function applyEvents(before: KeySizes, events: KeyEvent[]): KeySizes {
	const next = new Map(before);
	for (const { event, key, size } of events) {
		if (event === 'deleted') next.delete(key);
		else next.set(key, size);
	}
	return next;
}
