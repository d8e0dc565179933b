import fs from 'fs';

/**
 * Keeps one generated section of a Markdown page in step with what a test saw: between
 * `<!-- generated: NAME -->` and `<!-- end: NAME -->`. With UPDATE_DOCS=1 the section is rewritten
 * (and added at the end when missing); otherwise the test fails when page and node disagree.
 */
export function expectGeneratedSection(file: string, name: string, content: string): void {
	const begin = `<!-- generated: ${name} -->`;
	const end = `<!-- end: ${name} -->`;
	const block = `${begin}\n${content.trim()}\n${end}`;
	const page = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	const from = page.indexOf(begin);
	const to = page.indexOf(end);
	const current = from === -1 || to === -1 ? undefined : page.slice(from, to + end.length);
	if (process.env.UPDATE_DOCS) {
		const next = current === undefined ? `${page.trimEnd()}${page ? '\n\n' : ''}${block}\n` : page.replace(current, block);
		fs.writeFileSync(file, next);
		return;
	}
	expect(current).toBe(block);
}
