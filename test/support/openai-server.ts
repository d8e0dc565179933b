import http from 'http';
import type { AddressInfo } from 'net';

// A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for an n8n AI Agent with the
// OpenAI Chat Model pointed at it: each request is kept (what the model was sent: the tools with
// their descriptions and schemas, the messages, the tool results), and the script decides the answer.

export interface ToolCall {
	name: string;
	args: Record<string, unknown>;
}

export interface ChatRequest {
	messages: Array<{ role: string; content?: unknown; tool_call_id?: string; tool_calls?: unknown[] }>;
	tools?: Array<{ type: string; function: { name: string; description: string; parameters: Record<string, unknown> } }>;
	stream?: boolean;
}

/** The answer to one request: tool calls, or a final text. */
export type Reply = { toolCalls: ToolCall[] } | { text: string };

export interface ScriptedModel {
	/** The base URL for the OpenAI credential ("…/v1"). */
	url: string;
	requests: ChatRequest[];
	/** Every byte the model was sent, as text. */
	seen(): string;
	close(): Promise<void>;
}

function completion(reply: Reply, counter: number) {
	const toolCalls = 'toolCalls' in reply
		? reply.toolCalls.map((call, i) => ({ id: `call_${counter}_${i}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }))
		: undefined;
	const message = { role: 'assistant', content: 'text' in reply ? reply.text : null, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
	return { message, finish: toolCalls ? 'tool_calls' : 'stop' };
}

/** A server that answers each chat completion with `script(request, index)`, streamed when asked. */
export async function scriptedModel(script: (request: ChatRequest, index: number) => Reply): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	const raw: string[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			raw.push(body);
			if (!req.url?.endsWith('/chat/completions')) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not here"}}');
			const request = JSON.parse(body) as ChatRequest;
			requests.push(request);
			const { message, finish } = completion(script(request, requests.length - 1), requests.length);
			const base = { id: `chatcmpl-${requests.length}`, created: 1_700_000_000, model: 'scripted' };
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (!request.stream) {
				res.writeHead(200, { 'content-type': 'application/json' });
				return void res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage }));
			}
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const delta = { ...message, tool_calls: (message as { tool_calls?: object[] }).tool_calls?.map((call, index) => ({ index, ...call })) };
			res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
			res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }], usage })}\n\n`);
			res.end('data: [DONE]\n\n');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
		requests,
		seen: () => raw.join('\n'),
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

/** The tool results the model has been sent so far, in order. */
export function toolResults(request: ChatRequest): string[] {
	return request.messages.filter((message) => message.role === 'tool').map((message) => (typeof message.content === 'string' ? message.content : JSON.stringify(message.content)));
}
