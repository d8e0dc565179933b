// Lints what ships (nodes/, credentials/, package.json) with the rules n8n's community-package scanner
// applies: @n8n/eslint-plugin-community-nodes' "recommended" (the n8n Cloud rules) and
// eslint-plugin-n8n-nodes-base's community, credentials and nodes sets, with inline
// eslint-disable comments ignored, as the scanner ignores them.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', 'test/**', 'bench/**', 'server/**', 'scripts/**', '*.js', '*.mjs'] },
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
	n8nCommunityNodesPlugin.configs.recommended,
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{ files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { project: './tsconfig.json', sourceType: 'module' } } },
	{ files: ['**/*.json'], languageOptions: { parser: tsParser } },
	{
		files: ['package.json'],
		rules: {
			...n8nNodesBase.configs.community.rules,
			// The author's e-mail is the publisher's to give (README > Publishing); none is invented here.
			'@n8n/community-nodes/valid-author': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// As in the scanner: not valid for community nodes, and the community plugin's password rule is more accurate.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// As in the scanner: inputs and outputs are NodeConnectionTypes.Main, and API limits are real maximums.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
