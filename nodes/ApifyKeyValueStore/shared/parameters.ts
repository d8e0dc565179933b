import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	checkBoolean,
	checkChoice,
	checkNumber,
	checkText,
	numberRuleText,
	type CheckedValue,
	type NumberRule,
} from '../helpers/values';

/**
 * Where parameters come from (an item of an execution, a poll, or the editor's picker) and how
 * their errors are raised. `extractValue` reads a resource locator's value.
 */
export interface ParameterReader {
	get(path: string, extractValue?: boolean): unknown;
	fail(problem: string, description?: string): Error;
}

/** n8n refuses an undefined fallback, so a parameter that is not set reads as this, then as undefined. */
const UNSET = '\u0000unset';
const orUndefined = (value: unknown) => (value === UNSET ? undefined : value);

/** The parameters of one item of an execution: its errors are that item's. */
export function itemParameters(ctx: IExecuteFunctions, itemIndex: number): ParameterReader {
	return {
		get: (path, extractValue) =>
			orUndefined(ctx.getNodeParameter(path, itemIndex, UNSET, { extractValue })),
		fail: (problem, description) =>
			new NodeOperationError(ctx.getNode(), problem, { itemIndex, description }),
	};
}

/** The parameters of a poll. */
export function pollParameters(ctx: IPollFunctions): ParameterReader {
	return {
		get: (path, extractValue) => orUndefined(ctx.getNodeParameter(path, UNSET, { extractValue })),
		fail: (problem, description) => new NodeOperationError(ctx.getNode(), problem, { description }),
	};
}

/** The parameters of the node being edited, as a picker reads them. */
export function editorParameters(ctx: ILoadOptionsFunctions): ParameterReader {
	return {
		get: (path, extractValue) => ctx.getCurrentNodeParameter(path, { extractValue }),
		fail: (problem, description) => new NodeOperationError(ctx.getNode(), problem, { description }),
	};
}

export interface NumberSpec {
	label: string;
	rule: NumberRule;
	fallback: number;
	/** What to do about a bad value; by default, the range and the default. */
	hint?: string;
}

/** A number field of the editor, from its spec: the same range the checks apply. */
export function numberField(name: string, spec: NumberSpec, description: string): INodeProperties {
	const { fallback } = spec;
	return {
		displayName: spec.label,
		name,
		type: 'number',
		typeOptions: {
			minValue: spec.rule.min,
			maxValue: spec.rule.max,
			...(spec.rule.integer ? { numberPrecision: 0 } : {}),
		},
		default: fallback,
		description,
	};
}

function valueOf<T>(
	reader: ParameterReader,
	checked: CheckedValue<T>,
	fallback: T,
	hint: string,
): T {
	if (!checked.ok) throw reader.fail(checked.problem, hint);
	return checked.value ?? fallback;
}

export function readNumber(reader: ParameterReader, path: string, spec: NumberSpec): number {
	const hint =
		spec.hint ??
		`Set "${spec.label}" to ${numberRuleText(spec.rule)}, or remove it to use the default (${spec.fallback}).`;
	return valueOf(reader, checkNumber(spec.label, reader.get(path), spec.rule), spec.fallback, hint);
}

export function readText(
	reader: ParameterReader,
	path: string,
	label: string,
	fallback = '',
): string {
	const hint = `Give "${label}" a text value (an expression may give a number, which is read as its text).`;
	return valueOf(reader, checkText(label, reader.get(path)), fallback, hint);
}

export function readBoolean(
	reader: ParameterReader,
	path: string,
	label: string,
	fallback = false,
): boolean {
	const hint = `Turn "${label}" on or off, or give it an expression that returns true or false.`;
	return valueOf(reader, checkBoolean(label, reader.get(path)), fallback, hint);
}

export function readChoice<T extends string>(
	reader: ParameterReader,
	path: string,
	label: string,
	choices: readonly T[],
	fallback: T,
): T {
	const hint = `Choose "${label}" from the list.`;
	return valueOf(reader, checkChoice(label, reader.get(path), choices), fallback, hint);
}
