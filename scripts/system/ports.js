// @ts-check
'use strict';
const net = require('net');

/** A port the system has free on 127.0.0.1 right now, so nothing clashes with a developer's own services. */
function freePort() {
	return /** @type {Promise<number>} */ (
		new Promise((resolve, reject) => {
			const probe = net.createServer();
			probe.on('error', reject);
			probe.listen(0, '127.0.0.1', () => {
				const { port } = /** @type {net.AddressInfo} */ (probe.address());
				probe.close(() => resolve(port));
			});
		})
	);
}

module.exports = { freePort };
