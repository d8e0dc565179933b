// @ts-check
'use strict';
// The queue-mode workload: a webhook-triggered workflow that stores every item it is sent (JSON
// items as they are, base64 payloads as binary files) with the compression each item names, the
// batches to send it, and the check that every record arrived byte for byte.
const crypto = require('crypto');
const { peakPerSecond } = require('./rate');

const WEBHOOK_PATH = 'apify-kvs-queue';
const STORE_NAME = 'n8n-kvs-queue';
const COMPRESSIONS = ['auto', 'gzip', 'deflate', 'br', 'none'];
const CREDENTIAL = { id: 'apifyQueueCred01', name: 'Apify API' };

/**
 * @param {string} name @param {string} type @param {number} typeVersion @param {number} x @param {number} y
 * @param {object} parameters @param {Record<string, unknown>} [extra]
 */
const node = (name, type, typeVersion, x, y, parameters, extra = {}) => ({ id: `q-${name.toLowerCase().replace(/\W+/g, '-')}`, name, type, typeVersion, position: [x, y], parameters, ...extra });

/**
 * Webhook → Split Out → If binary → (Convert to File →) Store Record → Merge, answering with every
 * stored record once the execution is done (so the caller knows when its records are in).
 * @param {{ storeOptions?: Record<string, unknown> }} [options] the Store Record nodes' options
 */
function queueWorkflow({ storeOptions = {} } = {}) {
	const kvs = 'n8n-nodes-apify-key-value-store.apifyKeyValueStore';
	const store = (/** @type {string} */ name, /** @type {number} */ y, /** @type {object} */ value) =>
		node(
			name,
			kvs,
			1,
			880,
			y,
			{
				resource: 'record',
				operation: 'store',
				storeId: { __rl: true, mode: 'name', value: `~${STORE_NAME}` },
				recordKey: "={{ $('Split Out').item.json.key }}",
				...value,
				compression: "={{ $('Split Out').item.json.compression }}",
				options: storeOptions,
			},
			{ credentials: { apifyKeyValueStoreApi: CREDENTIAL } },
		);
	return {
		id: 'kvsQueueWebhook1',
		name: 'Apify KVS in queue mode: store what the webhook receives',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, 0, 0, { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} }, { webhookId: '3d0f7c52-8a3b-4f7e-9a55-5a4c1b7e2f10' }),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, 220, 0, { fieldToSplitOut: 'body.items', include: 'noOtherFields', options: {} }),
			node('Is Binary', 'n8n-nodes-base.if', 2, 440, 0, {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
					conditions: [{ id: 'kind-is-binary', leftValue: '={{ $json.kind }}', rightValue: 'binary', operator: { type: 'string', operation: 'equals' } }],
					combinator: 'and',
				},
				options: {},
			}),
			node('To File', 'n8n-nodes-base.convertToFile', 1.1, 660, -120, { operation: 'toBinary', sourceProperty: 'data', binaryPropertyName: 'data', options: { fileName: '={{ $json.key }}.bin', mimeType: 'application/octet-stream' } }),
			store('Store File', -120, { valueSource: 'binary', binaryPropertyName: 'data' }),
			store('Store JSON', 120, { valueSource: 'itemJson' }),
			node('All Stored', 'n8n-nodes-base.merge', 3, 1100, 0, {}),
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Is Binary', type: 'main', index: 0 }]] },
			'Is Binary': {
				main: [
					[{ node: 'To File', type: 'main', index: 0 }],
					[{ node: 'Store JSON', type: 'main', index: 0 }],
				],
			},
			'To File': { main: [[{ node: 'Store File', type: 'main', index: 0 }]] },
			'Store File': { main: [[{ node: 'All Stored', type: 'main', index: 0 }]] },
			'Store JSON': { main: [[{ node: 'All Stored', type: 'main', index: 1 }]] },
		},
	};
}

/**
 * @typedef {{ key: string, kind: 'json', compression: string, payload: object } | { key: string, kind: 'binary', compression: string, data: string }} WorkItem
 */

