import { runOrdered } from '../../nodes/ApifyKeyValueStore/helpers/orderedPool';
import { GateRegistry, RateGate } from '../../nodes/ApifyKeyValueStore/transport/rateGate';
import { InFlightWindow, nextWindow, targetWindow } from '../../nodes/ApifyKeyValueStore/transport/inFlight';
import { ByteBudget } from '../../nodes/ApifyKeyValueStore/transport/byteBudget';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runOrdered', () => {
	it('returns results in index order with at most N running', async () => {
		let running = 0;
		let peak = 0;
		const results = await runOrdered(20, { total: 4 }, () => ({}), async (i) => {
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
		await runOrdered(6, { total: 6 }, (i) => ({ lane: i % 2 === 0 ? 'same' : `own-${i}` }), async (i) => {
			await tick(i === 0 ? 30 : 1);
			order.push(i);
		});
		const sameLane = order.filter((i) => i % 2 === 0);
		expect(sameLane).toEqual([0, 2, 4]);
		expect(order.indexOf(1)).toBeLessThan(order.indexOf(0));
	});

	it('handles no items', async () => expect(await runOrdered(0, { total: 5 }, () => ({}), async () => 1)).toEqual([]));

	it('lets a group hold at most its share: a full group waits without a place, and other groups go ahead', async () => {
		const started: number[] = [];
		let slowRunning = 0;
		let slowPeak = 0;
		// Even indices are a slow group that never finishes until released; odd ones are quick.
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const run = runOrdered(40, { total: 6, perGroup: 3 }, (i) => ({ group: i % 2 === 0 ? 'slow' : 'fast' }), async (i) => {
			started.push(i);
			if (i % 2 === 0) {
				slowPeak = Math.max(slowPeak, ++slowRunning);
				await gate;
				slowRunning--;
			} else await tick(1);
			return i;
		});
		await tick(50);
		// Every quick task ran while the slow group held its three places.
		expect(started.filter((i) => i % 2 === 1)).toHaveLength(20);
		expect(slowPeak).toBe(3);
		release();
		expect(await run).toEqual(Array.from({ length: 40 }, (_, i) => i));
		expect(slowPeak).toBe(3);
	});
});

describe('RateGate', () => {
	it('lets a tenth of a second’s worth through at once, then paces to the rate', async () => {
		let now = 0;
		const gate = new RateGate(100, () => now, async (ms: number) => void (now += ms));
		for (let i = 0; i < 10; i++) await gate.take();
		expect(now).toBe(0);
		await gate.take();
		expect(now).toBeGreaterThan(0);
		for (let i = 0; i < 49; i++) await gate.take();
		// 50 after the burst at 100 a second: half a second, never faster.
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

describe('RateGate below one request a second', () => {
	it('holds room for one request, so 0.5 a second sends one every 2 s', async () => {
		let now = 0;
		const gate = new RateGate(0.5, () => now, async (ms: number) => void (now += ms));
		await gate.take();
		expect(now).toBe(0);
		await gate.take();
		expect(now).toBe(2000);
		await gate.take();
		expect(now).toBe(4000);
	});

	it('a 429 slows a slow gate no further than its own pace', () => {
		let now = 0;
		const gate = new RateGate(0.5, () => now);
		gate.refused();
		now += 2000;
		gate.refused();
		expect(gate.currentRate).toBe(0.5);
	});
});

describe('Concurrency "Auto": the in-flight window', () => {
	it('sizes the window by Little\'s law with headroom, capped, and at the cap with no pace', () => {
		expect(targetWindow(180, 270)).toBe(Math.ceil(180 * 0.27 * 1.5) + 1);
		expect(targetWindow(180, 100_000)).toBe(256);
		expect(targetWindow(0, 50)).toBe(256);
		expect(targetWindow(10, 1)).toBe(2);
	});

	it('grows halfway to the target per success below it, shrinks by one above it, halves on overload once per round trip', () => {
		expect(nextWindow(4, 20, false, true)).toBe(12);
		expect(nextWindow(19, 20, false, true)).toBe(20);
		expect(nextWindow(30, 20, false, true)).toBe(29);
		expect(nextWindow(20, 20, false, true)).toBe(20);
		expect(nextWindow(20, 20, true, true)).toBe(10);
		expect(nextWindow(20, 20, true, false)).toBe(20);
		expect(nextWindow(1, 20, true, true)).toBe(1);
	});

	it('admits as many as the window holds, the rest in order as places free up', async () => {
		let now = 0;
		const window = new InFlightWindow(() => now);
		const admitted: number[] = [];
		const entries = Array.from({ length: 6 }, (_, i) => window.enter().then(() => admitted.push(i)));
		await tick(0);
		expect(admitted).toEqual([0, 1, 2, 3]);
		now += 100;
		// An answer in 100 ms at a pace of 100/s: the target is 16 (10 × 1.5, plus one), so the window grows halfway to it.
		window.leave({ latencyMs: 100, overloaded: false }, 100);
		await tick(0);
		expect(window.limit).toBe(10);
		expect(admitted).toEqual([0, 1, 2, 3, 4, 5]);
		await Promise.all(entries);
	});

	it('stops waiting when the execution is cancelled, and gives back a place it got at that moment', async () => {
		const window = new InFlightWindow(() => 0);
		for (let i = 0; i < 4; i++) await window.enter();
		const cancel = new AbortController();
		const waiting = window.enter(cancel.signal);
		cancel.abort();
		await expect(waiting).rejects.toThrow('The execution was cancelled');
		window.leave({ latencyMs: 10, overloaded: false }, 0);
		// Three in flight and a place for a new one at once.
		await window.enter();
	});
});

describe('ByteBudget', () => {
	it('holds reservations up to the total, lets one larger than the total go alone, first come first served', async () => {
		const budget = new ByteBudget(100);
		const a = await budget.reserve(60);
		const order: string[] = [];
		const b = budget.reserve(60).then((r) => (order.push('b'), r));
		const c = budget.reserve(500).then((r) => (order.push('c'), r));
		const d = budget.reserve(10).then((r) => (order.push('d'), r));
		await tick(0);
		expect(order).toEqual([]);
		a.release();
		const held = await b;
		await tick(0);
		// "c" is larger than the whole budget: it waits until nothing else is held, and "d" waits behind it.
		expect(order).toEqual(['b']);
		held.release();
		(await c).release();
		(await d).release();
		expect(order).toEqual(['b', 'c', 'd']);
		expect(budget.inUse).toBe(0);
	});

	it('a cancelled wait leaves the queue', async () => {
		const budget = new ByteBudget(10);
		const held = await budget.reserve(10);
		const cancel = new AbortController();
		const waiting = budget.reserve(5, cancel.signal);
		cancel.abort();
		await expect(waiting).rejects.toThrow('The execution was cancelled');
		held.release();
		expect(budget.inUse).toBe(0);
	});
});
