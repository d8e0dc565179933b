// @ts-check
'use strict';
// A throwaway certificate authority and a server certificate for 127.0.0.1 and localhost, made with
// openssl at run time (nothing committed, nothing downloaded), for real TLS on loopback in tests and
// benchmarks; clients trust it through NODE_EXTRA_CA_CERTS or a `ca` option, never by turning checks off.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

/** @returns {{ dir: string, caFile: string, caCert: string, certFile: string, cert: string, keyFile: string, key: string }} */
function makeTestCertificates() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-tls-'));
	const file = (/** @type {string} */ name) => path.join(dir, name);
	const openssl = (/** @type {string[]} */ ...args) => execFileSync('openssl', args, { stdio: 'pipe' });
	openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=kvs-test-ca');
	openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
	fs.writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
	openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('ext.cnf'));
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

module.exports = { makeTestCertificates };
