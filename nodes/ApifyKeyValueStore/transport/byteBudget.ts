import { MAX_BYTES_IN_FLIGHT } from './defaults';
import { waitTurn, type Turn } from './wait';

/** Bytes reserved from a budget, given back once. */
export interface Reservation {
	release(): void;
}

/**
 * The bytes one execution may hold in memory at once for bodies it compresses and archives it
 * downloads. A reservation larger than the whole budget waits until nothing else is held, then
 * goes alone: the largest body still goes, one at a time.
 */
export class ByteBudget {
	private held = 0;

	private readonly waiting: Array<Turn & { bytes: number }> = [];

	constructor(private readonly total: number = MAX_BYTES_IN_FLIGHT) {}

	/** Bytes held now. */
	get inUse(): number {
		return this.held;
	}

	/** Waits until `bytes` fit, holds them, and returns the way to give them back. */
	async reserve(bytes: number, signal?: AbortSignal): Promise<Reservation> {
		const size = Math.min(Math.max(0, bytes), this.total);
		if (this.waiting.length === 0 && this.fits(size)) {
			this.held += size;
		} else {
			await waitTurn(this.waiting, { bytes: size }, signal, () => this.give(size));
		}
		let released = false;
		return {
			release: () => {
				if (released) return;
				released = true;
				this.give(size);
			},
		};
	}

	private fits(bytes: number): boolean {
		return this.held === 0 || this.held + bytes <= this.total;
	}

	private give(bytes: number): void {
		this.held -= bytes;
		// First come, first served: a large reservation is not starved by small ones behind it.
		while (this.waiting.length > 0 && this.fits(this.waiting[0].bytes)) {
			const next = this.waiting.shift()!;
			this.held += next.bytes;
			next.admit();
		}
	}
}
