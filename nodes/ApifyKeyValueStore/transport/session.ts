import { isToolNodeType } from '../helpers/toolAnswer';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import { createHash } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import { checkBaseUrl } from './baseUrl';
import { ByteBudget } from './byteBudget';
import {
	AI_TOOL_HEADER,
	CREDENTIAL_TYPE,
	INTEGRATION_PLATFORM,
	INTEGRATION_PLATFORM_HEADER,
} from './defaults';
import { inTheCredential, redactAll } from './errors';
import { processGates, type RateGate } from './rateGate';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface Connection {
	baseUrl: string;
	token: string;
}

/**
 * What the requests of one node execution share: the credential, read and checked once (its Base URL
 * checked, and handed to n8n's authenticated helper with every request, so n8n does not read and
 * decrypt it again each time); the secrets to take out of anything that leaves (the token, and
 * every URL signing key the execution has seen); the execution's byte budget; and the per-store rate gates,
 * which every execution in the process that uses the same store with the same account shares.
 */
export class ApiSession {
	private connecting: Promise<Connection> | undefined;

	private known: Connection | undefined;

	private decrypted: ICredentialsDecrypted | undefined;

	/** The API and the account, for the gates' keys: the token only as a hash, as nothing else keeps it. */
	private scope: string | undefined;

	private readonly secrets = new Set<string>();

	/** Bodies compressed into memory and downloads held at once in this execution. */
	readonly bytes = new ByteBudget();

	constructor(readonly ctx: Context) {}

	async connection(itemIndex: number): Promise<Connection> {
		if (!this.connecting) {
			this.connecting = this.readConnection(itemIndex);
			// A failed read (a bad Base URL) fails this item; the next item tries again.
			this.connecting.catch(() => (this.connecting = undefined));
		}
		return await this.connecting;
	}

	/** The credential as n8n's helper takes it, read once per execution. */
	decryptedCredential(): ICredentialsDecrypted | undefined {
		return this.decrypted;
	}

	/** The name the user gave the node's credential, for the fixes that send them to it. */
	credentialName(): string | undefined {
		return this.ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.name || undefined;
	}

	/** The token, once the connection has been read. */
	token(): string | undefined {
		return this.known?.token;
	}

	/** A value to treat as the token from now on: kept out of every output, error and log. */
	addSecret(secret: unknown): void {
		if (typeof secret === 'string' && secret.length >= 4) this.secrets.add(secret);
	}

	/** Text with every secret the execution holds taken out. */
	redact(text: string): string {
		return redactAll(text, this.secrets);
	}

	/** The gate for one pacing key (a store and an endpoint class) at a rate; 0 paces nothing. */
	gate(key: string, perSecond: number): RateGate {
		return processGates.gate(`${this.scope ?? ''}\u0000${key}`, perSecond);
	}

	/** The execution's cancel signal, where the context has one (pickers run outside an execution). */
	cancelSignal(): AbortSignal | undefined {
		return 'getExecutionCancelSignal' in this.ctx ? this.ctx.getExecutionCancelSignal() : undefined;
	}

	/** The headers every request carries: where it comes from, and whether an AI agent made it. */
	integrationHeaders(): Record<string, string> {
		const headers: Record<string, string> = { [INTEGRATION_PLATFORM_HEADER]: INTEGRATION_PLATFORM };
		if (isToolNodeType(this.ctx.getNode().type)) headers[AI_TOOL_HEADER] = 'true';
		return headers;
	}

	private async readConnection(itemIndex: number): Promise<Connection> {
		const data = await this.ctx.getCredentials<ICredentialDataDecryptedObject>(
			CREDENTIAL_TYPE,
			itemIndex,
		);
		const checked = checkBaseUrl(data.baseUrl, this.credentialName());
		if (!checked.ok)
			throw new NodeOperationError(this.ctx.getNode(), checked.problem, { itemIndex });
		const token = typeof data.apiToken === 'string' ? data.apiToken.trim() : '';
		if (!token) {
			throw new NodeOperationError(
				this.ctx.getNode(),
				`There is no API token ${inTheCredential(this.credentialName())}`,
				{
					itemIndex,
					description:
						'Paste your token from Apify Console > Settings > API & Integrations into the credential.',
				},
			);
		}
		const reference = this.ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		this.decrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data,
		};
		this.addSecret(token);
		this.known = { baseUrl: checked.value, token };
		this.scope = `${checked.value}\u0000${createHash('sha256').update(token).digest('base64')}`;
		return this.known;
	}
}
