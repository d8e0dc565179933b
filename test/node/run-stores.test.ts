import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { runListSearch, runNode } from '../harness/engine';
import { useLocalServer } from '../support/fixture';

// A run's default store (Store Source: Actor Run, Last Run of an Actor, Last Run of a Task),
// through n8n's engine against the local server, which keeps Actors, tasks and runs.

const TOKEN = 'run-store-token-0123456789';
const local = useLocalServer({ tokens: [{ token: TOKEN, username: 'rita' }], store: 'plain' });

const run = (parameters: INodeParameters, items: INodeExecutionData[] = [{ json: {} }]) =>
	runNode({ parameters: { options: { retryDelay: 10 }, ...parameters }, items, credentials: local.credentials(), onError: 'continueErrorOutput' });
const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });
const ofRun = (runId: string) => ({ storeSource: 'run', runId: rl(runId) });
const ofActor = (actorId: string, runStatus?: string) => ({ storeSource: 'actorLastRun', actorId: rl(actorId), ...(runStatus === undefined ? {} : { runStatus }) });
const getOutput = (source: INodeParameters) => ({ resource: 'record', operation: 'get', recordKey: rl('OUTPUT', 'key'), ...source });

function scraperWithRuns() {
	const { server } = local;
	const actor = server.createActor('scraper', 'Web Scraper');
	const ok = server.createRun({ actorId: actor.id });
	const failed = server.createRun({ actorId: actor.id, status: 'FAILED' });
	server.putRecord(ok.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('{"pages":12}'), 'application/json');
	server.putRecord(failed.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('{"pages":0}'), 'application/json');
	return { actor, ok, failed };
}

