import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { startServer, type LocalServer, type ServerOptions } from './local-server';

export interface LocalServerFixture {
	/** The running server (from beforeAll on). */
	readonly server: LocalServer;
	/** The store every test starts with, fresh (from beforeEach on), when one was named. */
	readonly storeId: string;
	/** The node's credential for the first token, pointing at the server. */
	credentials(overrides?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
}

/**
 * The usual test setup in one place: a local Apify-compatible server for the file, started before
 * its tests and closed after them, reset before each test with a fresh store of the given name.
 */
export function useLocalServer(options: ServerOptions & { store?: string }): LocalServerFixture {
	let server: LocalServer | undefined;
	let storeId = '';
	beforeAll(async () => {
		server = await startServer(options);
	});
	afterAll(async () => await server?.close());
	if (options.store) {
		const name = options.store;
		beforeEach(() => {
			server!.reset();
			storeId = server!.ensureStore(name).id;
		});
	}
	return {
		get server() {
			if (!server) throw new Error('The local server starts in beforeAll');
			return server;
		},
		get storeId() {
			return storeId;
		},
		credentials(overrides = {}) {
			return { apiToken: options.tokens?.[0]?.token ?? '', baseUrl: server?.url ?? '', ...overrides };
		},
	};
}
