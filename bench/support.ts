import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

/* eslint-disable @typescript-eslint/no-var-requires */
// The server and the latency proxy in processes of their own (bench/processes.js, shared with the n8n benchmarks).
export const { startServerProcess, startProxyProcess } = require('./processes') as {
	startServerProcess: (args?: string[]) => Promise<{
		url: string;
		token: string;
		port: number;
		setLatency(ms: number): Promise<unknown>;
		reset(): Promise<unknown>;
		connections(): Promise<{ opened: number; resumed: number }>;
		counts(): Promise<{ refused: number; connections: number }>;
		createStore(name: string): Promise<string>;
		record(store: string, key: string): Promise<any>;
		stop(): void;
	}>;
	startProxyProcess: (targetPort: number, rttMs: number) => Promise<{ port: number; stop(): void }>;
};
/* eslint-enable @typescript-eslint/no-var-requires */

/** Samples this process's resident memory while `work` runs; returns the peak growth in bytes. */
export async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; peakGrowth: number; ms: number }> {
	global.gc?.();
	const baseline = process.memoryUsage().rss;
	let peak = baseline;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 10);
	const started = process.hrtime.bigint();
	try {
		const result = await work();
		peak = Math.max(peak, process.memoryUsage().rss);
		return { result, peakGrowth: peak - baseline, ms: Number(process.hrtime.bigint() - started) / 1e6 };
	} finally {
		clearInterval(timer);
	}
}

/** Runs task(0..count-1), `concurrency` at a time, as a user's hand-written loop would. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) await task(next++);
		}),
	);
}

export function svgChart(series: Array<{ name: string; points: Array<[number, number]> }>, title: string): string {
	const width = 640;
	const height = 360;
	const margin = { left: 70, right: 160, top: 40, bottom: 50 };
	const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
	const maxY = Math.max(...series.flatMap((s) => s.points.map((p) => p[1]))) * 1.1;
	const x = (v: number) => margin.left + (xs.indexOf(v) / Math.max(1, xs.length - 1)) * (width - margin.left - margin.right);
	const y = (v: number) => height - margin.bottom - (v / maxY) * (height - margin.top - margin.bottom);
	const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
		`<rect width="100%" height="100%" fill="white"/>`,
		`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${title}</text>`,
		`<line x1="${margin.left}" y1="${height - margin.bottom}" x2="${width - margin.right}" y2="${height - margin.bottom}" stroke="black"/>`,
		`<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${height - margin.bottom}" stroke="black"/>`,
		`<text x="${(margin.left + width - margin.right) / 2}" y="${height - 12}" text-anchor="middle">concurrency</text>`,
		`<text x="16" y="${height / 2}" transform="rotate(-90 16 ${height / 2})" text-anchor="middle">records/s</text>`,
	];
	for (const v of xs) parts.push(`<text x="${x(v)}" y="${height - margin.bottom + 18}" text-anchor="middle">${v}</text>`);
	for (let i = 0; i <= 4; i++) {
		const v = (maxY / 4) * i;
		parts.push(`<text x="${margin.left - 8}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
		parts.push(`<line x1="${margin.left}" y1="${y(v)}" x2="${width - margin.right}" y2="${y(v)}" stroke="#ddd"/>`);
	}
	series.forEach((s, i) => {
		const color = colors[i % colors.length];
		parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.points.map(([a, b]) => `${x(a)},${y(b)}`).join(' ')}"/>`);
		for (const [a, b] of s.points) parts.push(`<circle cx="${x(a)}" cy="${y(b)}" r="3" fill="${color}"/>`);
		parts.push(`<text x="${width - margin.right + 10}" y="${margin.top + 20 * i + 10}" fill="${color}">${s.name}</text>`);
	});
	parts.push('</svg>');
	return parts.join('\n');
}

/** One benchmark record: about 1 KB of JSON, below the 1 KiB at which the node's automatic compression starts. */
export const makeItem = (i: number) => ({
	key: `rec-${i}`,
	id: i,
	title: `Record number ${i}`,
	tags: ['alpha', 'beta', 'gamma', 'delta'].slice(0, 1 + (i % 4)),
	text: crypto.createHash('sha256').update(String(i)).digest('hex').repeat(12),
});

/** Writes a leg's rows to its JSON file (for the summary) and prints them as a table. */
export function writeRows(out: string, rows: object[]): void {
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, `${JSON.stringify(rows, null, 2)}\n`);
	console.table(rows);
}
