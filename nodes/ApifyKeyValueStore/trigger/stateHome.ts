import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isPlainObject } from '../helpers/plainObject';
import { stateProblem, type TriggerState } from './state';

const kindOf = (value: unknown) => (Array.isArray(value) ? 'a list' : `a ${typeof value}`);

/** The trigger's state as read, and how to keep the next one. */
export interface StateHome {
	state: TriggerState;
	save(next: TriggerState): void;
}

/**
 * Where the state lives: the node's static data. A hand edit can make that something other than
 * an object, and n8n hands the trigger the value itself, which cannot be written to: the state then
 * lives under the node's name in the workflow's global static data, from a new baseline (logged),
 * set whole on every save so n8n sees the change and stores it.
 */
function stateHome(ctx: IPollFunctions): StateHome {
	const own = ctx.getWorkflowStaticData('node') as unknown;
	const global = ctx.getWorkflowStaticData('global') as unknown;
	const spare = `apifyKeyValueStoreTrigger:${ctx.getNode().name}`;
	if (isPlainObject(own)) {
		if (isPlainObject(global) && spare in global) delete global[spare];
		const save = (next: TriggerState) => {
			for (const key of Object.keys(own)) delete own[key];
			Object.assign(own, next);
		};
		return { state: own, save };
	}
	if (!isPlainObject(global)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The workflow's static data for this trigger is ${kindOf(own)} and its global static data ${kindOf(global)}, so the trigger has nowhere to keep track of the store`,
			{
				description:
					'Remove "staticData" from the workflow (for example in an exported workflow, then import it again); the next poll takes a new baseline.',
			},
		);
	}
	if (!isPlainObject(global[spare])) {
		ctx.logger.warn(
			`The trigger's saved state is ${kindOf(own)}, not an object: it is kept in the workflow's global static data ("${spare}") from a new baseline`,
		);
	}
	const state = isPlainObject(global[spare]) ? (global[spare] as TriggerState) : {};
	return { state, save: (next) => (global[spare] = { ...next }) };
}

/** The trigger's state, or a fresh one (logged once) where what was kept cannot be read. */
export function readableState(ctx: IPollFunctions): StateHome {
	const home = stateHome(ctx);
	const problem = stateProblem(home.state as IDataObject);
	if (!problem) return home;
	ctx.logger.warn(
		`The trigger's saved state could not be read (${problem}): a new baseline is taken`,
	);
	return { state: {}, save: home.save };
}
