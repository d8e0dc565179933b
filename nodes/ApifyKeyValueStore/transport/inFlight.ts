import {
	AUTO_HEADROOM,
	AUTO_LATENCY_WEIGHT,
	AUTO_MAX_IN_FLIGHT,
	AUTO_START_IN_FLIGHT,
} from './defaults';
import { waitTurn, type Turn } from './wait';

/** What one request that went through the window tells it. */
export interface Completion {
	/** From sending to the end of the answer. */
	latencyMs: number;
	/** 429, a 5xx answer or a timeout: the store or the network is over its limit. */
	overloaded: boolean;
}

/**
 * The window a store's pace needs: by Little's law, requests in flight = pace × time per
 * request, with headroom so a slower answer leaves no gap; with no pace, as many as allowed.
 */
export function targetWindow(perSecond: number, latencyMs: number): number {
	if (!(perSecond > 0)) return AUTO_MAX_IN_FLIGHT;
	const needed = Math.ceil(((perSecond * latencyMs) / 1000) * AUTO_HEADROOM) + 1;
	return Math.min(AUTO_MAX_IN_FLIGHT, Math.max(1, needed));
}

/**
 * The next window size after a completion: halved on overload (at most once per round trip,
 * since the requests in flight then all meet the same overload), grown halfway to the target per
 * success while below it (so a window that starts small fills a distant store's pace within about
 * one round trip; the rate gate still spaces the requests), and let down by one while above it (a
 * slow first answer, a latency that fell).
 */
export function nextWindow(
	size: number,
	target: number,
	overloaded: boolean,
	mayCut: boolean,
): number {
	if (overloaded) return mayCut ? Math.max(1, Math.floor(size / 2)) : size;
	if (size < target) return size + Math.ceil((target - size) / 2);
	if (size > target) return size - 1;
	return size;
}

/**
 * Concurrency "Auto" for one store: how many of its requests may be in flight at once, from the
 * latency measured and the pace the store's gate keeps. Shared, like the gate, by the process.
 */
export class InFlightWindow {
	private size = AUTO_START_IN_FLIGHT;

	private inFlight = 0;

	private latencyMs: number | undefined;

	private lastCut = -Infinity;

	private readonly waiting: Turn[] = [];

	constructor(private readonly now: () => number = Date.now) {}

	/** How many requests may be in flight now. */
	get limit(): number {
		return this.size;
	}

	/** Waits for a place in the window; a cancelled execution stops waiting at once. */
	async enter(signal?: AbortSignal): Promise<void> {
		if (this.inFlight < this.size && this.waiting.length === 0) {
			this.inFlight++;
			return;
		}
		// Admitted just as the execution was cancelled: the place goes back.
		await waitTurn(this.waiting, {}, signal, () => this.leaveQuietly());
	}

	/** A request left the window: resize it from what the request saw, and let the next ones in. */
	leave(completion: Completion, perSecond: number): void {
		const sample = completion.latencyMs;
		this.latencyMs =
			this.latencyMs === undefined
				? sample
				: this.latencyMs + AUTO_LATENCY_WEIGHT * (sample - this.latencyMs);
		const now = this.now();
		const mayCut = now - this.lastCut >= this.latencyMs;
		if (completion.overloaded && mayCut) this.lastCut = now;
		this.size = nextWindow(
			this.size,
			targetWindow(perSecond, this.latencyMs),
			completion.overloaded,
			mayCut,
		);
		this.leaveQuietly();
	}

	private leaveQuietly(): void {
		this.inFlight--;
		while (this.inFlight < this.size && this.waiting.length > 0) {
			this.inFlight++;
			this.waiting.shift()?.admit();
		}
	}
}
