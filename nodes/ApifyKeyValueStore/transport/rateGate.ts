import {
	GATE_BURST_SECONDS,
	GATE_CUT_INTERVAL_MS,
	GATE_FORGET_AFTER_IDLE_MS,
	GATE_IDLE_MS,
	GATE_MIN_PER_SECOND,
	GATE_RECOVERY_PER_SUCCESS,
	GATES_BEFORE_PRUNING,
	MAX_GATES,
} from './defaults';
import { InFlightWindow } from './inFlight';
import { pause } from './wait';

/**
 * Paces requests to at most `perSecond` a second (a token bucket holding a tenth of a second's
 * worth, and never less than one request, so a pace below 1 a second still lets requests through), so a fast
 * workflow stays under Apify's per-store rate instead of provoking 429s. When the API refuses
 * with 429 anyway (other executions, other n8n workers, other clients share the store's budget)
 * the gate halves its rate and then grows back to `perSecond` as requests pass: the senders of one
 * store settle near what the API allows instead of retrying into the limit. 0 paces nothing.
 * Each gate also holds its store's in-flight window for Concurrency "Auto".
 */
export class RateGate {
	private tokens: number;

	private rate: number;

	private last: number;

	private lastCut = -Infinity;

	/** When a request last went: a registry may drop gates nobody used for a while. */
	lastUsed: number;

	/** The store's in-flight window (Concurrency "Auto"), sized from this gate's pace. */
	readonly window: InFlightWindow;

	constructor(
		private readonly perSecond: number,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = pause,
	) {
		this.rate = perSecond;
		this.tokens = this.capacity();
		this.last = now();
		this.lastUsed = this.last;
		this.window = new InFlightWindow(now);
	}

	/** The rate the gate paces at now (0: not paced). */
	get currentRate(): number {
		return this.perSecond > 0 ? this.rate : 0;
	}

	/** A short burst of requests, and room for one request however slow the pace. */
	private capacity(): number {
		return Math.max(1, this.rate * GATE_BURST_SECONDS);
	}

	/** Waits until a request may go; a cancelled execution stops waiting at once. */
	async take(signal?: AbortSignal): Promise<void> {
		if (!(this.perSecond > 0)) return;
		if (this.now() - this.lastUsed > GATE_FORGET_AFTER_IDLE_MS) this.rate = this.perSecond;
		for (;;) {
			const now = this.now();
			this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.last) / 1000) * this.rate);
			this.last = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				this.lastUsed = now;
				return;
			}
			await this.wait(Math.ceil(((1 - this.tokens) / this.rate) * 1000), signal);
		}
	}

	/** The API said 429: slow down, and let nobody through until the slower pace allows. */
	refused(): void {
		const now = this.now();
		if (!(this.perSecond > 0) || now - this.lastCut < GATE_CUT_INTERVAL_MS) return;
		this.lastCut = now;
		this.rate = Math.max(Math.min(GATE_MIN_PER_SECOND, this.perSecond), this.rate / 2);
		// The bucket empties from now on: what it saved up is what the API just refused.
		this.tokens = 0;
		this.last = now;
	}

	/** A request went through: grow back towards the configured rate. */
	passed(): void {
		if (this.rate < this.perSecond)
			this.rate = Math.min(this.perSecond, this.rate + GATE_RECOVERY_PER_SUCCESS);
	}
}

/**
 * The gates of one process, shared by every execution in it: parallel executions of a workflow (a
 * busy webhook, a queue-mode worker running several jobs) writing to one store take turns at one
 * budget instead of each spending the whole of it.
 */
export class GateRegistry {
	private readonly gates = new Map<string, RateGate>();

	constructor(private readonly now: () => number = Date.now) {}

	/** The gate for a key (the API, the account, the store and the request class) at a rate. */
	gate(key: string, perSecond: number): RateGate {
		const id = `${perSecond}\u0000${key}`;
		let gate = this.gates.get(id);
		if (!gate) {
			if (this.gates.size >= GATES_BEFORE_PRUNING) this.prune();
			gate = new RateGate(perSecond, this.now);
			this.gates.set(id, gate);
		}
		return gate;
	}

	get size(): number {
		return this.gates.size;
	}

	private prune(): void {
		const now = this.now();
		// Gates idle this long have a full bucket and a recovered rate, as a new gate would.
		for (const [id, gate] of this.gates)
			if (now - gate.lastUsed > GATE_IDLE_MS) this.gates.delete(id);
		// Thousands of stores in a minute: losing an old gate's pace costs less than unbounded memory.
		for (const id of this.gates.keys()) {
			if (this.gates.size < MAX_GATES) break;
			this.gates.delete(id);
		}
	}
}

/** This process's gates. */
export const processGates = new GateRegistry();
