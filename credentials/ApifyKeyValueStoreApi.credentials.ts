import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ApifyKeyValueStoreApi implements ICredentialType {
	name = 'apifyKeyValueStoreApi';

	displayName = 'Apify API';

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
			description: 'Your Apify API token, from Apify Console > Settings > API & Integrations',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.apify.com',
			description:
				'The Apify API address. Keep the default for Apify; use http://127.0.0.1:&lt;port&gt; for a local Apify-compatible server. Plain http is allowed only for localhost and 127.0.0.1.',
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

	// Plain http to anything but this machine is upgraded to https for the test, so the token
	// never crosses the network unencrypted; the node itself refuses such a Base URL outright.
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ (($credentials.baseUrl || "https://api.apify.com").trim().replace(/\\/+$/, "").replace(/\\/v2$/, "")).replace(/^http:\\/\\/(?!(localhost|127\\.\\d+\\.\\d+\\.\\d+|\\[::1\\])(:|\\/|$))/i, "https://") }}',
			url: '/v2/users/me',
			method: 'GET',
		},
	};
}
