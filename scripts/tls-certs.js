// @ts-check
'use strict';
// A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost, made with
// openssl at run time (nothing committed, nothing downloaded), for real TLS on loopback in tests and
// benchmarks; clients trust it through NODE_EXTRA_CA_CERTS or a `ca` option, never by turning checks off.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** The CA the test runs trust (scripts/jest.js hands it to Jest as NODE_EXTRA_CA_CERTS), kept in the git-ignored cache. */
const TRUSTED_DIR = path.resolve(__dirname, '../.cache/test-ca');
const TRUSTED_CA_FILE = path.join(TRUSTED_DIR, 'ca.pem');

/**
 * @typedef {{ dir: string, caFile: string, caCert: string, certFile: string, cert: string, keyFile: string, key: string }} TestCertificates
 */

/**
 * Makes a CA and a server certificate for 127.0.0.1 and localhost in `dir`.
 * @param {string} dir
 * @param {number} days
 * @returns {TestCertificates}
 */
function makeCertificates(dir, days) {
	const file = (/** @type {string} */ name) => path.join(dir, name);
	const openssl = (/** @type {string[]} */ ...args) => execFileSync('openssl', args, { stdio: 'pipe' });
	const valid = ['-days', String(days)];
	openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), ...valid, '-subj', '/CN=kvs-test-ca');
	openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
	fs.writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
	openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), ...valid, '-extfile', file('ext.cnf'));
	return readCertificates(dir);
}

/** @param {string} dir @returns {TestCertificates} */
function readCertificates(dir) {
	const file = (/** @type {string} */ name) => path.join(dir, name);
	return {
		dir,
		caFile: file('ca.pem'),
		caCert: fs.readFileSync(file('ca.pem'), 'utf8'),
		certFile: file('server.pem'),
		cert: fs.readFileSync(file('server.pem'), 'utf8'),
		keyFile: file('server.key'),
		key: fs.readFileSync(file('server.key'), 'utf8'),
	};
}

/** A fresh CA nobody trusts, and its server certificate. */
function makeTestCertificates() {
	return makeCertificates(fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-tls-')), 2);
}

/**
 * The CA the test runs trust, and its server certificate: made once into the cache (ten years),
 * so it exists before Jest starts and Node reads NODE_EXTRA_CA_CERTS.
 */
function trustedTestCertificates() {
	if (fs.existsSync(path.join(TRUSTED_DIR, 'server.key'))) return readCertificates(TRUSTED_DIR);
	const building = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-ca-'));
	makeCertificates(building, 3650);
	fs.mkdirSync(path.dirname(TRUSTED_DIR), { recursive: true });
	fs.rmSync(TRUSTED_DIR, { recursive: true, force: true });
	fs.renameSync(building, TRUSTED_DIR);
	return readCertificates(TRUSTED_DIR);
}

/**
 * What to give child processes as NODE_EXTRA_CA_CERTS: the test CA, plus whatever CAs this process was
 * already told to trust that way (a registry reached through a TLS-inspecting proxy, for one), so npm
 * and n8n installs started from a test run still reach the registry. Written next to the CA.
 * @param {string} caFile
 */
function trustBundle(caFile) {
	const inherited = process.env.NODE_EXTRA_CA_CERTS;
	if (!inherited || path.resolve(inherited) === path.resolve(caFile) || !fs.existsSync(inherited)) return caFile;
	const bundle = path.join(path.dirname(caFile), 'trust-bundle.pem');
	fs.writeFileSync(bundle, `${fs.readFileSync(caFile, 'utf8').trim()}\n${fs.readFileSync(inherited, 'utf8')}`);
	return bundle;
}

module.exports = { makeTestCertificates, trustedTestCertificates, trustBundle, TRUSTED_CA_FILE };
