import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import path from 'path';

/** Where the contract lives: the repository's copy of Apify's own OpenAPI document (see its README). */
export const SPEC_PATH = path.resolve(__dirname, '../contract/apify-openapi.json');

type JsonObject = Record<string, any>;

const spec: JsonObject = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addFormat('int32', true);
ajv.addFormat('double', true);
ajv.addSchema(spec, 'apify-openapi.json');

function deref(node: JsonObject): JsonObject {
	let current = node;
	while (current && typeof current.$ref === 'string') {
		const pointer = current.$ref.replace(/^#\//, '').split('/');
		current = pointer.reduce((acc: JsonObject, part: string) => acc[part], spec);
	}
	return current;
}

const cache = new Map<string, ReturnType<typeof ajv.compile>>();
function compiled(schema: JsonObject) {
	const key = JSON.stringify(schema);
	let validate = cache.get(key);
	if (!validate) {
		// An inline schema's own $refs point into the spec, not into the inline schema.
		const inSpec = JSON.parse(key.replace(/"\$ref":"#\//g, '"$ref":"apify-openapi.json#/'));
		validate = ajv.compile(inSpec);
		cache.set(key, validate);
	}
	return validate;
}

// Literal paths first: /v2/users/me must not be taken for /v2/users/{userId}.
const templates = Object.keys(spec.paths)
	.map((template) => ({
		template,
		params: (template.match(/\{/g) ?? []).length,
		regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
	}))
	.sort((a, b) => a.params - b.params);

/** The operation of the spec that serves this method and path, if any. */
export function findOperation(method: string, pathname: string) {
	const match = templates.find((t) => t.regex.test(pathname));
	if (!match) return undefined;
	const operation = spec.paths[match.template][method.toLowerCase()];
	return operation ? { template: match.template, operation: operation as JsonObject } : undefined;
}

export interface ResponseToCheck {
	method: string;
	pathname: string;
	status: number;
	contentType: string | null;
	body: string;
}

/**
 * Checks a response against the spec: the status is one the operation declares and a JSON body
 * matches the schema declared for it. Returns the problems found; none means it conforms.
 */
export function checkResponse(response: ResponseToCheck): string[] {
	const found = findOperation(response.method, response.pathname);
	const where = `${response.method} ${response.pathname} -> ${response.status}`;
	if (!found) return [`${where}: no operation in the spec`];
	const declared = found.operation.responses?.[String(response.status)];
	if (!declared) {
		return [`${where}: status not declared (declared: ${Object.keys(found.operation.responses).join(', ')})`];
	}
	const resolved = deref(declared);
	const content: JsonObject | undefined = resolved.content;
	if (!content || Object.keys(content).length === 0) {
		return response.body.length > 0 && response.method !== 'HEAD' ? [`${where}: body where none is declared`] : [];
	}
	const mediaType = (response.contentType ?? '').split(';')[0].trim();
	const declaredMedia = content[mediaType] ?? content['*/*'];
	if (!declaredMedia) return [`${where}: content type ${mediaType} not declared`];
	if (response.method === 'HEAD' || !mediaType.endsWith('json') || !declaredMedia.schema) return [];
	// A record's body is the user's own value, not an API structure: only its status and type count.
	if (content[mediaType] === undefined || found.operation.operationId === 'keyValueStore_record_get') return [];
	let parsed: unknown;
	try {
		parsed = JSON.parse(response.body);
	} catch {
		return [`${where}: body is not JSON`];
	}
	const validate = compiled(declaredMedia.schema);
	if (validate(parsed)) return [];
	return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '/'} ${e.message}`);
}