describe("a run's store", () => {
	it('Store Record writes into an Actor run\'s store by the run\'s own paths; the output names the store and the run', async () => {
		const actor = local.server.createActor('writer');
		const r = local.server.createRun({ actorId: actor.id, status: 'RUNNING' });
		const { outputs } = await run(
			{ resource: 'record', operation: 'store', recordKey: '={{ $json.key }}', valueSource: 'itemJson', compression: 'none', ...ofRun(r.id) },
			[{ json: { key: 'a', n: 1 } }, { json: { key: 'b', n: 2 } }],
		);
		expect(outputs[1] ?? []).toEqual([]);
		expect(outputs[0].map((o) => o.json)).toMatchObject([
			{ key: 'a', storeId: r.defaultKeyValueStoreId, runId: r.id, location: `${local.server.url}/v2/key-value-stores/${r.defaultKeyValueStoreId}/records/a` },
			{ key: 'b', storeId: r.defaultKeyValueStoreId, runId: r.id },
		]);
		expect(JSON.parse(local.server.getRecord(r.defaultKeyValueStoreId, 'b')!.decoded.toString())).toEqual({ key: 'b', n: 2 });
		// The run and its store were looked up once for both items; the records went by the run's path.
		const routes = local.server.stats.byRoute;
		expect([routes.runs, routes['GET run store'], routes['PUT run store'], routes['PUT record']]).toEqual([1, 1, 2, undefined]);
	});

	it("Get Record reads OUTPUT of an Actor's last succeeded run (the default) though a failed run came later, and of any status when asked", async () => {
		const { actor, ok, failed } = scraperWithRuns();
		const succeeded = await run(getOutput(ofActor(actor.id)));
		expect(succeeded.outputs[0][0].json).toEqual({ pages: 12 });
		const any = await run(getOutput(ofActor('rita~scraper', '')));
		expect(any.outputs[0][0].json).toEqual({ pages: 0 });
		const flagged = await run({ ...getOutput(ofActor(actor.id, 'FAILED')), recordKey: rl('INPUT', 'key'), options: { ifMissing: 'flag' } });
		expect(flagged.outputs[0][0].json).toEqual({ key: 'INPUT', found: false, storeId: failed.defaultKeyValueStoreId, runId: failed.id });
		expect(ok.id).not.toBe(failed.id);
	});

	it("reads a task's last run by username~name, and List Keys, Record Exists, Store > Get and Download Records work on a run's store", async () => {
		const { actor } = scraperWithRuns();
		const task = local.server.createTask(actor.id, 'daily');
		const r = local.server.createRun({ actorTaskId: task.id });
		local.server.putRecord(r.defaultKeyValueStoreId, 'OUTPUT', Buffer.from('task output'), 'text/plain');
		const source = { storeSource: 'taskLastRun', actorTaskId: rl('rita~daily') };
		const got = await run(getOutput(source));
		expect(got.outputs[0][0].json).toMatchObject({ key: 'OUTPUT', value: 'task output', storeId: r.defaultKeyValueStoreId, runId: r.id });
		const keys = await run({ resource: 'record', operation: 'listKeys', returnAll: true, ...source });
		expect(keys.outputs[0].map((o) => o.json)).toMatchObject([{ key: 'OUTPUT', size: 11, storeId: r.defaultKeyValueStoreId, runId: r.id }]);
		const exists = await run({ resource: 'record', operation: 'exists', recordKey: rl('OUTPUT', 'key'), ...source });
		expect(exists.outputs[0][0].json).toMatchObject({ exists: true });
		const store = await run({ resource: 'store', operation: 'get', ...source });
		expect(store.outputs[0][0].json).toMatchObject({ id: r.defaultKeyValueStoreId, actRunId: r.id, runId: r.id });
		expect(store.outputs[0][0].json).not.toHaveProperty('urlSigningSecretKey');
		const zip = await run({ resource: 'store', operation: 'downloadRecords', ...source });
		expect(zip.outputs[0][0].json).toMatchObject({ store: r.defaultKeyValueStoreId, fileName: `${r.defaultKeyValueStoreId}.zip`, runId: r.id });
		expect(zip.outputs[0][0].binary?.data.mimeType).toBe('application/zip');
		const deleted = await run({ resource: 'record', operation: 'delete', recordKey: rl('OUTPUT', 'key'), ...source });
		expect(deleted.outputs[0][0].json).toMatchObject({ deleted: true, runId: r.id });
		expect(local.server.getRecord(r.defaultKeyValueStoreId, 'OUTPUT')).toBeUndefined();
	});

	it('says what is wrong, and how to fix it, for each way a run store is not there; each scope is asked about once', async () => {
		const actor = local.server.createActor('lonely');
		const task = local.server.createTask(actor.id, 'never-ran');
		const gone = local.server.createRun({ actorId: actor.id, status: 'ABORTED', withStore: false });
		const cases: Array<[INodeParameters, RegExp, RegExp]> = [
			[ofRun('NoSuchRun00000000'), /^Actor run "NoSuchRun00000000" was not found$/, /Check the run ID/],
			[ofActor('NoSuchActor000000'), /^Actor "NoSuchActor000000" was not found$/, /pick it from the list/],
			[{ storeSource: 'taskLastRun', actorTaskId: rl(task.id) }, /^Task ".*" has no run with status SUCCEEDED$/, /Run the task first, or choose another "Run Status"/],
			[ofActor(actor.id, 'ABORTED'), /^The last aborted run of Actor ".*" \(run ".*"\) has no key-value store$/, /wait for the run to start, or choose another run/],
			// From an expression (the editor's own check stops a typed one).
			[ofRun('={{ "not-an-id" }}'), /"not-an-id" is not an Actor run ID \(17 letters and digits\)\. Copy it from the run's page in Apify Console, or pick the run from the list\./, /^$/],
			[ofActor('={{ "scraper" }}'), /"scraper" is not an Actor ID or "username~name"\. Use the Actor's ID or "username~actor-name", or pick it from the list\./, /^$/],
		];
		for (const [source, message, fix] of cases) {
			local.server.stats.byRoute = {};
			const { outputs } = await run(getOutput(source), [{ json: {} }, { json: {} }, { json: {} }]);
			expect(outputs[0] ?? []).toEqual([]);
			expect(outputs[1]).toHaveLength(3);
			for (const [i, item] of outputs[1].entries()) {
				expect(String(item.json.error)).toMatch(message);
				expect(String(item.json.message ?? '')).toMatch(fix);
				expect(item.pairedItem).toEqual({ item: i });
			}
			expect((local.server.stats.byRoute.runs ?? 0) + (local.server.stats.byRoute['GET run store'] ?? 0)).toBeLessThanOrEqual(2);
		}
		expect(gone.defaultKeyValueStoreId).toMatch(/^[a-zA-Z0-9]{17}$/);
	});

	it('the Actor run, Actor and task pickers list the newest first and filter; the key picker lists a run store\'s keys', async () => {
		const { actor, failed } = scraperWithRuns();
		const task = local.server.createTask(actor.id, 'weekly');
		const credentials = local.credentials();
		const runs = await runListSearch('searchRuns', { parameters: { storeSource: 'run' }, credentials });
		expect(runs.results.map((r) => r.value)).toEqual([failed.id, expect.any(String)]);
		expect(runs.results[0].name).toMatch(/FAILED/);
		const actors = await runListSearch('searchActors', { parameters: { storeSource: 'actorLastRun' }, credentials, filter: 'web' });
		expect(actors.results).toEqual([expect.objectContaining({ value: actor.id, name: 'Web Scraper (rita/scraper)' })]);
		const tasks = await runListSearch('searchTasks', { parameters: { storeSource: 'taskLastRun' }, credentials });
		expect(tasks.results.map((t) => t.value)).toEqual([task.id]);
		const keys = await runListSearch('searchRecordKeys', { parameters: { resource: 'record', operation: 'get', ...ofActor(actor.id) }, credentials });
		expect(keys.results.map((k) => k.value)).toEqual(['OUTPUT']);
	});
});
