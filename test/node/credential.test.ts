import { resolveCredentialTest } from '../harness/engine';
import { useLocalServer } from '../support/fixture';
import { rawRequest } from '../support/local-server';

const local = useLocalServer({ tokens: [{ token: 'cred-token', username: 'erin' }] });

async function test(credentials: { apiToken: string; baseUrl: string }) {
	const request = await resolveCredentialTest(credentials);
	const res = await rawRequest(request.url, request.method ?? 'GET', request.headers as Record<string, string>);
	return { request, status: res.status, body: JSON.parse(res.buffer.toString()) };
}

describe('Apify API credential', () => {
	it('tests with GET /v2/users/me and the Bearer header, and succeeds with a valid token', async () => {
		const result = await test({ apiToken: 'cred-token', baseUrl: `${local.server.url}/` });
		expect(result.request.url).toBe(`${local.server.url}/v2/users/me`);
		expect(result.request.headers).toEqual({ Authorization: 'Bearer cred-token', 'x-apify-integration-platform': 'n8n' });
		expect(result.status).toBe(200);
		expect(result.body.data.username).toBe('erin');
	});

	it('fails the test with a wrong token (401)', async () => {
		const result = await test({ apiToken: 'not-the-token', baseUrl: local.server.url });
		expect(result.status).toBe(401);
		expect(result.body.error.type).toBe('invalid-token');
	});

	it('accepts a base URL ending in /v2', async () => {
		const request = await resolveCredentialTest({ apiToken: 't', baseUrl: `${local.server.url}/v2` });
		expect(request.url).toBe(`${local.server.url}/v2/users/me`);
	});

	it('never sends the token over plain http to another host: the test goes to https', async () => {
		const remote = await resolveCredentialTest({ apiToken: 't', baseUrl: 'http://api.example.com' });
		expect(remote.url).toBe('https://api.example.com/v2/users/me');
		const defaulted = await resolveCredentialTest({ apiToken: 't', baseUrl: '' });
		expect(defaulted.url).toBe('https://api.apify.com/v2/users/me');
		const local = await resolveCredentialTest({ apiToken: 't', baseUrl: 'http://localhost:8789' });
		expect(local.url).toBe('http://localhost:8789/v2/users/me');
	});
});
