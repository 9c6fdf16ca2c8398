// The metering and fault-injection proxies, on a thread of their own: every call a function
// makes to DynamoDB, S3, SES or KMS passes through them twice, and on the local cloud's main
// thread (which also runs the stand-ins, the API and the state machines) they were its largest
// single load. Stats are answered on request (the protocol: service-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createFaultProxy, seededRandom, exemptFor } = await import('./fault-proxy.ts');
const { listen } = await import('./http-util.ts');

const { proxies, rate, seed, host } = workerData;
const random = seededRandom(seed);
const running = [];
for (const { service, targetPort, port } of proxies) {
  const proxy = createFaultProxy({ service, targetPort, rate, random, exempt: exemptFor(service) });
  await listen(proxy.server, port, host);
  running.push({ service, ...proxy });
}
parentPort.on('message', async (m) => {
  if (m.stats) {
    parentPort.postMessage({ answer: m.ask, value: Object.fromEntries(running.map((p) => [p.service, p.stats])) });
  } else if (m.stop) {
    await Promise.all(running.map((p) => new Promise((r) => { p.server.closeAllConnections?.(); p.server.close(() => r()); })));
    parentPort.postMessage({ stopped: true });
  }
});
parentPort.postMessage({ ready: true });