/**
 * `batches` webhook calls of `size` items each: half JSON, half binary files (random bytes, 1–24 KiB),
 * every compression in turn. Deterministic for a seed.
 * @param {{ batches: number, size: number, prefix?: string, seed?: number }} spec
 * @returns {WorkItem[][]}
 */
function makeBatches({ batches, size, prefix = 'q', seed = 1 }) {
	return Array.from({ length: batches }, (_, b) =>
		Array.from({ length: size }, (_, i) => {
			const n = b * size + i;
			const key = `${prefix}-${String(b).padStart(3, '0')}-${String(i).padStart(4, '0')}`;
			const compression = COMPRESSIONS[n % COMPRESSIONS.length];
			if (n % 2 === 1) {
				const bytes = crypto.createHash('sha256').update(`${seed}:${key}`).digest();
				const length = 1024 + ((bytes.readUInt32BE(0) % 23) * 1024);
				const data = Buffer.alloc(length);
				for (let at = 0; at < length; at += 32) crypto.createHash('sha256').update(`${seed}:${key}:${at}`).digest().copy(data, at);
				return { key, kind: 'binary', compression, data: data.toString('base64') };
			}
			return { key, kind: 'json', compression, payload: { batch: b, index: i, note: `record ${n} `.repeat(40), tags: ['queue', 'n8n', `w${n % 7}`] } };
		}),
	);
}

/** The bytes a work item's record must hold. @param {WorkItem} item */
const expectedBytes = (item) => (item.kind === 'binary' ? Buffer.from(item.data, 'base64') : Buffer.from(JSON.stringify(item), 'utf8'));

/**
 * Every item's record, compared with what was sent: missing keys, and keys whose bytes,
 * content type or encoding differ.
 * @param {{ getRecord(store: string, key: string): { decoded: Buffer, contentType: string, contentEncoding: string } | undefined }} server
 * @param {WorkItem[]} items
 */
function verifyRecords(server, items) {
	/** @type {string[]} */
	const missing = [];
	/** @type {string[]} */
	const wrong = [];
	for (const item of items) {
		const record = server.getRecord(`~${STORE_NAME}`, item.key);
		if (!record) {
			missing.push(item.key);
			continue;
		}
		const type = item.kind === 'binary' ? 'application/octet-stream' : 'application/json; charset=utf-8';
		const encoding = { gzip: 'gzip', deflate: 'deflate', br: 'br' }[item.compression];
		if (!record.decoded.equals(expectedBytes(item)) || record.contentType !== type || (encoding && record.contentEncoding !== encoding)) wrong.push(item.key);
	}
	return { checked: items.length, missing, wrong };
}

/**
 * Sends one batch to the webhook and waits for the execution's answer: the stored records.
 * @param {string} url n8n's base URL @param {WorkItem[]} items
 */
async function sendBatch(url, items) {
	const res = await fetch(`${url}/webhook/${WEBHOOK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
	const text = await res.text();
	if (!res.ok) return { ok: false, status: res.status, text: text.slice(0, 500), records: [] };
	return { ok: true, status: res.status, text: '', records: /** @type {Array<{ key: string, location: string }>} */ (JSON.parse(text)) };
}

/**
 * Sends every batch at once and waits for all the answers; with what the server saw meanwhile:
 * records stored, requests refused with 429, and the most stored in any one second.
 * @param {{ stats: { byStatus: Record<string, number> } }} server @param {string} url @param {WorkItem[][]} batches
 */
async function sendBatches(server, url, batches) {
	const before = { ...server.stats.byStatus };
	const peak = peakPerSecond(() => server.stats.byStatus['201'] ?? 0);
	const started = Date.now();
	const answers = await Promise.all(batches.map((batch) => sendBatch(url, batch)));
	const seconds = (Date.now() - started) / 1000;
	const count = (/** @type {string} */ status) => (server.stats.byStatus[status] ?? 0) - (before[status] ?? 0);
	return { answers, seconds, peak: peak.stop(), stored: count('201'), refused: count('429') };
}

module.exports = { queueWorkflow, makeBatches, verifyRecords, sendBatch, sendBatches, STORE_NAME, CREDENTIAL, WEBHOOK_PATH };
