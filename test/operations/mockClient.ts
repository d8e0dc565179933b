// The mocked API client (see mockApi.ts): kept apart from the engine harness, which loads the node,
// which loads this mock.

/** One store's client: every endpoint a jest.fn. */
export const store = {
	get: jest.fn(),
	update: jest.fn(),
	delete: jest.fn(),
	downloadRecords: jest.fn(),
	keysPage: jest.fn(),
	listKeys: jest.fn(),
	getRecord: jest.fn(),
	setRecord: jest.fn(),
	deleteRecord: jest.fn(),
	recordExists: jest.fn(),
	recordPublicUrl: jest.fn(),
	contentPublicUrl: jest.fn(),
};

/** The account's stores. */
export const stores = { page: jest.fn(), list: jest.fn(), getOrCreate: jest.fn() };

/** The store references the operation asked clients for, in order. */
export const references: string[] = [];

class MockKeyValueStoreApi {
	readonly stores = stores;

	constructor(readonly context: unknown) {}

	cancelled() {
		return false;
	}

	store(reference: string) {
		references.push(reference);
		// The endpoints are the shared mocks; the reference is the client's own, as on the real one.
		return { ...store, reference };
	}

	/** A store as the item names it: by its reference, or a run's (named by its scope). */
	async storeOf(target: { kind: string; reference?: string }) {
		if (target.kind === 'store') return this.store(String(target.reference));
		references.push(JSON.stringify(target));
		return { ...store, reference: 'RunStore000000001' };
	}
}

export const clientModule = { KeyValueStoreApi: MockKeyValueStoreApi };

beforeEach(() => {
	references.length = 0;
	for (const fn of [...Object.values(store), ...Object.values(stores)]) fn.mockReset();
});
