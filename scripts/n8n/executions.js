// @ts-check
'use strict';
// A running n8n's executions, read through its REST API as the editor reads them: what a published
// workflow's trigger started (the demo's trigger example, the trigger's end-to-end test).
const { parse } = require('flatted');

/**
 * The executions n8n holds (up to `limit`), oldest first, each with its run data (n8n stores it flatted).
 * @param {string} url the editor's base URL @param {string} cookie a signed-in session @param {number} [limit]
 * @returns {Promise<Array<{ id: string, status: string, mode: string, workflowId: string, runData: Record<string, any> }>>}
 */
async function listExecutions(url, cookie, limit = 50) {
	const list = /** @type {any} */ (await (await fetch(`${url}/rest/executions?limit=${limit}`, { headers: { cookie } })).json());
	/** @type {Array<{ id: string, status: string, mode: string, workflowId: string }>} */
	const summaries = list.data.results;
	const found = [];
	for (const { id, status, mode, workflowId } of summaries.sort((a, b) => Number(a.id) - Number(b.id))) {
		const detail = /** @type {any} */ (await (await fetch(`${url}/rest/executions/${id}`, { headers: { cookie } })).json());
		const runData = detail.data?.data ? parse(detail.data.data).resultData.runData : {};
		found.push({ id, status, mode, workflowId, runData });
	}
	return found;
}

/**
 * Waits until n8n holds `count` executions: up to 75 s, a poll interval (n8n polls at most once a
 * minute) and some.
 * @param {string} url @param {string} cookie @param {number} count
 */
async function untilExecutions(url, cookie, count) {
	for (let waited = 0; waited < 75_000; waited += 1000) {
		const found = await listExecutions(url, cookie);
		if (found.length >= count) return found;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`n8n did not reach ${count} executions within 75 s`);
}

/**
 * The items a node output in an execution's run data (its first run, its first output).
 * @param {Record<string, any>} runData @param {string} node
 * @returns {Array<{ json: Record<string, any> }>}
 */
const nodeOutput = (runData, node) => runData[node]?.[0]?.data?.main?.[0] ?? [];

module.exports = { listExecutions, untilExecutions, nodeOutput };
