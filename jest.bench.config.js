/** @type {import('jest').Config} */
// Benchmarks run through Jest only to run TypeScript and n8n's engine; they assert nothing about time.
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/bench'],
	testMatch: ['**/*.bench.ts'],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 60 * 60_000,
	maxWorkers: 1,
};
