#!/usr/bin/env node
// @ts-check
'use strict';
const fs = require('fs');
const { startServer, DEFAULT_BODY_LIMIT } = require('./index');

const HELP = `Local Apify-compatible key-value store server

Usage: node server/cli.js [options]
  --host HOST            address to listen on (default 127.0.0.1)
  --port PORT            port (default 8789; 0 picks a free one)
  --token TOKEN          API token to accept (repeatable; default: APIFY_LOCAL_TOKEN or a random one)
  --data-dir DIR         keep stores on disk in DIR (default: memory only)
  --body-limit BYTES     largest decoded record body (default ${DEFAULT_BODY_LIMIT})
  --rate-limit N         requests a second per store before 429 (default 0: no limit)
  --test-routes          mount /_test/* (fault injection, stats, reset) for tests in other processes
  --tls-key FILE         serve https with this private key (PEM) ...
  --tls-cert FILE        ... and this certificate (PEM)
  --redirect-reads       answer record reads (and archives) with 302 to a second local server, as Apify
                         sends them to S3: pre-signed URLs that refuse any Authorization header
                         (https with the key and certificate above, http without)
  --quiet                do not log requests
Prints "url=<url>" and "token=<token>" lines on start.`;

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ port: number, tokens: Array<{ token: string }>, quiet: boolean, testRoutes?: boolean, tls?: { key: Buffer, cert: Buffer }, host?: string, dataDir?: string, bodyLimit?: number, rateLimitPerSecond?: number, redirectReads?: boolean, objectStorage?: { tls?: { key: Buffer, cert: Buffer } } }} */
	const opts = { port: 8789, tokens: [], quiet: false };
	/** @type {{ key?: string, cert?: string }} */
	const tlsFiles = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const next = () => {
			const value = argv[++i];
			if (value === undefined) throw new Error(`${arg} needs a value`);
			return value;
		};
		if (arg === '--help' || arg === '-h') {
			console.log(HELP);
			process.exit(0);
		} else if (arg === '--host') opts.host = next();
		else if (arg === '--port') opts.port = Number(next());
		else if (arg === '--token') opts.tokens.push({ token: next() });
		else if (arg === '--data-dir') opts.dataDir = next();
		else if (arg === '--body-limit') opts.bodyLimit = Number(next());
		else if (arg === '--rate-limit') opts.rateLimitPerSecond = Number(next());
		else if (arg === '--quiet') opts.quiet = true;
		else if (arg === '--test-routes') opts.testRoutes = true;
		else if (arg === '--redirect-reads') opts.redirectReads = true;
		else if (arg === '--tls-key') tlsFiles.key = next();
		else if (arg === '--tls-cert') tlsFiles.cert = next();
		else throw new Error(`Unknown option ${arg}\n\n${HELP}`);
	}
	if (tlsFiles.key && tlsFiles.cert) opts.tls = { key: fs.readFileSync(tlsFiles.key), cert: fs.readFileSync(tlsFiles.cert) };
	if (opts.redirectReads) opts.objectStorage = { tls: opts.tls };
	if (opts.tokens.length === 0 && process.env.APIFY_LOCAL_TOKEN) opts.tokens.push({ token: process.env.APIFY_LOCAL_TOKEN });
	return opts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	const server = await startServer({
		...opts,
		log: opts.quiet ? () => {} : (line) => console.error(`[kvs] ${line}`),
	});
	console.log(`url=${server.url}`);
	console.log(`token=${server.token}`);
	console.log(`username=${server.username}`);
	const stop = () => server.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(err.message);
	process.exit(1);
});
