// @ts-check
'use strict';
const fs = require('fs');
const path = require('path');
const { newId } = require('./ids');
const { newSigningSecret } = require('./signing');

/**
 * @typedef {{ body: Buffer, contentType: string, contentEncoding: string, decodedSize: number, modifiedAt: string }} StoredRecord
 * @typedef {{ id: string, name: string | null, title?: string | null, schema?: Record<string, unknown> | null,
 *   userId: string, username: string, createdAt: string,
 *   modifiedAt: string, accessedAt: string, urlSigningSecretKey: string, generalAccess: string,
 *   actId?: string, actRunId?: string,
 *   stats: { readCount: number, writeCount: number, deleteCount: number, listCount: number } }} StoreMeta
 * @typedef {{ meta: StoreMeta, records: Map<string, StoredRecord> }} Store
 */

/**
 * Stores and their records, in memory and, with a data directory, on disk as well.
 * Every write to disk is a write to a temporary file and a rename, so a crash or a restart
 * leaves either the old or the new record, never a torn one.
 */
class Storage {
	/** @param {{ dataDir?: string }} [options] */
	constructor(options = {}) {
		this.dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
		/** @type {Map<string, Store>} */
		this.stores = new Map();
		// Creation times strictly increase, so listing by createdAt keeps creation order even within a millisecond.
		this.lastCreatedMs = 0;
		if (this.dataDir) this.load();
	}

	/** @param {string} id */
	storeDir(id) {
		return path.join(/** @type {string} */ (this.dataDir), 'stores', id);
	}

	/** @param {string} key */
	static recordFileName(key) {
		// Keys may be "." or "..": a prefix keeps every key a plain file name.
		return `r_${key}`;
	}

	load() {
		const root = path.join(/** @type {string} */ (this.dataDir), 'stores');
		fs.mkdirSync(root, { recursive: true });
		for (const id of fs.readdirSync(root)) {
			const metaFile = path.join(root, id, 'store.json');
			if (!fs.existsSync(metaFile)) continue;
			// Stores kept before signing existed get their secret and access level now.
			const meta = { urlSigningSecretKey: newSigningSecret(), generalAccess: 'FOLLOW_USER_SETTING', ...JSON.parse(fs.readFileSync(metaFile, 'utf8')) };
			/** @type {Map<string, StoredRecord>} */
			const records = new Map();
			const recordsDir = path.join(root, id, 'records');
			if (fs.existsSync(recordsDir)) {
				for (const file of fs.readdirSync(recordsDir)) {
					if (!file.startsWith('r_')) continue; // temporary files of an interrupted write
					const { key, record } = decodeRecordFile(fs.readFileSync(path.join(recordsDir, file)));
					records.set(key, record);
				}
			}
			this.stores.set(id, { meta, records });
			this.lastCreatedMs = Math.max(this.lastCreatedMs, Date.parse(meta.createdAt));
		}
	}

	/**
	 * @param {string} file
	 * @param {Buffer | string} data
	 */
	static writeAtomic(file, data) {
		const tmp = `${path.dirname(file)}/.tmp-${process.pid}-${newId()}`;
		fs.writeFileSync(tmp, data);
		fs.renameSync(tmp, file);
	}

	/** @param {Store} store */
	persistMeta(store) {
		if (!this.dataDir) return;
		const dir = this.storeDir(store.meta.id);
		fs.mkdirSync(path.join(dir, 'records'), { recursive: true });
		Storage.writeAtomic(path.join(dir, 'store.json'), JSON.stringify(store.meta));
	}

