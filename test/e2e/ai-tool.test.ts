import type { IDataObject } from 'n8n-workflow';
import { startServer, type LocalServer } from '../support/local-server';
import { scriptedModel, toolResults, type ChatRequest, type Reply, type ScriptedModel } from '../support/openai-server';

// The node as an AI agent's tool, in a real n8n with the package installed as users install it: an
// AI Agent with the OpenAI Chat Model pointed at a scripted model on 127.0.0.1, and this node as three
// tools (Store Record, Get Record, List Keys) fed by $fromAI(). Checked: the tools' descriptions and
// schemas the model receives, the requests the local Apify server receives (with the AI-tool header),
// the error path (a bad key comes back to the model as text, the run goes on), and the token in
// nothing the model saw nor in n8n's output.

/* eslint-disable @typescript-eslint/no-var-requires */
const { createInstance } = require('../../scripts/n8n/instance') as {
	createInstance: (options: { line: string }) => Promise<N8nInstance>;
};
const { operations } = require('../../nodes/ApifyKeyValueStore/actions/operations') as { operations: Record<string, Record<string, { toolDescription: string }>> };
const toolDescriptions = Object.fromEntries(Object.entries(operations.record).map(([value, operation]) => [value, operation.toolDescription]));
/* eslint-enable @typescript-eslint/no-var-requires */

interface N8nInstance {
	version: string;
	importCredential(credential: IDataObject): Promise<void>;
	importWorkflow(workflow: IDataObject): Promise<void>;
	cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
	execute(id: string): Promise<any>;
	cleanup(): void;
}

const TOKEN = 'apify_api_AiToolE2eToken0123456789abcdef';
const STORE = 'agent-notes';
const LINES = (process.env.E2E_AI_LINES ?? '2,1').split(',').map((line) => line.trim());
/** A 5 MB JSON record the agent reads: it must receive the cap, not the record. */
const BIG_KEY = 'crawl-results';
const BIG = JSON.stringify({ pages: Array.from({ length: 50_000 }, (_, i) => ({ url: `https://example.com/page/${i}`, text: 'lorem ipsum '.repeat(6) })) });
const TOOL_CAP = 32 * 1024;
const CREDENTIALS = { apifyKeyValueStoreApi: { id: 'apifyLocalCred01', name: 'Apify API' } };

const tool = (id: string, name: string, x: number, parameters: IDataObject) => ({
	id,
	name,
	type: 'n8n-nodes-apify-key-value-store.apifyKeyValueStoreTool',
	typeVersion: 1,
	position: [x, 220],
	credentials: CREDENTIALS,
	parameters: { storeId: { __rl: true, mode: 'name', value: `~${STORE}` }, ...parameters },
});

/**
 * The workflow. On n8n 1.x a tool's error stops the agent unless the tool node continues on error
 * (2.x hands the model the error either way), so there the Store Note tool is set to continue.
 */
function agentWorkflow(line: string): IDataObject {
	const continueOnError = line.startsWith('1') ? { onError: 'continueRegularOutput' } : {};
	return {
		id: 'aiToolWorkflow01',
		name: 'Agent with Apify key-value store tools',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [220, 0],
				parameters: { promptType: 'define', text: 'Save the note "Buy milk", read it back, then list the notes.', options: {} },
			},
			{
				id: 'model',
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [0, 220],
				credentials: { openAiApi: { id: 'openAiLocalCred1', name: 'OpenAI (scripted)' } },
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: { maxRetries: 0 } },
			},
			{ ...tool('store', 'Store Note', 200, { resource: 'record', operation: 'store', recordKey: "={{ $fromAI('key') }}", valueSource: 'text', textValue: "={{ $fromAI('value') }}" }), ...continueOnError },
			tool('get', 'Read Note', 400, { resource: 'record', operation: 'get', recordKey: { __rl: true, mode: 'key', value: "={{ $fromAI('key') }}" } }),
			tool('list', 'List Notes', 600, { resource: 'record', operation: 'listKeys', returnAll: false, limit: 10 }),
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Store Note': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			'Read Note': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			'List Notes': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
	};
}

/** The conversation: store a note, read it, list the keys, read a 5 MB record, store under a bad key, then answer. */
function script(request: ChatRequest): Reply {
	const results = toolResults(request);
	switch (results.length) {
		case 0:
			return { toolCalls: [{ name: 'Store_Note', args: { key: 'note-1', value: 'Buy milk' } }] };
		case 1:
			return { toolCalls: [{ name: 'Read_Note', args: { key: 'note-1' } }] };
		case 2:
			return { toolCalls: [{ name: 'List_Notes', args: {} }] };
		case 3:
			return { toolCalls: [{ name: 'Read_Note', args: { key: BIG_KEY } }] };
		case 4:
			return { toolCalls: [{ name: 'Store_Note', args: { key: 'my note?', value: 'x' } }] };
		default:
			return { text: 'Done: the note is saved as note-1.' };
	}
}

