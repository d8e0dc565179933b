// n8n-core's InstanceSettings writes an encryption key under the user folder; keep it out of $HOME.
const fs = require('fs');
const os = require('os');
const path = require('path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-kvs-test-'));
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// n8n's logger prints every node error to the console; the tests assert on them instead.
process.env.N8N_LOG_LEVEL ??= 'silent';
