import http from 'http';
import type { AddressInfo } from 'net';

/** A server on 127.0.0.1 that answers every request with one canned response, for answers the local server has no reason to give. */
export async function cannedServer(status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
	let requests = 0;
	const srv = http.createServer((req, res) => {
		requests++;
		req.resume();
		req.on('end', () => res.writeHead(status, headers).end(body));
	});
	await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
		requests: () => requests,
		close: () => new Promise((r) => srv.close(r)),
	};
}