describe.each(LINES)('the node as an AI agent\'s tool, n8n line %s.x', (line) => {
	let server: LocalServer;
	let model: ScriptedModel;
	let n8n: N8nInstance;
	let run: any;
	let output = '';

	beforeAll(async () => {
		server = await startServer({ tokens: [{ token: TOKEN, username: 'agent' }] });
		server.ensureStore(STORE);
		server.putRecord(`~${STORE}`, BIG_KEY, Buffer.from(BIG), 'application/json; charset=utf-8');
		model = await scriptedModel(script);
		n8n = await createInstance({ line });
		await n8n.importCredential({ id: 'apifyLocalCred01', name: 'Apify API', type: 'apifyKeyValueStoreApi', data: { apiToken: TOKEN, baseUrl: server.url } });
		await n8n.importCredential({ id: 'openAiLocalCred1', name: 'OpenAI (scripted)', type: 'openAiApi', data: { apiKey: 'sk-scripted-model-key', url: model.url } });
		const workflow = agentWorkflow(line);
		await n8n.importWorkflow(workflow);
		const result = await n8n.cli(['execute', `--id=${String(workflow.id)}`, '--rawOutput']);
		output = `${result.stdout}\n${result.stderr}`;
		const start = result.stdout.search(/^\{/m);
		const end = result.stdout.slice(start).search(/^\}\s*$/m);
		run = start === -1 ? undefined : JSON.parse(result.stdout.slice(start, end === -1 ? undefined : start + end + 1));
	}, 30 * 60_000);
	afterAll(async () => {
		await model?.close();
		await server?.close();
		n8n?.cleanup();
	});

	it('the agent runs to its answer through the three tools', () => {
		expect(run?.data.resultData.error).toBeUndefined();
		const answer = run.data.resultData.runData['AI Agent'][0].data.main[0][0].json.output;
		expect(answer).toBe('Done: the note is saved as note-1.');
		expect(model.requests).toHaveLength(6);
	});

	it('offers each operation as a tool with its own description and the $fromAI() schema', () => {
		const tools = Object.fromEntries((model.requests[0].tools ?? []).map((t) => [t.function.name, t.function]));
		expect(Object.keys(tools).sort()).toEqual(['List_Notes', 'Read_Note', 'Store_Note']);
		expect(tools.Store_Note.description).toBe(toolDescriptions.store);
		expect(tools.Read_Note.description).toBe(toolDescriptions.get);
		expect(tools.List_Notes.description).toBe(toolDescriptions.listKeys);
		expect(Object.keys((tools.Store_Note.parameters as { properties: object }).properties).sort()).toEqual(['key', 'value']);
		process.stderr.write(`[e2e ai] n8n ${n8n.version}: Store_Note as the model received it: ${JSON.stringify(tools.Store_Note)}\n`);
	});

	it('stores, reads and lists through the local Apify server, every request marked as an AI tool\'s', () => {
		expect(server.getRecord(`~${STORE}`, 'note-1')?.decoded.toString()).toBe('Buy milk');
		const results = toolResults(model.requests[5]);
		expect(results[0]).toContain('note-1');
		expect(results[1]).toContain('Buy milk');
		expect(results[2]).toContain('note-1');
		expect(server.stats.byRoute['PUT record']).toBe(1);
		expect(server.stats.byRoute['GET record']).toBe(2);
		expect(server.stats.byRoute.keys).toBe(1);
		expect(server.stats.aiToolRequests).toBe(server.stats.requests);
	});

	it('a bad key comes back to the model as the rule and the fix, and the run goes on', () => {
		const result = toolResults(model.requests[5])[4];
		// n8n hands the model the failed item as JSON: [{ "error": … }].
		const parsed = JSON.parse(result) as { error?: string } | Array<{ error?: string }>;
		const message = String((Array.isArray(parsed) ? parsed[0] : parsed).error);
		expect(message).toMatch(/^The record key "my note\?" contains characters Apify does not allow: " ", "\?"\. A key is 1 to 256 characters, each a letter, a digit or one of !-_\.'\(\), and not "\." or "\.\.": replace or remove the others\.$/);
		expect(result).not.toContain('{{');
		expect(server.getRecord(`~${STORE}`, 'my note?')).toBeUndefined();
		process.stderr.write(`[e2e ai] n8n ${n8n.version}: the model got for the bad key: ${result}\n`);
	});

	it('a 5 MB record reaches the model as its first 32 KiB, marked truncated, with its size and a signed link to the whole', async () => {
		const result = toolResults(model.requests[5])[3];
		const parsed = JSON.parse(result) as Record<string, unknown> | Array<Record<string, unknown>>;
		const answer = Array.isArray(parsed) ? parsed[0] : parsed;
		expect(BIG.length).toBeGreaterThan(5_000_000);
		expect(answer).toMatchObject({ key: BIG_KEY, truncated: true, bytes: BIG.length, contentType: 'application/json; charset=utf-8' });
		expect(answer.value).toBe(BIG.slice(0, TOOL_CAP));
		expect(result.length).toBeLessThan(TOOL_CAP * 1.2);
		expect(String(answer.publicUrl)).toMatch(new RegExp(`^${server.url}/v2/key-value-stores/[a-zA-Z0-9]{17}/records/${BIG_KEY}\\?signature=`));
		const whole = await fetch(String(answer.publicUrl));
		expect(await whole.text()).toBe(BIG);
		const { value: _value, ...rest } = answer;
		process.stderr.write(`[e2e ai] n8n ${n8n.version}: the model got ${result.length} characters for the 5 MB record: ${JSON.stringify(rest)}\n`);
	});

	it('the token is in nothing the model saw, nor in n8n\'s output and logs', () => {
		expect(model.seen()).not.toContain(TOKEN);
		expect(output).not.toContain(TOKEN);
		expect(JSON.stringify(run)).not.toContain(TOKEN);
	});
});
