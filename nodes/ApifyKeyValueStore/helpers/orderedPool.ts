/**
 * Runs task(0..count-1) with at most `concurrency` at once and returns the results in index
 * order. Tasks in the same lane (such as writes to one record key) run one after another in
 * index order, so the last of them wins as it would sequentially.
 */
export async function runOrdered<T>(
	count: number,
	concurrency: number,
	laneOf: (index: number) => string | undefined,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const laneTails = new Map<string, Promise<unknown>>();
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			const lane = laneOf(index);
			const previous = lane === undefined ? undefined : laneTails.get(lane);
			const done = (previous ?? Promise.resolve()).then(async () => await task(index));
			if (lane !== undefined)
				laneTails.set(
					lane,
					done.catch(() => undefined),
				);
			results[index] = await done;
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
	return results;
}
