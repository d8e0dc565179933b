import fs from 'fs';
import path from 'path';
import ts from 'typescript';

// The shape of the code, checked: short functions, layers that import only downwards (operations,
// pickers and the trigger speak to Apify through api/ alone; only api/ uses the transport, through
// its index; pure helpers import nothing of the node), and a map that names every file.

const ROOT = path.resolve(__dirname, '../..');
const NODE_DIR = path.join(ROOT, 'nodes/ApifyKeyValueStore');
const MAX_FUNCTION_LINES = 60;

function filesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : [full];
	});
}

const shipped = [...filesUnder(path.join(ROOT, 'nodes')), ...filesUnder(path.join(ROOT, 'credentials'))];
const sources = shipped.filter((file) => file.endsWith('.ts'));
const relative = (file: string) => path.relative(ROOT, file);

function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2021, true);
}

/** Every function-like node of a file, with its name (or where it is) and its length in lines. */
function functionLengths(file: string): Array<{ name: string; lines: number }> {
	const source = parse(file);
	const found: Array<{ name: string; lines: number }> = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
			const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const name = (node as ts.FunctionDeclaration).name?.getText() ?? `(line ${start + 1})`;
			found.push({ name: `${relative(file)} ${name}`, lines: end - start + 1 });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** The module specifiers a file imports (and re-exports from). */
function imports(file: string): string[] {
	return parse(file)
		.statements.filter((s): s is ts.ImportDeclaration | ts.ExportDeclaration => ts.isImportDeclaration(s) || ts.isExportDeclaration(s))
		.map((s) => (s.moduleSpecifier as ts.StringLiteral | undefined)?.text)
		.filter((spec): spec is string => spec !== undefined);
}

/** Where an import leads, relative to the node's folder ("api/index", "transport/call", "n8n-workflow"). */
function target(file: string, spec: string): string {
	if (!spec.startsWith('.')) return spec;
	return path.relative(NODE_DIR, path.resolve(path.dirname(file), spec));
}

const layerOf = (file: string) => path.relative(NODE_DIR, file).split(path.sep)[0];

describe('the code under nodes/ and credentials/', () => {
	it(`has no function longer than ${MAX_FUNCTION_LINES} lines`, () => {
		const long = sources.flatMap(functionLengths).filter((f) => f.lines > MAX_FUNCTION_LINES);
		expect(long).toEqual([]);
		const longest = sources.flatMap(functionLengths).sort((a, b) => b.lines - a.lines)[0];
		process.stderr.write(`[codebase] longest function: ${longest.name}, ${longest.lines} lines\n`);
	});

	it('reaches Apify only through api/, and the transport only from api/ through its index', () => {
		const wrong: string[] = [];
		for (const file of sources) {
			const layer = file.startsWith(path.join(ROOT, 'credentials')) ? 'credentials' : layerOf(file);
			for (const spec of imports(file)) {
				const to = target(file, spec);
				if (!to.startsWith('transport') || layer === 'transport') continue;
				// The credential takes the Base URL rule and the defaults from the transport's face.
				const allowed = (layer === 'api' || layer === 'credentials') && (to === 'transport' || to === 'transport/index');
				if (!allowed) wrong.push(`${relative(file)} imports ${spec}`);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('keeps helpers pure: they import only other helpers and Node\'s crypto', () => {
		const wrong = sources
			.filter((file) => layerOf(file) === 'helpers')
			.flatMap((file) => imports(file).filter((spec) => !spec.startsWith('./') && spec !== 'crypto').map((spec) => `${relative(file)} imports ${spec}`));
		expect(wrong).toEqual([]);
	});

	it('is mapped: docs/architecture.md names every file with its job', () => {
		const map = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
		const missing = shipped.map(relative).filter((file) => !map.includes(`\`${file}\``));
		expect(missing).toEqual([]);
	});
});
