import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import { checkBaseUrl } from './baseUrl';
import { CREDENTIAL_TYPE } from './defaults';
import { processGates, type RateGate } from './rateGate';

export type Context = IExecuteFunctions | ILoadOptionsFunctions;

export interface Connection {
	baseUrl: string;
	token: string;
}

/**
 * What the requests of one node run share: the credential's Base URL, checked once (n8n's
 * authenticated helper applies the token to each request itself; the session keeps it only to
 * take it out of anything that leaves), and the per-store rate gates, which every execution in
 * the process that writes to the same store with the same account shares.
 */
export class ApiSession {
	private connecting: Promise<Connection> | undefined;

	private known: Connection | undefined;

	/** The API and the account, for the gates' keys: the token only as a hash, as nothing else keeps it. */
	private scope: string | undefined;

	constructor(readonly ctx: Context) {}

	async connection(itemIndex: number): Promise<Connection> {
		if (!this.connecting) {
			this.connecting = this.readConnection(itemIndex);
			// A failed read (a bad Base URL) fails this item; the next item tries again.
			this.connecting.catch(() => (this.connecting = undefined));
		}
		return await this.connecting;
	}

	/** The token, once the connection has been read: for taking it out of anything that leaves. */
	token(): string | undefined {
		return this.known?.token;
	}

	/** The gate for one pacing key (a store and an endpoint class), or none when pacing is off. */
	gate(key: string, perSecond: number): RateGate | undefined {
		if (!(perSecond > 0) || !this.scope) return undefined;
		return processGates.gate(`${this.scope}\u0000${key}`, perSecond);
	}

	/** The execution's cancel signal, where the context has one (pickers run outside an execution). */
	cancelSignal(): AbortSignal | undefined {
		return 'getExecutionCancelSignal' in this.ctx ? this.ctx.getExecutionCancelSignal() : undefined;
	}

	private async readConnection(itemIndex: number): Promise<Connection> {
		const credentials = await this.ctx.getCredentials(CREDENTIAL_TYPE, itemIndex);
		const checked = checkBaseUrl(credentials.baseUrl);
		if (!checked.ok)
			throw new NodeOperationError(this.ctx.getNode(), checked.problem, { itemIndex });
		const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
		if (!token) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				'The Apify API credential has no API token',
				{
					itemIndex,
					description:
						'Paste your token from Apify Console > Settings > API & Integrations into the credential.',
				},
			);
		}
		this.known = { baseUrl: checked.baseUrl, token };
		this.scope = `${checked.baseUrl}\u0000${createHash('sha256').update(token).digest('base64')}`;
		return this.known;
	}
}
