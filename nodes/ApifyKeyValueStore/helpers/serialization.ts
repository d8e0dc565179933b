import { accepted, refused, type Checked } from './checked';

/** The path ($.a.b[2]) of the first value JSON cannot hold: a cycle (n8n-workflow gives BigInt a toJSON). */
function findUnserializable(value: unknown): string | undefined {
	const ancestors: unknown[] = [];
	const walk = (node: unknown, path: string): string | undefined => {
		if (node === null || typeof node !== 'object') return undefined;
		if (ancestors.includes(node))
			return `${path} refers back to one of its parents (a circular reference)`;
		if (typeof (node as { toJSON?: unknown }).toJSON === 'function') return undefined;
		ancestors.push(node);
		const entries = Array.isArray(node)
			? node.map((v, i) => [`${path}[${i}]`, v] as const)
			: Object.entries(node).map(
					([k, v]) =>
						[
							/^[a-zA-Z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`,
							v,
						] as const,
				);
		for (const [childPath, child] of entries) {
			const found = walk(child, childPath);
			if (found) return found;
		}
		ancestors.pop();
		return undefined;
	};
	return walk(value, '$');
}

/** JSON text of a value, or why it has none, with the place in the value that is at fault. */
export function serializeJson(value: unknown, what: string): Checked<string> {
	try {
		const text = JSON.stringify(value);
		if (text === undefined) return refused(`${what} has no JSON value (it is ${typeof value}).`);
		return accepted(text);
	} catch (error) {
		const where = findUnserializable(value);
		return refused(
			`${what} cannot be turned into JSON: ${where ?? (error as Error).message}. Remove or convert that value first (for example with a Set or Code node), or store a different value source.`,
		);
	}
}

/** The text of a "Custom JSON" parameter: JSON given as text is checked and kept as written. */
export function customJsonText(value: unknown): Checked<string> {
	if (typeof value === 'string') {
		try {
			JSON.parse(value);
		} catch (error) {
			return refused(
				`"JSON" is not valid JSON (${(error as Error).message}). Fix the syntax, or switch "Value Source" to Text to store it as plain text.`,
			);
		}
		return accepted(value);
	}
	return serializeJson(value, '"JSON"');
}
