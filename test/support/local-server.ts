import http from 'http';
import { checkResponse } from './openapi';

// The server is plain JavaScript so that it runs with no build step; this is its typed face.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { startServer, DEFAULT_BODY_LIMIT } = require('../../server') as {
	startServer: (options?: ServerOptions) => Promise<LocalServer>;
	/** Apify's record limit (9 MiB), the server's default. */
	DEFAULT_BODY_LIMIT: number;
};

export interface FaultRule {
	kind: 'status' | 'rate-limit' | 'drop' | 'delay';
	status?: number;
	retryAfter?: number;
	ms?: number;
	afterBytes?: number;
	count?: number;
	fraction?: number;
	method?: string;
	path?: string;
}

export interface ServerOptions {
	host?: string;
	port?: number;
	tokens?: Array<{ token: string; userId?: string; username?: string; readOnly?: boolean }>;
	dataDir?: string;
	bodyLimit?: number;
	rateLimitPerSecond?: number;
	publicBaseUrl?: string;
	faultSeed?: number;
	testRoutes?: boolean;
	tls?: { key: string | Buffer; cert: string | Buffer };
	/** Record reads answer 302 to this object storage, as Apify's go to S3. */
	objectStorage?: { tls?: { key: string | Buffer; cert: string | Buffer }; ttlMs?: number };
	log?: (line: string) => void;
}

export interface ObjectStorageView {
	url: string;
	stats: { requests: number; served: number; refusedAuthorization: number; refusedSignature: number };
}

export interface StoredRecordView {
	body: Buffer;
	decoded: Buffer;
	contentType: string;
	contentEncoding: string;
	decodedSize: number;
}

export interface StoreMetaView {
	id: string;
	name: string | null;
	username: string;
}

export interface RunView {
	id: string;
	actId: string;
	actorTaskId: string | null;
	status: string;
	defaultKeyValueStoreId: string;
}

export interface LocalServer {
	url: string;
	port: number;
	token: string;
	username: string;
	faults: { set(rules: FaultRule[], seed?: number): void; clear(): void; injected: Record<string, number> };
	objectStorage?: ObjectStorageView;
	stats: { requests: number; byRoute: Record<string, number>; byStatus: Record<string, number>; bytesReceived: number; tokensInUrl: number; connections: number; tlsResumed: number; inFlight: number; maxInFlight: number; inFlightByStore: Record<string, number>; maxInFlightByStore: Record<string, number>; aiToolRequests: number };
	setBodyLimit(limit: number): void;
	setRateLimit(perSecond: number): void;
	ensureStore(name: string): StoreMetaView;
	getRecord(storeRef: string, key: string): StoredRecordView | undefined;
	putRecord(storeRef: string, key: string, body: Buffer, contentType?: string): void;
	deleteRecord(storeRef: string, key: string): void;
	deleteStore(storeRef: string): void;
	createActor(name: string, title?: string, username?: string): { id: string; name: string; username: string };
	createTask(actorId: string, name: string): { id: string; name: string; actId: string };
	createRun(fields: { actorId?: string; actorTaskId?: string; status?: string; withStore?: boolean }): RunView;
	reset(): void;
	close(): Promise<void>;
}

export { startServer, DEFAULT_BODY_LIMIT };

export interface ApiResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	buffer: Buffer;
	json: any;
}

/** One HTTP exchange with exact bytes: Node's fetch would add Accept-Encoding and decode for us. */
export function rawRequest(
	url: string,
	method: string,
	headers: Record<string, string>,
	body?: Buffer | string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; buffer: Buffer }> {
	return new Promise((resolve, reject) => {
		// The path goes as given: parsing it as a URL would turn a key such as %2E%2E into a path step.
		const { hostname, port } = new URL(url);
		const pathStart = url.indexOf('/', url.indexOf('//') + 2);
		const req = http.request({ hostname, port, path: url.slice(pathStart), method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, buffer: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * A request to the server whose answer must conform to the OpenAPI contract: every call made
 * through this helper fails the test when the status or body is not what the spec declares.
 */
export async function callApi(
	server: Pick<LocalServer, 'url' | 'token'>,
	method: string,
	pathAndQuery: string,
	init: { body?: Buffer | string; headers?: Record<string, string>; auth?: boolean } = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = { ...(init.headers ?? {}) };
	if (init.auth !== false) headers.authorization = `Bearer ${server.token}`;
	const res = await rawRequest(`${server.url}${pathAndQuery}`, method, headers, init.body);
	const text = res.buffer.toString('utf8');
	const pathname = pathAndQuery.split('?')[0];
	const contentType = res.headers['content-type'] ?? null;
	const problems = checkResponse({ method, pathname, status: res.status, contentType, body: text });
	if (problems.length > 0) throw new Error(`Response does not conform to the OpenAPI spec:\n${problems.join('\n')}`);
	let json: any;
	if (contentType?.includes('json') && !res.headers['content-encoding']) {
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
	}
	return { status: res.status, headers: res.headers, text, buffer: res.buffer, json };
}
