import { runOrdered } from '../../nodes/ApifyKeyValueStore/helpers/orderedPool';
import { RateGate } from '../../nodes/ApifyKeyValueStore/transport/rateGate';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runOrdered', () => {
	it('returns results in index order with at most N running', async () => {
		let running = 0;
		let peak = 0;
		const results = await runOrdered(20, 4, () => undefined, async (i) => {
			running++;
			peak = Math.max(peak, running);
			await tick((20 - i) % 7);
			running--;
			return i * 2;
		});
		expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
		expect(peak).toBe(4);
	});

	it('runs one lane in index order, whatever each task takes', async () => {
		const order: number[] = [];
		await runOrdered(6, 6, (i) => (i % 2 === 0 ? 'same' : `own-${i}`), async (i) => {
			await tick(i === 0 ? 30 : 1);
			order.push(i);
		});
		const sameLane = order.filter((i) => i % 2 === 0);
		expect(sameLane).toEqual([0, 2, 4]);
		expect(order.indexOf(1)).toBeLessThan(order.indexOf(0));
	});

	it('handles no items', async () => expect(await runOrdered(0, 5, () => undefined, async () => 1)).toEqual([]));
});

describe('RateGate', () => {
	it('lets a second’s worth through at once, then paces to the rate', async () => {
		let now = 0;
		const slept: number[] = [];
		const gate = new RateGate(10, () => now, async (ms: number) => {
			slept.push(ms);
			now += ms;
		});
		for (let i = 0; i < 10; i++) await gate.take();
		expect(now).toBe(0);
		for (let i = 0; i < 5; i++) await gate.take();
		expect(now).toBeGreaterThanOrEqual(500);
		expect(now).toBeLessThanOrEqual(510);
	});

	it('does nothing when the rate is 0', async () => {
		const gate = new RateGate(0, () => 0, async () => {
			throw new Error('should not sleep');
		});
		for (let i = 0; i < 1000; i++) await gate.take();
	});
});
