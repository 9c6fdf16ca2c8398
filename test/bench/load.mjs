// The load generator bench:verify runs in a second process: autocannon's API, so a request
// body is sent as the exact bytes of a file (its CLI reads -i as text, which mangles a PNG).
// Usage: node load.mjs <json options: url, connections, duration, method?, headers?, bodyFile?, varyToken?>
// varyToken: replaced by a counter in every request's body, so no two bodies are the same.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const template = options.varyToken ? readFileSync(options.bodyFile, 'utf8') : '';
let counter = 0;
const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.duration,
  method: options.method ?? 'GET',
  headers: options.headers ?? {},
  ...(options.bodyFile && !options.varyToken ? { body: readFileSync(options.bodyFile) } : {}),
  ...(options.varyToken ? { requests: [{ setupRequest: (req) => ({ ...req, body: template.replaceAll(options.varyToken, String(counter++)) }) }] } : {}),
});
process.stdout.write(JSON.stringify({ requests: result.requests, latency: result.latency, non2xx: result.non2xx, errors: result.errors }));
