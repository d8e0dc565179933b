import fs from 'fs';
import path from 'path';
import ts from 'typescript';

// The shape of the code, checked: short functions everywhere (the package, the local server, the
// scripts); floors that import only downwards; one table of operations; file names that say one
// thing; and the maps of docs/ that name every file and the steps of adding an operation.

const ROOT = path.resolve(__dirname, '../..');
const NODE_DIR = path.join(ROOT, 'nodes/ApifyKeyValueStore');
const MAX_FUNCTION_LINES = 60;

/**
 * The package's floors, top to bottom: a file imports only from a lower floor or its own folder.
 * actions/, trigger/ and methods/ share a floor and import nothing of each other; the node files
 * at the top import from all three.
 */
const NODE_FLOORS: Record<string, number> = {
	'.': 6,
	actions: 5,
	trigger: 5,
	methods: 5,
	shared: 4,
	api: 3,
	transport: 2,
	helpers: 1,
};

function filesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : [full];
	});
}

const shipped = [...filesUnder(path.join(ROOT, 'nodes')), ...filesUnder(path.join(ROOT, 'credentials'))];
const sources = shipped.filter((file) => file.endsWith('.ts'));
const tooling = [...filesUnder(path.join(ROOT, 'server')), ...filesUnder(path.join(ROOT, 'scripts'))].filter((file) => file.endsWith('.js'));
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

/** The module specifiers a file imports, re-exports from, or require()s. */
function imports(file: string): string[] {
	const found: string[] = [];
	const visit = (node: ts.Node) => {
		if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
			found.push((node.moduleSpecifier as ts.StringLiteral).text);
		} else if (ts.isCallExpression(node) && node.expression.getText() === 'require' && ts.isStringLiteral(node.arguments[0] ?? node)) {
			found.push((node.arguments[0] as ts.StringLiteral).text);
		}
		ts.forEachChild(node, visit);
	};
	visit(parse(file));
	return found;
}

/** Where an import leads, relative to the node's folder ("api/index", "transport/call", "n8n-workflow"). */
function target(file: string, spec: string): string {
	if (!spec.startsWith('.')) return spec;
	return path.relative(NODE_DIR, path.resolve(path.dirname(file), spec));
}

const folderOf = (file: string) => {
	const parts = path.relative(NODE_DIR, file).split(path.sep);
	return parts.length === 1 ? '.' : parts[0];
};

/** Every import of the package's own files that goes against the floors, as "file imports spec". */
function floorViolations(): string[] {
	const wrong: string[] = [];
	for (const file of sources.filter((f) => f.startsWith(NODE_DIR))) {
		const from = folderOf(file);
		for (const spec of imports(file).filter((s) => s.startsWith('.'))) {
			const to = target(file, spec);
			const first = to.split(path.sep)[0];
			const toFolder = first in NODE_FLOORS ? first : '.';
			const downwards = NODE_FLOORS[toFolder] < NODE_FLOORS[from] || toFolder === from;
			// Above a floor's own folder, api/ and transport/ are reached through their faces only.
			const throughFace = from === toFolder || !['api', 'transport'].includes(toFolder) || to === 'api' || to === 'api/index' || (from === 'api' && to === 'transport/transport');
			if (!downwards || !throughFace) wrong.push(`${relative(file)} imports ${spec}`);
		}
	}
	return wrong;
}

const opsTable = path.join(NODE_DIR, 'actions/operations.ts');

