import { runOrdered } from '../../nodes/ApifyKeyValueStore/helpers/orderedPool';
import { GateRegistry, RateGate } from '../../nodes/ApifyKeyValueStore/transport/rateGate';

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

	it('halves its rate on a 429, once a second however many are refused, and grows back as requests pass', async () => {
		let now = 0;
		const gate = new RateGate(100, () => now, async (ms: number) => void (now += ms));
		gate.refused();
		gate.refused();
		expect(gate.currentRate).toBe(50);
		now += 1000;
		gate.refused();
		expect(gate.currentRate).toBe(25);
		// Nobody goes at once after a refusal: the next request waits for the slower pace.
		await gate.take();
		expect(now).toBe(1040);
		for (let i = 0; i < 100; i++) gate.passed();
		expect(gate.currentRate).toBeCloseTo(35);
		for (let i = 0; i < 10_000; i++) gate.passed();
		expect(gate.currentRate).toBe(100);
		for (let i = 0; i < 20; i++) {
			now += 1000;
			gate.refused();
		}
		expect(gate.currentRate).toBe(1);
		// Idle for more than 10 s, it starts again at the configured rate.
		now += 10_001;
		await gate.take();
		expect(gate.currentRate).toBe(100);
	});
});

describe('GateRegistry', () => {
	it('gives every caller of a key and rate the same gate, and drops idle ones when it holds many', async () => {
		let now = 0;
		const registry = new GateRegistry(() => now);
		const gate = registry.gate('store-a', 180);
		expect(registry.gate('store-a', 180)).toBe(gate);
		expect(registry.gate('store-a', 90)).not.toBe(gate);
		expect(registry.gate('store-b', 180)).not.toBe(gate);
		for (let i = 0; i < 300; i++) registry.gate(`many-${i}`, 180);
		expect(registry.size).toBe(303);
		now += 61_000;
		await registry.gate('store-a', 180).take();
		registry.gate('one-more', 180);
		// Only the gate used within the last minute, and the new one, are kept.
		expect(registry.size).toBe(2);
		expect(registry.gate('store-a', 180)).toBe(gate);
	});

	it('never holds more than 1,024 gates, even when none is idle', () => {
		const registry = new GateRegistry(() => 0);
		for (let i = 0; i < 5000; i++) registry.gate(`busy-${i}`, 180);
		expect(registry.size).toBeLessThanOrEqual(1024);
	});
});
