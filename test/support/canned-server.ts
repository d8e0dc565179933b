import http from 'http';
import type { AddressInfo } from 'net';

export interface ScriptedServer {
	url: string;
	requests: () => number;
	/** Method and URL of every request, in order. */
	seen: Array<{ method: string; url: string }>;
	close: () => Promise<void>;
}

/** A server on 127.0.0.1 that answers as the test scripts it: for answers the local server has no reason to give. */
export async function scriptedServer(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<ScriptedServer> {
	const seen: ScriptedServer['seen'] = [];
	const srv = http.createServer((req, res) => {
		seen.push({ method: req.method ?? '', url: req.url ?? '' });
		handle(req, res);
	});
	await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
		requests: () => seen.length,
		seen,
		close: async () => {
			srv.closeAllConnections();
			await new Promise((r) => srv.close(r));
		},
	};
}

/** A server on 127.0.0.1 that answers every request with one canned response. */
export async function cannedServer(status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
	return await scriptedServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(status, headers).end(body));
	});
}
