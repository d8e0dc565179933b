// The API client's public face: operations, pickers and the trigger import from here only.
export { KeyValueStoreApi, type CallOptions } from './client';
export type {
	KeyQuery,
	KeyValueStoreClient,
	ReadOptions,
	RecordRead,
	RecordWrite,
	TooLarge,
} from './keyValueStore';
export type { PublicLink } from './publicLinks';
export type { StoredRecord } from './recordLocation';
export type { KeyItem, StoreObject } from './shapes';
export type { StoreListQuery } from './storeCollection';
// What callers need of the transport to hand the client its session and settings.
export {
	ApiSession,
	defaults,
	IN_THE_CREDENTIAL,
	type ByteStream,
	type Context,
	type Reservation,
	type TransportSettings,
} from '../transport';
