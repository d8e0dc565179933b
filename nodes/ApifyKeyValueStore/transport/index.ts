// The transport's public face: everything the operations and pickers use to speak to the API.
export { apifyJson, apifyRequest, type ApiAnswer, type ApiCall } from './call';
export { paginate, type Page } from './pager';
export { ApiSession } from './session';
export { DEFAULT_TRANSPORT_SETTINGS, type TransportSettings } from './settings';
export { headerValue } from './request';
