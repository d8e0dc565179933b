import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { ByteStream } from './body';
import { decide, overloadOf } from './decision';
import { MAX_JSON_ANSWER_BYTES, STORE_REQUESTS_PER_SECOND } from './defaults';
import type { CallSubject } from './errors';
import { failure } from './failure';
import type { RateGate } from './rateGate';
import { followRedirects } from './redirect';
import { sendOnce, type ApiAnswer, type AttemptOutcome, type AttemptRequest } from './request';
import type { ApiSession } from './session';
import { DEFAULT_TRANSPORT_SETTINGS, type TransportSettings } from './settings';
import { pause } from './wait';

export interface ApiCall {
	method: IHttpRequestMethods;
	/** The path below the base URL, starting with /v2/, each segment already encoded. */
	path: string;
	qs?: IDataObject;
	headers?: Record<string, string>;
	/** A body, or a function that opens it afresh for each attempt (a stream can be sent only once). */
	body?: Buffer | (() => Promise<Buffer | ByteStream>);
	itemIndex?: number;
	/** Whether Apify's "not found" is an answer (an existence check, "If Missing: flag") rather than a failure. */
	notFoundIsAnswer?: boolean;
	/** The most bytes the answer may have: a record's limit, or by default the cap for JSON answers. */
	maxBytes?: number;
	/** What the body limit protects, for the error when an answer passes it. */
	tooLarge?: (limit: number) => { message: string; description: string };
	/** The store whose pace the call takes (its ID when known), and whether it is a record request. */
	pace?: { store: string; records: boolean };
	/** What the call is about, as the user named it, for the title of its error. */
	subject?: CallSubject;
	/** Whether the API may redirect the call to pre-signed object storage (Get Record, Download Records). */
	followRedirects?: boolean;
}

/** The gate a call takes its turn at: its store's pace for its class of request. */
function gateFor(
	session: ApiSession,
	call: ApiCall,
	settings: TransportSettings,
): RateGate | undefined {
	if (!call.pace) return undefined;
	const { records, store } = call.pace;
	const perSecond = records
		? settings.requestsPerSecond
		: Math.min(settings.requestsPerSecond, STORE_REQUESTS_PER_SECOND);
	return session.gate(`${records ? 'records' : 'store'}\u0000${store}`, perSecond);
}

/** One attempt: the request with the credential, then any redirect the call may follow, without it. */
async function attemptOnce(
	session: ApiSession,
	call: ApiCall,
	baseUrl: string,
	settings: TransportSettings,
): Promise<AttemptOutcome> {
	const request: AttemptRequest = {
		method: call.method,
		url: `${baseUrl}${call.path}`,
		qs: call.qs,
		headers: { ...session.integrationHeaders(), ...call.headers },
		body: typeof call.body === 'function' ? await call.body() : call.body,
		maxBytes: call.maxBytes ?? MAX_JSON_ANSWER_BYTES,
		timeoutMs: settings.timeoutMs,
		deadline: AbortSignal.timeout(settings.timeoutMs),
		authenticated: true,
	};
	const outcome = await sendOnce(session, request);
	return call.followRedirects ? await followRedirects(session, outcome, request) : outcome;
}

/** A turn at the gate; false when the execution was cancelled while waiting for it. */
async function turnAt(
	gate: RateGate | undefined,
	signal: AbortSignal | undefined,
): Promise<boolean> {
	if (!gate) return true;
	try {
		await gate.take(signal);
		return true;
	} catch {
		return false;
	}
}

/**
 * An attempt at its store's turn: a place in the store's in-flight window (Concurrency "Auto"),
 * a token from its rate gate, and afterwards what the attempt tells both (a 429 slows the pace,
 * an overload shrinks the window, the latency sizes it).
 */
async function paced(
	session: ApiSession,
	gate: RateGate | undefined,
	settings: TransportSettings,
	attempt: () => Promise<AttemptOutcome>,
): Promise<AttemptOutcome> {
	const signal = session.cancelSignal();
	const window = settings.concurrency === 'auto' ? gate?.window : undefined;
	try {
		await window?.enter(signal);
	} catch {
		return { kind: 'cancelled' };
	}
	let started = Date.now();
	let outcome: AttemptOutcome = { kind: 'cancelled' };
	try {
		if (await turnAt(gate, signal)) {
			// The window is sized from the time on the network, not from the wait for a turn.
			started = Date.now();
			outcome = await attempt();
		}
	} finally {
		const { refused, overloaded } = overloadOf(outcome);
		if (refused) gate?.refused();
		else if (outcome.kind === 'answer' && outcome.answer.status < 500) gate?.passed();
		window?.leave({ latencyMs: Date.now() - started, overloaded }, gate?.currentRate ?? 0);
	}
	return outcome;
}

/** Waits before a retry; false when the execution was cancelled meanwhile. */
async function waited(ms: number, session: ApiSession): Promise<boolean> {
	try {
		await pause(ms, session.cancelSignal());
		return true;
	} catch {
		return false;
	}
}

/**
 * The one door to the Apify API: the token from the credential, per-store pacing, a deadline per
 * attempt, a size limit on every answer, retries with backoff for 429, 5xx and network failures,
 * and errors that say what went wrong and how to fix it, never with a secret in them.
 */
export async function apifyRequest(
	session: ApiSession,
	call: ApiCall,
	settings: TransportSettings = DEFAULT_TRANSPORT_SETTINGS,
): Promise<ApiAnswer> {
	const itemIndex = call.itemIndex ?? 0;
	const { baseUrl } = await session.connection(itemIndex);
	const gate = gateFor(session, call, settings);
	const { method, notFoundIsAnswer } = call;
	for (let attempt = 1; ; attempt++) {
		const outcome = await paced(
			session,
			gate,
			settings,
			async () => await attemptOnce(session, call, baseUrl, settings),
		);
		const decision = decide(outcome, { attempt, policy: settings.retry, method, notFoundIsAnswer });
		if (decision.kind === 'answer') return decision.answer;
		if (decision.kind === 'retry' && (await waited(decision.waitMs, session))) continue;
		throw failure(session, decision.kind === 'retry' ? { kind: 'cancelled' } : decision, {
			...call,
			itemIndex,
			attempts: attempt,
			baseUrl,
			timeoutMs: settings.timeoutMs,
			credential: session.credentialName(),
		});
	}
}
