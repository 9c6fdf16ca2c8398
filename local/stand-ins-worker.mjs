// S3 (s3rver) and the SES mailbox (aws-ses-v2-local) on a thread of their own. Both are
// self-contained HTTP servers over their own state (a directory; the mailbox's memory), and
// on the local cloud's main thread — which also runs the API, the state machines and the
// other stand-ins — they competed for one core with everything else.
import { parentPort, workerData } from 'node:worker_threads';

const { host, s3Port, s3Directory, sesPort } = workerData;
const { default: S3rver } = await import('s3rver');
const { conditionalWrites } = await import('./s3-conditional-writes.mjs');
const { objectVersions } = await import('./s3-versions.mjs');
const s3rver = new S3rver({ port: s3Port, address: host, silent: true, directory: s3Directory });
// Ahead of s3rver's router, which writes: conditional writes first (see s3-conditional-writes.mjs),
// then bucket versioning (s3-versions.mjs), so that a write a precondition refuses makes no version.
s3rver.middleware.unshift(conditionalWrites(), objectVersions(s3Directory));
await s3rver.run();
const sesModule = await import('aws-ses-v2-local');
const sesStart = typeof sesModule.default === 'function' ? sesModule.default : sesModule.default.default;
const ses = await sesStart({ host, port: sesPort });

parentPort.on('message', async (m) => {
  if (!m.stop) return;
  await s3rver.close();
  await new Promise((r) => { ses.closeAllConnections?.(); ses.close(() => r()); });
  parentPort.postMessage({ stopped: true });
});
parentPort.postMessage({ ready: true });
