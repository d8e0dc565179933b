import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

// What users install: the packed tarball holds what n8n loads and nothing else, installs with
// n8n's own flags, and passes n8n's community-package scanner.

const ROOT = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-pack-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function pack(): { tarball: string; files: string[] } {
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' });
	const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
	return { tarball: path.join(work, info.filename), files: info.files.map((f) => f.path).sort() };
}

describe('the published package', () => {
	let packed: ReturnType<typeof pack>;
	beforeAll(() => (packed = pack()));

	it('holds the node, its codex, both icons and the credential', () => {
		for (const file of [
			'package.json',
			'dist/nodes/ApifyKeyValueStore/ApifyKeyValueStore.node.js',
			'dist/nodes/ApifyKeyValueStore/ApifyKeyValueStore.node.json',
			'dist/nodes/ApifyKeyValueStore/apify.svg',
			'dist/nodes/ApifyKeyValueStore/apify.dark.svg',
			'dist/credentials/ApifyKeyValueStoreApi.credentials.js',
		]) {
			expect(packed.files).toContain(file);
		}
		const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(packed.files).toContain(file);
	});

	it('holds nothing else: no tests, server, scripts, sources or source maps', () => {
		const stray = packed.files.filter(
			(f) => !(f === 'package.json' || f === 'README.md' || f === 'LICENSE' || (f.startsWith('dist/') && /\.(js|d\.ts|json|svg)$/.test(f))),
		);
		expect(stray).toEqual([]);
		expect(packed.files.some((f) => /^dist\/(test|server|scripts|bench)\//.test(f))).toBe(false);
		expect(packed.files.some((f) => f.endsWith('.map'))).toBe(false);
	});

	it('installs with n8n\'s flags (no scripts, no peer or dev dependencies) and brings no dependency', () => {
		const nodes = path.join(work, 'nodes');
		fs.mkdirSync(nodes, { recursive: true });
		fs.writeFileSync(path.join(nodes, 'package.json'), '{"name":"installed-nodes","private":true}');
		execFileSync('npm', ['install', packed.tarball, '--ignore-scripts', '--omit=dev', '--omit=peer', '--no-audit', '--no-fund', '--no-package-lock'], {
			cwd: nodes,
			stdio: 'pipe',
		});
		expect(fs.readdirSync(path.join(nodes, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['n8n-nodes-apify-key-value-store']);
	});
});

describe("n8n's own tools (@n8n/node-cli, pinned)", () => {
	/** The repository as git holds it (what a clone has), beside this node_modules, so n8n-node's
	 * `rimraf dist` and its copy of every png and svg act on a copy and not on the build under test. */
	function copyOfRepository(): string {
		const copy = fs.mkdtempSync(path.join(work, 'repo-'));
		const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
		for (const file of files) {
			if (!fs.existsSync(path.join(ROOT, file))) continue;
			fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
			fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
		}
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
		return copy;
	}
	function n8nNode(cwd: string, command: string): string {
		// As a developer runs it: eslint-plugin-n8n-nodes-base reads file names its own way under Jest's NODE_ENV=test.
		const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
		delete env.NODE_ENV;
		try {
			return execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@n8n/node-cli/bin/n8n-node.mjs'), command], { cwd, encoding: 'utf8', stdio: 'pipe', env });
		} catch (error) {
			const { stdout, stderr } = error as { stdout?: string; stderr?: string };
			throw new Error(`n8n-node ${command} failed:\n${stdout ?? ''}${stderr ?? ''}`);
		}
	}
	/** Every file under a folder with its SHA-256, sorted. */
	const digest = (dir: string): string[] =>
		(fs.readdirSync(dir, { recursive: true }) as string[])
			.filter((f) => fs.statSync(path.join(dir, f)).isFile())
			.map((f) => `${f} ${require('crypto').createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex')}`)
			.sort();

	it('n8n-node build gives the same dist/ as npm run build, file for file and byte for byte; n8n-node lint passes', () => {
		const copy = copyOfRepository();
		const built = n8nNode(copy, 'build');
		expect(built).toMatch(/Build successful/);
		const theirs = digest(path.join(copy, 'dist'));
		const ours = digest(path.join(ROOT, 'dist'));
		process.stderr.write(`[node-cli] n8n-node build: ${theirs.length} files in dist/, the same as npm run build: ${JSON.stringify(theirs) === JSON.stringify(ours)}\n`);
		expect(theirs).toEqual(ours);
		// n8n-node lint runs `eslint .` with this project's config, and fails on any finding.
		n8nNode(copy, 'lint');
	}, 240_000);
});

describe("n8n's community-package scanner", () => {
	// The three findings only the publisher can clear: see README > Publishing.
	const IDENTITY_RULES = ['@n8n/community-nodes/valid-author'];

	it('finds nothing on the sources or the tarball but the publisher-identity items', () => {
		// Without Jest's NODE_ENV=test, which makes eslint-plugin-n8n-nodes-base treat every file as a test fixture.
		const env = { ...process.env, NODE_ENV: undefined };
		const out = execFileSync('node', [path.join(ROOT, 'scripts/scan.js'), '--json'], { cwd: ROOT, encoding: 'utf8', env });
		process.stderr.write(`[scanner]\n${out.split('\n').filter((l) => !l.startsWith('{')).join('\n')}\n`);
		const report = JSON.parse(out.trim().split('\n').pop()!) as { findings: Array<{ leg: string; file: string; rule: string; message: string }> };
		const unexpected = report.findings.filter((f) => !IDENTITY_RULES.includes(f.rule));
		expect(unexpected).toEqual([]);
		// The author's e-mail is the one lint finding left, on both legs; provenance and the repository
		// URL are checked by the scanner only on a published package.
		expect(report.findings.map((f) => `${f.leg} ${f.rule}`).sort()).toEqual(['source @n8n/community-nodes/valid-author', 'tarball @n8n/community-nodes/valid-author']);
	}, 120_000);
});
