import type { INodeProperties } from 'n8n-workflow';

/**
 * The fields of the node's AI-tool variant: n8n builds a tool's description from the resource and
 * operation ("Store a record in …") unless the node brings its own "toolDescription", so each
 * operation brings one, editable, with what to supply, the rules and what comes back. They show
 * only on the tool ("@tool": n8n 2.x and late 1.x read it, 1.85 does not and keeps its own wording
 * there); the hidden "descriptionType" is what 1.x needs to take a node's own description at all.
 */
export function toolDescriptionFields(byOperation: Record<string, string>): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Tool Description Type',
			name: 'descriptionType',
			type: 'hidden',
			default: 'manual',
		},
	];
	for (const [both, text] of Object.entries(byOperation)) {
		const [resource, operation] = both.split(':');
		fields.push({
			displayName: 'Description',
			name: 'toolDescription',
			type: 'string',
			typeOptions: { rows: 4 },
			default: text,
			description:
				'What the AI agent reads about this tool: what it does, what to supply and what it returns',
			displayOptions: {
				show: { '@tool': [true], resource: [resource], operation: [operation] },
			},
		});
	}
	return fields;
}
