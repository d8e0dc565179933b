// The transport's public face: everything the API client uses to speak to the API. Nothing outside
// transport/ imports one of its files directly.
export { apifyRequest, type ApiCall } from './call';
export { apifyJson, storeSigningKey } from './json';
export { LOOPBACK_HOST_SOURCE } from './baseUrl';
export { type ByteStream } from './body';
export { ApiError, checkBaseUrlFix, type ApiErrorReason, type CallSubject } from './errors';
export { paginate, type Page } from './pager';
export { headerValue, type ApiAnswer } from './request';
export { ApiSession, type Context } from './session';
export { type TransportSettings } from './settings';
export * as defaults from './defaults';
