// The API client's face: the clients, the shapes of what they take and give, the typed error, and
// the limits a caller describes its options with. Operations, pickers and the trigger import from
// here only; none of the transport's machinery (sessions, gates, budgets) is handed out.
export { KeyValueStoreApi, type CallOptions } from './client';
export type {
	KeyQuery,
	KeyValueStoreClient,
	ReadOptions,
	RecordRead,
	RecordWrite,
} from './keyValueStore';
export type { PublicLink } from './publicLinks';
export type { RunListing } from './runCollections';
export type { StoredRecord } from './recordLocation';
export { requestLimits } from './requestLimits';
export type { KeyItem, StoreObject } from './shapes';
export type { StoreListQuery } from './storeCollection';
export {
	ApiError,
	type ApiErrorReason,
	type ByteStream,
	type TransportSettings,
} from '../transport/transport';
