import fs from 'fs';
// The certificates are made by the project's script, shared with the benchmark.
export interface TestCertificates {
	dir: string;
	caFile: string;
	caCert: string;
	cert: string;
	key: string;
	certFile: string;
	keyFile: string;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const certs = require('../../scripts/tls-certs') as {
	makeTestCertificates: () => TestCertificates;
	trustedTestCertificates: () => TestCertificates;
	TRUSTED_CA_FILE: string;
};

/** A fresh CA nobody trusts, and its server certificate for 127.0.0.1. */
export const { makeTestCertificates } = certs;

/**
 * The CA this test run trusts (scripts/jest.js gives it to Node as NODE_EXTRA_CA_CERTS before
 * Jest starts), and its server certificate for 127.0.0.1: real verified TLS on loopback.
 */
export function trustedCertificates(): TestCertificates {
	const trusted = process.env.NODE_EXTRA_CA_CERTS;
	const readable = (file?: string): file is string => file !== undefined && fs.existsSync(file);
	// scripts/jest.js trusts the test CA, with any CAs the environment trusted already.
	if (!readable(trusted) || !readable(certs.TRUSTED_CA_FILE) || !fs.readFileSync(trusted, 'utf8').includes(fs.readFileSync(certs.TRUSTED_CA_FILE, 'utf8').trim())) {
		throw new Error('This test needs the test CA trusted: run it through "npm test" or "npm run test:unit" (scripts/jest.js sets NODE_EXTRA_CA_CERTS).');
	}
	return certs.trustedTestCertificates();
}
