import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { mkdtempSync } from 'fs';
import os from 'os';
import path from 'path';
import type { Readable } from 'stream';
import {
	BinaryDataConfig,
	BinaryDataService,
	Credentials,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PollContext,
	TriggersAndPollers,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	LoggerProxy,
	Workflow,
	type ExecutionError,
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { ApifyKeyValueStore } from '../../nodes/ApifyKeyValueStore/ApifyKeyValueStore.node';
import { ApifyKeyValueStoreTrigger } from '../../nodes/ApifyKeyValueStore/ApifyKeyValueStoreTrigger.node';
import { ApifyKeyValueStoreApi } from '../../credentials/ApifyKeyValueStoreApi.credentials';

export const NODE_TYPE = 'n8n-nodes-apify-key-value-store.apifyKeyValueStore';
export const TRIGGER_TYPE = 'n8n-nodes-apify-key-value-store.apifyKeyValueStoreTrigger';
const INPUT_TYPE = 'test.input';

/** The workflow's first node: hands the test's items on, so the node under test has a real upstream. */
class InputNode implements INodeType {
	description = {
		displayName: 'Input',
		name: INPUT_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits the items the test gives',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const credentialTypes: Record<string, ICredentialType> = {
	apifyKeyValueStoreApi: new ApifyKeyValueStoreApi(),
};

const nodeTypes: INodeTypes = {
	getByName: (type: string) => nodeTypeFor(type),
	getByNameAndVersion: (type: string) => nodeTypeFor(type),
	getKnownTypes: () => ({}),
};

/** The node's last execute(): a cancelled run ends before the node does, so tests wait for this. */
let lastExecute: Promise<unknown> = Promise.resolve();

function nodeTypeFor(type: string): INodeType {
	if (type === NODE_TYPE || type === `${NODE_TYPE}Tool`) {
		const node = new ApifyKeyValueStore();
		// n8n's AI-tool variant of a node is the node under the name "<name>Tool" (what "@tool" reads).
		if (type !== NODE_TYPE) node.description = { ...node.description, name: `${node.description.name}Tool` };
		const execute = node.execute;
		node.execute = async function (this: IExecuteFunctions) {
			const running = execute.call(this);
			lastExecute = running.catch(() => undefined);
			return await running;
		};
		return node;
	}
	if (type === INPUT_TYPE) return new InputNode();
	if (type === TRIGGER_TYPE) return new ApifyKeyValueStoreTrigger();
	throw new Error(`Unknown node type ${type}`);
}

/**
 * Credentials as n8n's own helper applies them: a generic `authenticate` has its expressions
 * ({{$credentials.apiToken}}) resolved by the workflow's expression engine.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		const auth = type?.authenticate;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		if (!auth || auth.type !== 'generic') return requestOptions;
		const resolve = (value: unknown) =>
			workflow.expression.getSimpleParameterValue(node, value as string, 'internal', { $credentials: credentials }, undefined, '');
		const result: IHttpRequestOptions = { ...requestOptions };
		for (const [target, entries] of Object.entries(auth.properties) as Array<[keyof IHttpRequestOptions, IDataObject]>) {
			const resolved: IDataObject = {};
			for (const [key, value] of Object.entries(entries)) resolved[key] = resolve(value) as IDataObject[string];
			(result as unknown as Record<string, unknown>)[target] = { ...((requestOptions[target] as IDataObject) ?? {}), ...resolved };
		}
		return result;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getCredentialsProperties() {
		return [];
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		const found = this.data[type];
		if (!found) throw new Error(`No credentials of type ${type} in this test`);
		return found;
	}

	async getCredentials() {
		return new Credentials({ id: null, name: '' }, '', '');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}
}

export type BinaryMode = 'default' | 'filesystem';

let binaryStoragePath: string | undefined;
let binaryModeChosen = false;

/**
 * Switches n8n's binary data between in-memory ("default", which n8n 3.0 removes; only the memory
 * benchmark's held-in-the-item leg uses it) and filesystem mode, as an n8n instance would.
 */
export async function setBinaryDataMode(mode: BinaryMode): Promise<void> {
	const config = Container.get(BinaryDataConfig);
	binaryStoragePath ??= mkdtempSync(path.join(os.tmpdir(), 'n8n-binary-'));
	config.localStoragePath = binaryStoragePath;
	config.mode = mode;
	binaryModeChosen = true;
	await Container.get(BinaryDataService).init();
}

/** Puts a file into n8n's binary data service, in whatever mode it is, as a node would. */
export async function makeBinary(data: Buffer | Readable, mimeType: string, fileName?: string): Promise<IBinaryData> {
	const service = Container.get(BinaryDataService);
	const prepared = { data: '', mimeType, fileName } as IBinaryData;
	return await service.store({ type: 'execution', workflowId: 'test-workflow', executionId: 'test-execution' }, data, prepared);
}

/** A file's bytes as a downstream node reads them, in whatever mode n8n keeps it. */
export async function binaryBytes(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** What n8n hands an execution besides the workflow: the credentials helper, URLs, hooks. */
function buildAdditionalData(credentials: ICredentialDataDecryptedObject, hooks?: ExecutionLifecycleHooks, currentNodeParameters?: INodeParameters) {
	return {
		hooks,
		credentialsHelper: new TestCredentialsHelper({ apifyKeyValueStoreApi: credentials }),
		executionId: 'test-execution',
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		currentNodeParameters,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not part of these tests');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not part of these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A node of this package in a test workflow, with the test credential. */
function packageNode(type: string, id: string, name: string, parameters: INodeParameters, position: [number, number]): INode {
	return { id, name, type, typeVersion: 1, position, parameters, credentials: { apifyKeyValueStoreApi: { id: 'cred-1', name: 'Apify API (test)' } } };
}

/** The node under test. */
const kvsNode = (parameters: INodeParameters): INode => packageNode(NODE_TYPE, 'kvs', 'Apify KVS', parameters, [200, 0]);

export interface RunOptions {
	parameters: INodeParameters;
	items: INodeExecutionData[];
	credentials?: ICredentialDataDecryptedObject;
	onError?: INode['onError'];
	mode?: WorkflowExecuteMode;
	/** Cancels the execution (as the editor's stop button or a timeout does) when this settles. */
	cancelWhen?: Promise<unknown>;
	/**
	 * Skips the check that the token shows nowhere, for memory benchmarks only: it turns all the run
	 * data into text, which would count against the node's memory.
	 */
	skipSecretCheck?: boolean;
	/** Runs the node as n8n runs an AI agent's tool: its type is "<type>Tool". */
	asTool?: boolean;
	/** The node's version (1 unless given: what the existing tests were written for). */
	typeVersion?: number;
}

export interface RunResult {
	/** The node's outputs: [0] the regular one, [1] the error output when "onError" routes there. */
	outputs: INodeExecutionData[][];
	/** The error that stopped the node (and the workflow), if one did. */
	error?: ExecutionError;
	run: IRun;
	/** For a cancelled run: how long the node's own execute() went on after the cancel. */
	cancelled?: { nodeSettledMs: number };
}

/** Runs the Apify Key-Value Store node on the given items through n8n's WorkflowExecute. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	// n8n 3.0 has no in-memory binary mode: a run starts in filesystem mode unless a test chose one.
	if (!binaryModeChosen) await setBinaryDataMode('filesystem');
	const input: INode = { id: 'input', name: 'Input', type: INPUT_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const node: INode = { ...kvsNode(options.parameters), ...(options.onError ? { onError: options.onError } : {}), ...(options.asTool ? { type: `${NODE_TYPE}Tool` } : {}), typeVersion: options.typeVersion ?? 1 };
	const connections = { Input: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] } };
	const workflow = new Workflow({ id: 'test-workflow', nodes: [input, node], connections, nodeTypes, active: false, settings: {} });
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		nodes: [input, node],
		connections,
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);
	let finished: (run: IRun) => void = () => {};
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));

	const additionalData = buildAdditionalData(options.credentials ?? {}, hooks);

	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: input, data: { main: [options.items] }, source: null }] },
	});

	logLines.length = 0;
	lastExecute = Promise.resolve();
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	let cancelledAt: number | undefined;
	void options.cancelWhen?.then(() => {
		cancelledAt = Date.now();
		execution.cancel();
	});
	// A cancelled execution's promise stays pending (n8n does not reject it): the hook ends both kinds.
	if (!options.cancelWhen) await execution;
	const run = await done;
	let cancelled: RunResult['cancelled'];
	if (cancelledAt !== undefined) {
		// Bounded: a node that never settles shows as a minute, not a hung test.
		await Promise.race([lastExecute, new Promise((resolve) => setTimeout(resolve, 60_000).unref())]);
		cancelled = { nodeSettledMs: Date.now() - cancelledAt };
	}
	const task = run.data.resultData.runData[node.name]?.[0];
	const result = {
		outputs: (task?.data?.main ?? []).map((items) => items ?? []),
		error: task?.error ?? run.data.resultData.error,
		run,
		cancelled,
	};
	if (!options.skipSecretCheck) assertNoSecret(result, options.credentials?.apiToken);
	return result;
}

// Every line n8n's engine logs during a run (at every level), for the token check below.
const logLines: string[] = [];
const capture =
	(level: string) =>
	(message: string, meta?: object): void => {
		logLines.push(`${level} ${message} ${safeStringify(meta ?? {})}`);
	};
// n8n logs through the Logger service (which also backs LoggerProxy): each level is wrapped to keep a copy.
const n8nLogger = Container.get(Logger) as unknown as Record<'error' | 'warn' | 'info' | 'debug', (message: string, meta?: object) => void>;
for (const level of ['error', 'warn', 'info', 'debug'] as const) {
	const original = n8nLogger[level].bind(n8nLogger);
	const keep = capture(level);
	n8nLogger[level] = (message, meta) => {
		keep(message, meta);
		original(message, meta);
	};
}
LoggerProxy.init(n8nLogger as never);

/** JSON text of anything, a circular reference (as a test's own input may hold) included. */
function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	return JSON.stringify(value, (_key, v: unknown) => {
		if (typeof v === 'bigint') return v.toString();
		if (v !== null && typeof v === 'object') {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
		}
		return v;
	});
}

/**
 * Every run of every engine test checks that the API token shows nowhere: not in the outputs,
 * the run data, an error's message, description or stack.
 */
function assertNoSecret(result: RunResult, token: unknown) {
	if (typeof token !== 'string' || token.length < 8) return;
	const error = result.error as (ExecutionError & { description?: string | null }) | undefined;
	const places: Array<[string, string]> = [
		['outputs', safeStringify(result.outputs)],
		['run data', safeStringify(result.run.data)],
		['error message', String(error?.message ?? '')],
		['error description', String(error?.description ?? '')],
		['error stack', String(error?.stack ?? '')],
		['log', logLines.join('\n')],
	];
	for (const [where, text] of places) {
		if (text.includes(token)) throw new Error(`The API token leaked into the ${where}`);
	}
}

/**
 * The credential's test request as n8n builds it: the request's expressions resolved by n8n's
 * expression engine with $credentials, then the credential's authentication applied.
 */
export async function resolveCredentialTest(credentials: ICredentialDataDecryptedObject): Promise<IHttpRequestOptions> {
	const type = credentialTypes.apifyKeyValueStoreApi;
	const request = type.test!.request;
	const node: INode = { id: 'cred-test', name: 'Credential test', type: INPUT_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes, active: false, settings: {} });
	const resolve = (value: string | undefined) =>
		value === undefined
			? undefined
			: (workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') as string);
	const options: IHttpRequestOptions = {
		method: request.method ?? 'GET',
		url: `${resolve(request.baseURL) ?? ''}${resolve(request.url) ?? ''}`,
		headers: { ...(request.headers ?? {}) },
	};
	return await new TestCredentialsHelper({}).authenticate(credentials, 'apifyKeyValueStoreApi', options, workflow, node);
}

/**
 * Calls one of the node's list-search methods (the pickers) as the editor does: through n8n's
 * LoadOptionsContext, with the node's current parameters.
 */
export async function runListSearch(
	method: 'searchStores' | 'searchRecordKeys' | 'searchRuns' | 'searchActors' | 'searchTasks',
	options: { parameters: INodeParameters; credentials: ICredentialDataDecryptedObject; filter?: string; paginationToken?: string },
) {
	const node = kvsNode(options.parameters);
	const workflow = new Workflow({ id: 'test-workflow', nodes: [node], connections: {}, nodeTypes, active: false, settings: {} });
	const context = new LoadOptionsContext(workflow, node, buildAdditionalData(options.credentials, undefined, options.parameters), 'parameters.storeId');
	const search = new ApifyKeyValueStore().methods.listSearch[method];
	return await search.call(context, options.filter, options.paginationToken);
}

/** Store Record's parameters for a store given by ID: each item's JSON under the key in $json.key, uncompressed. */
export function storeRecordParameters(storeId: string, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'record',
		operation: 'store',
		storeId: { __rl: true, mode: 'id', value: storeId },
		recordKey: '={{ $json.key }}',
		valueSource: 'itemJson',
		compression: 'none',
		...overrides,
	};
}

export interface PollOutcome {
	/** What the poll emitted: null when it found nothing to report. */
	items: INodeExecutionData[] | null;
	error?: Error;
	/** What the poll logged, a line each. */
	logs: string[];
}

export interface Poller {
	/** One poll, as n8n runs a published workflow's trigger ('trigger') or "Fetch Test Event" ('manual'). */
	poll(mode?: WorkflowExecuteMode): Promise<PollOutcome>;
	/** What the trigger keeps between polls. */
	staticData(): IDataObject;
	/** Replaces the node's static data (or the workflow's global static data), as a hand-edited workflow would. */
	setStaticData(value: unknown, which?: 'node' | 'global'): void;
	/** The workflow's global static data. */
	globalStaticData(): unknown;
}

/**
 * The trigger in a workflow, polled through n8n-core's PollContext and TriggersAndPollers as n8n
 * polls it; the workflow (and so the node's static data) lives across polls.
 */
export function makePoller(parameters: INodeParameters, credentials: ICredentialDataDecryptedObject): Poller {
	const node = packageNode(TRIGGER_TYPE, 'trigger', 'Apify KVS Trigger', parameters, [0, 0]);
	const workflow = new Workflow({ id: 'poll-workflow', nodes: [node], connections: {}, nodeTypes, active: true, settings: {}, staticData: {} });
	const additionalData = buildAdditionalData(credentials);
	const pollers = Container.get(TriggersAndPollers);
	return {
		async poll(mode: WorkflowExecuteMode = 'trigger') {
			const context = new PollContext(workflow, workflow.getNode(node.name)!, additionalData, mode, 'activate');
			logLines.length = 0;
			let outcome: PollOutcome;
			try {
				const items = await pollers.runPollFunction(workflow, workflow.getNode(node.name)!, context);
				outcome = { items: items ? items[0] : null, logs: [...logLines] };
			} catch (error) {
				outcome = { items: null, error: error as Error, logs: [...logLines] };
			}
			const token = credentials.apiToken;
			if (typeof token === 'string' && token.length >= 8) {
				const seen = [safeStringify(outcome.items), String(outcome.error?.message ?? ''), String((outcome.error as { description?: string })?.description ?? ''), logLines.join('\n'), safeStringify(workflow.staticData)];
				for (const text of seen) if (text.includes(token)) throw new Error('The API token leaked from a poll');
			}
			return outcome;
		},
		staticData: () => workflow.getStaticData('node', node) as IDataObject,
		setStaticData: (value: unknown, which: 'node' | 'global' = 'node') => {
			(workflow.staticData as Record<string, unknown>)[which === 'node' ? `node:${node.name}` : 'global'] = value;
		},
		globalStaticData: () => (workflow.staticData as Record<string, unknown>).global,
	};
}
