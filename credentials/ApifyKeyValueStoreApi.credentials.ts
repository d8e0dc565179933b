import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { defaults, LOOPBACK_HOST_SOURCE } from '../nodes/ApifyKeyValueStore/transport/transport';

const {
	CREDENTIAL_DISPLAY_NAME,
	DEFAULT_BASE_URL,
	INTEGRATION_PLATFORM,
	INTEGRATION_PLATFORM_HEADER,
} = defaults;

/** A loopback host (with any port) as it follows "http://": the only place plain http may go. */
const LOOPBACK_AFTER_SCHEME = `(?:${LOOPBACK_HOST_SOURCE})` + String.raw`(:\d*)?([\\/?#]|$)`;

/**
 * The credential test's address, cleaned as the URL parser will clean it (tabs and newlines
 * anywhere, control characters and spaces at the ends, backslashes read as slashes) before the
 * scheme is judged, so "\u0001http://host" or "http:/\n/host" cannot slip plain http past the
 * check: anything but http to this machine is sent as https.
 */
const TEST_BASE_URL =
	`={{ ($credentials.baseUrl || "${DEFAULT_BASE_URL}")` +
	String.raw`.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "")` +
	String.raw`.replace(/[\\/]+$/, "").replace(/[\\/]v2$/i, "")` +
	String.raw`.replace(/^http:[\\/]*(?=${LOOPBACK_AFTER_SCHEME})/i, "http://")` +
	String.raw`.replace(/^(?!http:\/\/${LOOPBACK_AFTER_SCHEME})[a-z][a-z0-9+.-]*:[\\/]*/i, "https://") }}`;

export class ApifyKeyValueStoreApi implements ICredentialType {
	name = 'apifyKeyValueStoreApi';

	displayName = CREDENTIAL_DISPLAY_NAME;

	icon: Icon = {
		light: 'file:../nodes/ApifyKeyValueStore/apify.svg',
		dark: 'file:../nodes/ApifyKeyValueStore/apify.dark.svg',
	};

	documentationUrl = 'https://docs.apify.com/platform/integrations/api#api-token';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Apify API token',
			hint: 'In Apify Console: Settings > API & Integrations > Personal API tokens. It starts with apify_api_.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'The Apify API address. Keep the default for Apify; use http://127.0.0.1:&lt;port&gt; for a local Apify-compatible server. Plain http is allowed only for localhost and 127.0.0.1.',
			hint: 'Keep https://api.apify.com unless you run a local server. If the test answers ECONNREFUSED or ENOTFOUND, n8n cannot reach this address: check it, and that the server is running.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: TEST_BASE_URL,
			url: '/v2/users/me',
			method: 'GET',
			headers: { [INTEGRATION_PLATFORM_HEADER]: INTEGRATION_PLATFORM },
		},
		// What to fix, for each way the test fails that has an answer (n8n shows the network error's
		// code, such as ECONNREFUSED, when there is none: the Base URL's hint covers that).
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Apify did not accept the API token. Copy it again from Apify Console > Settings > API & Integrations (it starts with apify_api_), without spaces.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The API token may not read the account. Use a token without restrictions, or one whose permissions include the account and its key-value stores.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'The Base URL does not answer like the Apify API. Keep https://api.apify.com, or give a local server its address without /v2 (such as http://127.0.0.1:8789).',
				},
			},
		],
	};
}
