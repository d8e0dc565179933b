#!/usr/bin/env node
// @ts-check
'use strict';
// Runs Jest with what every test run needs before Node starts: the test CA trusted through
// NODE_EXTRA_CA_CERTS (Node reads it only at start-up), and the VM modules n8n-core's imports use.
// Arguments go to Jest as they are.
const { spawnSync } = require('child_process');
const path = require('path');
const { trustBundle, trustedTestCertificates, TRUSTED_CA_FILE } = require('./tls-certs');

trustedTestCertificates();
const jest = path.resolve(__dirname, '../node_modules/jest/bin/jest.js');
const result = spawnSync(process.execPath, [jest, ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: {
		...process.env,
		NODE_EXTRA_CA_CERTS: trustBundle(TRUSTED_CA_FILE),
		NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules'].filter(Boolean).join(' '),
	},
});
process.exit(result.status ?? 1);
