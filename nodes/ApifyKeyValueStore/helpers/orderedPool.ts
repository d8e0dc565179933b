/** How many tasks run at once: in all, and within one group (such as the items of one store). */
export interface PoolLimits {
	total: number;
	perGroup?: number;
}

/** What a task belongs to: its lane (run in index order within it) and its group (bounded together). */
export interface TaskKeys {
	lane?: string;
	group?: string;
}

/**
 * Runs task(0..count-1) with at most `limits.total` at once, and at most `limits.perGroup` of one
 * group, and returns the results in index order. A task whose group is full waits without a
 * place, so later tasks of other groups go ahead of it (a slow store never holds back a fast one).
 * Tasks in the same lane (such as writes to one record key) run one after another in index order,
 * so the last of them wins as it would sequentially.
 */
export async function runOrdered<T>(
	count: number,
	limits: PoolLimits,
	keysOf: (index: number) => TaskKeys,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const keys = new Map<number, TaskKeys>();
	const keyOf = (index: number) => keys.get(index) ?? keys.set(index, keysOf(index)).get(index)!;
	const laneTails = new Map<string, Promise<unknown>>();
	const inGroup = new Map<string, number>();
	// Per group, the tasks that found it full, in index order (`head` is the next to start).
	const waiting = new Map<string, { items: number[]; head: number }>();
	let next = 0;
	let running = 0;
	const groupFull = (group: string | undefined) =>
		group !== undefined &&
		limits.perGroup !== undefined &&
		(inGroup.get(group) ?? 0) >= limits.perGroup;
	return await new Promise<T[]>((resolve, reject) => {
		const start = (index: number) => {
			const { lane, group } = keyOf(index);
			running++;
			if (group !== undefined) inGroup.set(group, (inGroup.get(group) ?? 0) + 1);
			const previous = lane === undefined ? undefined : laneTails.get(lane);
			const done = (previous ?? Promise.resolve()).then(async () => await task(index));
			if (lane !== undefined)
				laneTails.set(
					lane,
					done.catch(() => undefined),
				);
			done.then((result) => {
				results[index] = result;
				running--;
				if (group !== undefined) inGroup.set(group, (inGroup.get(group) ?? 1) - 1);
				pump();
			}, reject);
		};
		const pump = () => {
			// Tasks that waited for their group first, then new ones.
			for (const [group, queue] of waiting) {
				while (queue.head < queue.items.length && running < limits.total && !groupFull(group)) {
					start(queue.items[queue.head++]);
				}
				if (queue.head === queue.items.length) waiting.delete(group);
			}
			while (running < limits.total && next < count) {
				const index = next++;
				const { group } = keyOf(index);
				if (!groupFull(group)) start(index);
				else if (waiting.has(group!)) waiting.get(group!)!.items.push(index);
				else waiting.set(group!, { items: [index], head: 0 });
			}
			if (running === 0 && next >= count && waiting.size === 0) resolve(results);
		};
		pump();
	});
}
