// The certificates are made by the project's script, shared with the benchmark.
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const { makeTestCertificates } = require('../../scripts/tls-certs') as {
	makeTestCertificates: () => { caFile: string; caCert: string; cert: string; key: string; certFile: string; keyFile: string };
};