	/**
	 * @param {{ name: string | null, userId: string, username: string }} owner
	 * @returns {Store}
	 */
	createStore({ name, userId, username }) {
		this.lastCreatedMs = Math.max(Date.now(), this.lastCreatedMs + 1);
		const now = new Date(this.lastCreatedMs).toISOString();
		/** @type {Store} */
		const store = {
			meta: {
				id: newId(),
				name,
				userId,
				username,
				createdAt: now,
				modifiedAt: now,
				accessedAt: now,
				urlSigningSecretKey: newSigningSecret(),
				generalAccess: 'FOLLOW_USER_SETTING',
				stats: { readCount: 0, writeCount: 0, deleteCount: 0, listCount: 0 },
			},
			records: new Map(),
		};
		this.stores.set(store.meta.id, store);
		this.persistMeta(store);
		return store;
	}

	/**
	 * Renames a store, retitles it, gives it a schema or changes its general access, and keeps the change.
	 * @param {Store} store
	 * @param {{ name?: string | null, title?: string | null, schema?: Record<string, unknown> | null, generalAccess?: string, actId?: string, actRunId?: string }} changes
	 */
	updateStore(store, changes) {
		if (changes.name !== undefined) store.meta.name = changes.name;
		if (changes.title !== undefined) store.meta.title = changes.title;
		if (changes.schema !== undefined) store.meta.schema = changes.schema;
		if (changes.generalAccess !== undefined) store.meta.generalAccess = changes.generalAccess;
		if (changes.actRunId !== undefined) Object.assign(store.meta, { actId: changes.actId, actRunId: changes.actRunId });
		store.meta.modifiedAt = new Date().toISOString();
		this.persistMeta(store);
	}

	/** @param {string} id */
	getById(id) {
		return this.stores.get(id);
	}

	/**
	 * @param {string} username
	 * @param {string} name
	 */
	getByName(username, name) {
		for (const store of this.stores.values()) {
			if (store.meta.username === username && store.meta.name === name) return store;
		}
		return undefined;
	}

	/** @param {string} userId */
	listByUser(userId) {
		return [...this.stores.values()].filter((s) => s.meta.userId === userId);
	}

	/** @param {Store} store */
	deleteStore(store) {
		this.stores.delete(store.meta.id);
		if (this.dataDir) fs.rmSync(this.storeDir(store.meta.id), { recursive: true, force: true });
	}

	/**
	 * @param {Store} store
	 * @param {string} key
	 * @param {StoredRecord} record
	 */
	putRecord(store, key, record) {
		store.records.set(key, record);
		store.meta.modifiedAt = record.modifiedAt;
		store.meta.stats.writeCount++;
		if (this.dataDir) {
			const dir = path.join(this.storeDir(store.meta.id), 'records');
			fs.mkdirSync(dir, { recursive: true });
			Storage.writeAtomic(path.join(dir, Storage.recordFileName(key)), encodeRecordFile(key, record));
			this.persistMeta(store);
		}
	}

	/**
	 * @param {Store} store
	 * @param {string} key
	 */
	deleteRecord(store, key) {
		const existed = store.records.delete(key);
		store.meta.stats.deleteCount++;
		store.meta.modifiedAt = new Date().toISOString();
		if (this.dataDir) {
			fs.rmSync(path.join(this.storeDir(store.meta.id), 'records', Storage.recordFileName(key)), {
				force: true,
			});
			this.persistMeta(store);
		}
		return existed;
	}

	reset() {
		for (const store of [...this.stores.values()]) this.deleteStore(store);
	}
}

/**
 * One file a record: a 4-byte length, the metadata as JSON, then the body as uploaded.
 * @param {string} key
 * @param {StoredRecord} record
 */
function encodeRecordFile(key, record) {
	const { body, ...meta } = record;
	const header = Buffer.from(JSON.stringify({ key, ...meta }));
	const length = Buffer.alloc(4);
	length.writeUInt32BE(header.length);
	return Buffer.concat([length, header, body]);
}

/** @param {Buffer} file */
function decodeRecordFile(file) {
	const headerLength = file.readUInt32BE(0);
	const { key, ...meta } = JSON.parse(file.subarray(4, 4 + headerLength).toString('utf8'));
	return { key, record: { ...meta, body: file.subarray(4 + headerLength) } };
}

module.exports = { Storage };
