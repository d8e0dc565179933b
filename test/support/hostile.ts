import type http from 'http';
import { scriptedServer, type ScriptedServer } from './canned-server';

// What the hostile-answer test files share: scripted servers closed after each test, and the rows of
// the generated tables in docs/bad-inputs.md.

/** A maker of scripted servers on 127.0.0.1 for one test file; each is closed after its test. */
export function scriptedServers(): (handle: (req: http.IncomingMessage, res: http.ServerResponse) => void) => Promise<ScriptedServer> {
	const servers: ScriptedServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map(async (s) => await s.close()));
	});
	return async (handle) => {
		const srv = await scriptedServer(handle);
		servers.push(srv);
		return srv;
	};
}

/** The rows a test file notes as it goes, and the Markdown table they make (ports masked, so the page is stable). */
export function docRows() {
	const rows: Array<{ kind: string; what: string; outcome: string }> = [];
	return {
		note(kind: string, what: string, outcome: string) {
			rows.push({ kind, what, outcome: outcome.replace(/(https?):\/\/127\.0\.0\.1:\d+/g, '$1://127.0.0.1:<port>') });
		},
		table(heading: string, intro: string, columns = ['Class', 'Answer', 'What the node does']): string {
			return [
				heading,
				'',
				intro,
				'',
				`| ${columns.join(' | ')} |`,
				`| ${columns.map(() => '---').join(' | ')} |`,
				...rows.map((r) => `| ${r.kind} | ${r.what} | ${r.outcome.replace(/\|/g, '\\|')} |`),
			].join('\n');
		},
	};
}
