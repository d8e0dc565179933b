import { MAX_BYTES_IN_FLIGHT } from './defaults';
import { unlessAborted } from './wait';

/** Bytes reserved from a budget, given back once. */
export interface Reservation {
	release(): void;
}

/**
 * The bytes one run may hold in memory at once for bodies it compresses and archives it
 * downloads. A reservation larger than the whole budget waits until nothing else is held, then
 * goes alone: the largest body still goes, one at a time.
 */
export class ByteBudget {
	private held = 0;

	private readonly waiting: Array<{ bytes: number; admit: () => void }> = [];

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
			let admit = () => {};
			const turn = { bytes: size, admit: () => admit() };
			const admitted = new Promise<void>((resolve) => (admit = resolve));
			this.waiting.push(turn);
			let waited = false;
			try {
				await unlessAborted(admitted, signal);
				waited = true;
			} finally {
				if (!waited) this.leaveQueue(turn, size);
			}
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

	/** A wait that ended in a cancel: out of the queue, or, admitted just then, the bytes given back. */
	private leaveQueue(turn: { bytes: number }, size: number): void {
		const index = this.waiting.findIndex((waiting) => waiting === turn);
		if (index >= 0) this.waiting.splice(index, 1);
		else this.give(size);
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
