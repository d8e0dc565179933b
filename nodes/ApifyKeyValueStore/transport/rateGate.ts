import { sleep } from 'n8n-workflow';

/** How much the rate grows back per request that was not refused: a tenth of a request a second. */
const RECOVERY_PER_SUCCESS = 0.1;
/** Several requests in flight meet the same overload: one cut per this many milliseconds. */
const CUT_INTERVAL_MS = 1000;
/** The slowest a gate ever goes. */
const MIN_PER_SECOND = 1;
/** A gate nobody used for this long forgets a slow-down: the API's window has long passed. */
const FORGET_AFTER_IDLE_MS = 10_000;

/**
 * Paces requests to at most `perSecond` a second (a token bucket holding one second's worth), so
 * a fast workflow stays under Apify's per-store rate instead of provoking 429s. When the API
 * refuses with 429 anyway (other executions, other n8n workers, other clients share the store's
 * budget) the gate halves its rate and then grows back to `perSecond` as requests pass: the
 * senders of one store settle near what the API allows instead of retrying into the limit.
 */
export class RateGate {
	private tokens: number;

	private rate: number;

	private last: number;

	private lastCut = -Infinity;

	/** When a request last went: a registry may drop gates nobody used for a while. */
	lastUsed: number;

	constructor(
		private readonly perSecond: number,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {
		this.rate = perSecond;
		this.tokens = perSecond;
		this.last = now();
		this.lastUsed = this.last;
	}

	/** The rate the gate paces at now. */
	get currentRate(): number {
		return this.rate;
	}

	/** Waits until a request may go. */
	async take(): Promise<void> {
		if (!(this.perSecond > 0)) return;
		if (this.now() - this.lastUsed > FORGET_AFTER_IDLE_MS) this.rate = this.perSecond;
		for (;;) {
			const now = this.now();
			this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
			this.last = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				this.lastUsed = now;
				return;
			}
			await this.wait(Math.ceil(((1 - this.tokens) / this.rate) * 1000));
		}
	}

	/** The API said 429: slow down, and let nobody through until the slower pace allows. */
	refused(): void {
		const now = this.now();
		if (now - this.lastCut < CUT_INTERVAL_MS) return;
		this.lastCut = now;
		this.rate = Math.max(MIN_PER_SECOND, this.rate / 2);
		// The bucket empties from now on: what it saved up is what the API just refused.
		this.tokens = 0;
		this.last = now;
	}

	/** A request went through: grow back towards the configured rate. */
	passed(): void {
		if (this.rate < this.perSecond)
			this.rate = Math.min(this.perSecond, this.rate + RECOVERY_PER_SUCCESS);
	}
}

/** Gates idle this long have a full bucket and a recovered rate, as a new gate would: they may go. */
const IDLE_GATE_MS = 60_000;
/** Past this many gates, idle ones are dropped; past the most, the oldest go whatever their use. */
const GATES_BEFORE_PRUNING = 256;
const MAX_GATES = 1024;

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
		for (const [id, gate] of this.gates)
			if (now - gate.lastUsed > IDLE_GATE_MS) this.gates.delete(id);
		// Thousands of stores in a minute: losing an old gate's pace costs less than unbounded memory.
		for (const id of this.gates.keys()) {
			if (this.gates.size < MAX_GATES) break;
			this.gates.delete(id);
		}
	}
}

/** This process's gates. */
export const processGates = new GateRegistry();
