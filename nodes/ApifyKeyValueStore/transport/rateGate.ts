import { sleep } from 'n8n-workflow';

/**
 * Paces requests to at most `perSecond` a second (a token bucket holding one second's worth),
 * so a fast workflow stays under Apify's per-store rate instead of provoking 429s.
 */
export class RateGate {
	private tokens: number;

	private last: number;

	constructor(
		private readonly perSecond: number,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {
		this.tokens = perSecond;
		this.last = now();
	}

	/** Waits until a request may go. */
	async take(): Promise<void> {
		if (!(this.perSecond > 0)) return;
		for (;;) {
			const now = this.now();
			this.tokens = Math.min(
				this.perSecond,
				this.tokens + ((now - this.last) / 1000) * this.perSecond,
			);
			this.last = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return;
			}
			await this.wait(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
		}
	}
}
