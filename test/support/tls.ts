import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

export interface TestCertificates {
	/** PEM of the throwaway certificate authority, to trust through NODE_EXTRA_CA_CERTS or `ca`. */
	caCert: string;
	caFile: string;
	/** A server certificate for 127.0.0.1 and localhost, signed by that authority. */
	cert: string;
	key: string;
}

/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1, made with openssl at
 * run time (nothing committed, nothing downloaded), for real TLS on loopback.
 */
export function makeTestCertificates(): TestCertificates {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvs-tls-'));
	const file = (name: string) => path.join(dir, name);
	const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
	openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=kvs-test-ca');
	openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
	fs.writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
	openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('ext.cnf'));
	return { caCert: fs.readFileSync(file('ca.pem'), 'utf8'), caFile: file('ca.pem'), cert: fs.readFileSync(file('server.pem'), 'utf8'), key: fs.readFileSync(file('server.key'), 'utf8') };
}
