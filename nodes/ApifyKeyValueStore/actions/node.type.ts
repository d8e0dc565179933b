import type { AllEntities } from 'n8n-workflow';

/** Every resource and its operations: the router's table is checked against this by the compiler. */
type NodeMap = {
	record: 'store' | 'get' | 'delete' | 'exists' | 'listKeys';
	store: 'get' | 'getOrCreate' | 'getAll' | 'update' | 'delete' | 'downloadRecords';
};

export type ApifyKeyValueStoreType = AllEntities<NodeMap>;
