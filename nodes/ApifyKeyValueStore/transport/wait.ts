import { sleep } from 'n8n-workflow';

/** The execution was cancelled while a request waited or ran. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
	}
}

/** A promise that rejects with CancelledError when the signal aborts; dispose() stops listening. */
export function whenAborted(signal: AbortSignal | undefined): {
	promise: Promise<never>;
	dispose: () => void;
} {
	let dispose = () => {};
	const promise = new Promise<never>((_resolve, reject) => {
		if (!signal) return;
		if (signal.aborted) return reject(new CancelledError());
		const abort = () => reject(new CancelledError());
		signal.addEventListener('abort', abort, { once: true });
		dispose = () => signal.removeEventListener('abort', abort);
	});
	// Nobody may be racing it when it rejects.
	promise.catch(() => undefined);
	return { promise, dispose: () => dispose() };
}

/** Settles like `work`, or rejects with CancelledError as soon as the signal aborts. */
export async function unlessAborted<T>(
	work: Promise<T>,
	signal: AbortSignal | undefined,
): Promise<T> {
	if (!signal) return await work;
	const stop = whenAborted(signal);
	try {
		return await Promise.race([work, stop.promise]);
	} finally {
		stop.dispose();
	}
}

/**
 * Waits `ms`, or rejects with CancelledError as soon as the signal aborts, so no wait (a backoff,
 * a Retry-After, a turn at a rate gate) outlives a cancelled execution.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	if (ms <= 0) return;
	await unlessAborted(sleep(ms), signal);
}

/** A place in a first-come, first-served queue; whoever frees room admits the next. */
export interface Turn {
	admit: () => void;
}

/**
 * Waits in `queue` until admitted. A cancelled execution stops waiting at once: the turn leaves the
 * queue, or, admitted at that very moment, gives back what it got (`giveBack`).
 */
export async function waitTurn<T extends Turn>(
	queue: T[],
	turn: Omit<T, 'admit'>,
	signal: AbortSignal | undefined,
	giveBack: () => void,
): Promise<void> {
	let admit = () => {};
	const admitted = new Promise<void>((resolve) => (admit = resolve));
	const entry = { ...turn, admit: () => admit() } as T;
	queue.push(entry);
	let waited = false;
	try {
		await unlessAborted(admitted, signal);
		waited = true;
	} finally {
		if (!waited) {
			const index = queue.indexOf(entry);
			if (index >= 0) queue.splice(index, 1);
			else giveBack();
		}
	}
}
