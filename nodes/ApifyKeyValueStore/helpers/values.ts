import type { Checked } from './checked';

// The checks of parameter values: each kind of parameter accepts a stated type and range, and
// anything else gets a message that names the parameter and what it must be. Unset values
// (undefined, and for numbers also null and "") fall back to the parameter's default.

/** A parameter's value, or undefined where it is unset. */
export type CheckedValue<T> = Checked<T | undefined>;

export interface NumberRule {
	integer: boolean;
	min: number;
	max: number;
}

/** A value as a message shows it: JSON-quoted, cut short, its kind named where JSON says little. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'undefined';
	if (Array.isArray(value)) return `a list (${JSON.stringify(value).slice(0, 40)})`;
	if (typeof value === 'object' && value !== null) return 'an object';
	if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The rule of a number in words: "a whole number from 1 to 2147483647". */
export function numberRuleText(rule: NumberRule): string {
	return `${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}`;
}

/** A number parameter: a number, or text that is one, within the rule. */
export function checkNumber(label: string, value: unknown, rule: NumberRule): CheckedValue<number> {
	if (value === undefined || value === null || value === '') return { ok: true, value: undefined };
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const fits =
		typeof number === 'number' &&
		Number.isFinite(number) &&
		(!rule.integer || Number.isInteger(number)) &&
		number >= rule.min &&
		number <= rule.max;
	if (fits) return { ok: true, value: number };
	return {
		ok: false,
		problem: `"${label}" is ${describeValue(value)}, but it must be ${numberRuleText(rule)}`,
	};
}

/** A text parameter: text, or a finite number as its text (as an expression may give); nothing else. */
export function checkText(label: string, value: unknown): CheckedValue<string> {
	if (value === undefined) return { ok: true, value: undefined };
	if (typeof value === 'string') return { ok: true, value };
	if (typeof value === 'number' && Number.isFinite(value))
		return { ok: true, value: String(value) };
	return { ok: false, problem: `"${label}" is ${describeValue(value)}, but it must be text` };
}

/** A switch: true or false. */
export function checkBoolean(label: string, value: unknown): CheckedValue<boolean> {
	if (value === undefined) return { ok: true, value: undefined };
	if (typeof value === 'boolean') return { ok: true, value };
	return {
		ok: false,
		problem: `"${label}" is ${describeValue(value)}, but it must be true or false`,
	};
}

/** A choice: one of the listed values. */
export function checkChoice<T extends string>(
	label: string,
	value: unknown,
	choices: readonly T[],
): CheckedValue<T> {
	if (value === undefined) return { ok: true, value: undefined };
	if (typeof value === 'string' && (choices as readonly string[]).includes(value))
		return { ok: true, value: value as T };
	return {
		ok: false,
		problem: `"${label}" is ${describeValue(value)}, but it must be one of: ${choices.join(', ')}`,
	};
}
