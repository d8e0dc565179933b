/** Whether a value is a plain object (JSON's `{}`): not null, not a list. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
