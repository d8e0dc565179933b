/**
 * A user's value as it goes into a message: JSON-quoted, so control characters (a CR/LF that
 * would forge a log line) show as escapes, and cut to `max` characters.
 */
export function quote(value: string, max = 80): string {
	return value.length > max
		? `${JSON.stringify(value.slice(0, max)).slice(0, -1)}…"`
		: JSON.stringify(value);
}
