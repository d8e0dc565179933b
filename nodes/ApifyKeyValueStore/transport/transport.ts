// The transport's public face: everything the API client uses to speak to the API. Nothing outside
// transport/ imports one of its files directly.
export { apifyRequest, type ApiCall } from './call';
export { apifyJson, storeSigningKey } from './json';
export { LOOPBACK_HOST_SOURCE } from './baseUrl';
export { type ByteStream } from './body';
export { ByteBudget, type Reservation } from './byteBudget';
export { ApiError, CHECK_BASE_URL, IN_THE_CREDENTIAL, type ApiErrorReason } from './errors';
export { paginate, type Page } from './pager';
export { headerValue, type ApiAnswer } from './request';
export { ApiSession, type Context } from './session';
export {
	DEFAULT_RETRY_POLICY,
	DEFAULT_TRANSPORT_SETTINGS,
	type TransportSettings,
} from './settings';
export { CancelledError } from './wait';
export * as defaults from './defaults';
