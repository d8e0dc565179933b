import crypto from 'crypto';
import type { INodeExecutionData } from 'n8n-workflow';
import { makeBinary, runNode, setBinaryDataMode } from '../harness/engine';
import { useLocalServer } from '../support/fixture';
import { compressionsHere } from '../support/runtime';

// A bounded soak: records of every kind through the node while the server fails on purpose.
// CI runs 400 records; `npm run soak` runs 10,000 (SOAK_RECORDS).
const RECORDS = Number(process.env.SOAK_RECORDS ?? 400);
const MAX_RETRIES = 8;
const TIMEOUT_MS = 1500;
const SOURCES = ['itemJson', 'text', 'binaryInline', 'binaryFile'] as const;
// Brotli where the runtime has it (Jest here runs on Node 20, which has none).
const COMPRESSIONS = compressionsHere(['none', 'gzip', 'deflate', 'br', 'auto']);

const local = useLocalServer({ tokens: [{ token: 'soak-token-0123456789' }] });
afterAll(async () => await setBinaryDataMode('filesystem'));

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

it(`stores ${RECORDS} mixed records under injected faults, losing and duplicating nothing`, async () => {
	const storeId = local.server.ensureStore('soak').id;
	const items: INodeExecutionData[] = [];
	const expected: string[] = [];
	await setBinaryDataMode('filesystem');
	for (let i = 0; i < RECORDS; i++) {
		const source = SOURCES[i % SOURCES.length];
		if (source === 'binaryFile') continue; // made below, in filesystem mode
		const compression = COMPRESSIONS[i % COMPRESSIONS.length];
		const size = 200 + ((i * 7919) % 6000);
		const payload = crypto.randomBytes(size).toString('base64');
		if (source === 'itemJson') {
			const json = { key: `rec-${i}`, source: 'itemJson', compression, payload };
			items[i] = { json };
			expected[i] = sha(Buffer.from(JSON.stringify(json)));
		} else if (source === 'text') {
			items[i] = { json: { key: `rec-${i}`, source: 'text', compression, text: payload } };
			expected[i] = sha(Buffer.from(payload));
		} else {
			const bytes = crypto.randomBytes(size);
			items[i] = { json: { key: `rec-${i}`, source: 'binary', compression }, binary: { data: await makeBinary(bytes, 'application/octet-stream') } };
			expected[i] = sha(bytes);
		}
	}
	await setBinaryDataMode('filesystem');
	for (let i = 0; i < RECORDS; i++) {
		if (SOURCES[i % SOURCES.length] !== 'binaryFile') continue;
		const bytes = crypto.randomBytes(1000 + ((i * 104729) % 200_000));
		items[i] = {
			json: { key: `rec-${i}`, source: 'binary', compression: COMPRESSIONS[i % COMPRESSIONS.length] },
			binary: { data: await makeBinary(bytes, 'application/octet-stream') },
		};
		expected[i] = sha(bytes);
	}

	local.server.faults.set(
		[
			{ kind: 'status', status: 500, fraction: 0.025, method: 'PUT' },
			{ kind: 'status', status: 503, fraction: 0.025, method: 'PUT' },
			{ kind: 'rate-limit', retryAfter: 1, fraction: 0.05, method: 'PUT' },
			{ kind: 'drop', fraction: 0.02, method: 'PUT' },
			{ kind: 'delay', ms: TIMEOUT_MS + 500, fraction: 0.01, method: 'PUT' },
		],
		2026,
	);
	const started = Date.now();
	const { outputs, error } = await runNode({
		parameters: {
			resource: 'record',
			operation: 'store',
			storeId: { __rl: true, mode: 'id', value: storeId },
			recordKey: '={{ $json.key }}',
			valueSource: '={{ $json.source }}',
			textValue: '={{ $json.text }}',
			binaryPropertyName: 'data',
			compression: '={{ $json.compression }}',
			options: { concurrency: 10, maxRetries: MAX_RETRIES, retryDelay: 20, timeout: TIMEOUT_MS, requestsPerSecond: 0 },
		},
		items,
		credentials: local.credentials(),
		onError: 'continueErrorOutput',
	});
	const seconds = (Date.now() - started) / 1000;
	const injectedByKind = { ...local.server.faults.injected };
	local.server.faults.set([]);
	expect(error).toBeUndefined();

	// Every input item exactly once across the outputs, in order, none on the error output.
	const [stored, failed = []] = outputs;
	expect(failed).toEqual([]);
	expect(stored.map((o) => o.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
	// Every record there, byte for byte.
	let verified = 0;
	for (let i = 0; i < RECORDS; i++) {
		const record = local.server.getRecord(storeId, `rec-${i}`);
		expect(record && sha(record.decoded)).toBe(expected[i]);
		verified++;
	}
	// Each injected fault costs exactly one more attempt, and no item went past the retry bound.
	const injected = Object.values(injectedByKind).reduce((a, b) => a + b, 0);
	const attempts = local.server.stats.byRoute['PUT record'];
	expect(attempts).toBe(RECORDS + injected);
	expect(attempts).toBeLessThanOrEqual(RECORDS * (MAX_RETRIES + 1));
	console.log(
		JSON.stringify({ records: RECORDS, seconds, verified, attempts, retries: attempts - RECORDS, injected: injectedByKind, recordsPerSecond: Math.round(RECORDS / seconds) }),
	);
}, 30 * 60_000);