describe('the code under nodes/ and credentials/', () => {
	it(`has no function longer than ${MAX_FUNCTION_LINES} lines, nor has the local server or a script`, () => {
		const all = [...sources, ...tooling].flatMap(functionLengths);
		expect(all.filter((f) => f.lines > MAX_FUNCTION_LINES)).toEqual([]);
		for (const [label, files] of [['nodes/', sources], ['server/', tooling.filter((f) => relative(f).startsWith('server'))], ['scripts/', tooling.filter((f) => relative(f).startsWith('scripts'))]] as const) {
			const longest = files.flatMap(functionLengths).sort((a, b) => b.lines - a.lines)[0];
			process.stderr.write(`[codebase] longest function under ${label}: ${longest.name}, ${longest.lines} lines\n`);
		}
	});

	it('imports only downwards: node files > actions, trigger, methods > shared > api > transport > helpers', () => {
		expect(floorViolations()).toEqual([]);
		// The trigger in particular borrows nothing from the operations.
		const trigger = sources.filter((file) => folderOf(file) === 'trigger');
		expect(trigger.flatMap((file) => imports(file).filter((spec) => target(file, spec).startsWith('actions')))).toEqual([]);
	});

	it('reaches the transport only from api/ (and the credential) through its face', () => {
		const wrong: string[] = [];
		for (const file of sources) {
			const layer = file.startsWith(path.join(ROOT, 'credentials')) ? 'credentials' : folderOf(file);
			for (const spec of imports(file)) {
				const to = target(file, spec);
				if (!to.startsWith('transport') || layer === 'transport') continue;
				// The credential takes the Base URL rule and the defaults from the transport's face.
				const allowed = (layer === 'api' && to === 'transport/transport') || (layer === 'credentials' && to.endsWith('transport/transport'));
				if (!allowed) wrong.push(`${relative(file)} imports ${spec}`);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('hands out none of the transport\'s machinery from the API face', () => {
		const face = fs.readFileSync(path.join(NODE_DIR, 'api/index.ts'), 'utf8');
		for (const name of ['ApiSession', 'ByteBudget', 'Reservation', 'defaults', 'apifyRequest', 'paginate']) expect(face).not.toMatch(new RegExp(`\\b${name}\\b`));
	});

	it('keeps helpers pure: they import only other helpers and Node\'s crypto', () => {
		const wrong = sources
			.filter((file) => folderOf(file) === 'helpers')
			.flatMap((file) => imports(file).filter((spec) => !spec.startsWith('./') && spec !== 'crypto').map((spec) => `${relative(file)} imports ${spec}`));
		expect(wrong).toEqual([]);
	});

	it('has one table of operations: every operation file is in it, and only the table imports one', () => {
		const operationFiles = sources.filter((file) => file.endsWith('.operation.ts'));
		const inTable = imports(opsTable).map((spec) => path.resolve(path.dirname(opsTable), `${spec}.ts`));
		expect(operationFiles.filter((file) => !inTable.includes(file)).map(relative)).toEqual([]);
		const importers = sources.filter((file) => file !== opsTable && imports(file).some((spec) => spec.endsWith('.operation')));
		expect(importers.map(relative)).toEqual([]);
	});

	it('names every file once: no two files under nodes/ share a name', () => {
		const byName = new Map<string, string[]>();
		for (const file of shipped) byName.set(path.basename(file), [...(byName.get(path.basename(file)) ?? []), relative(file)]);
		expect([...byName.values()].filter((files) => files.length > 1)).toEqual([]);
	});

	it('is mapped: docs/architecture.md names every file with its job', () => {
		const map = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
		const missing = shipped.map(relative).filter((file) => !map.includes(`\`${file}\``));
		expect(missing).toEqual([]);
	});

	it('says how to add an operation, naming files that exist', () => {
		const doc = fs.readFileSync(path.join(ROOT, 'docs/development.md'), 'utf8');
		const section = doc.split(/^## /m).find((part) => part.startsWith('Add an operation'));
		expect(section).toBeDefined();
		const named = [...section!.matchAll(/`((?:nodes|test|docs)\/[^`*<>]+)`/g)].map((match) => match[1]);
		expect(named.length).toBeGreaterThan(2);
		expect(named.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
	});
});

describe('the local server and the scripts', () => {
	const builtins = new Set(require('module').builtinModules as string[]);
	const external = (spec: string) => !spec.startsWith('.');

	it('server/ stands alone: Node, npm packages and its own files, never scripts/, test/ or the package', () => {
		const wrong = tooling
			.filter((file) => relative(file).startsWith('server'))
			.flatMap((file) => imports(file).filter((spec) => !external(spec) && !spec.startsWith('./')).map((spec) => `${relative(file)} imports ${spec}`));
		expect(wrong).toEqual([]);
	});

	it('scripts/ import the server and each other, never test/ or bench/; scripts/system/ imports only Node', () => {
		const scripts = tooling.filter((file) => relative(file).startsWith('scripts'));
		const wrong = scripts.flatMap((file) =>
			imports(file)
				.filter((spec) => {
					const to = relative(path.resolve(path.dirname(file), spec));
					if (relative(file).startsWith(`scripts${path.sep}system`)) return !builtins.has(spec) && !spec.startsWith('./');
					return !external(spec) && !to.startsWith('scripts') && !to.startsWith('server');
				})
				.map((spec) => `${relative(file)} imports ${spec}`),
		);
		expect(wrong).toEqual([]);
	});
});
