import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import path from 'node:path';
import vm from 'node:vm';
import { cdnCapFor } from '../infra/edge/cache-times';
import { PROJECT_ROOT } from './cloud';

/**
 * A CDN stand-in for the benchmark: a caching reverse proxy in front of the local public API
 * that keys and keeps responses as the CloudFront distribution does — the same Accept
 * normalizer (infra/edge/normalize-accept.js), `format` in the key for credentials, the
 * origin's max-age capped per path (infra/edge/cache-times.ts), POST never cached. It measures
 * what a cache hit costs; it is not CloudFront (no edge locations, no shield, no WAF).
 */
/** The CloudFront Function's code, run as CloudFront would: its `handler` and `normalizeAccept`. */
export function loadEdgeFunction() {
  const context = vm.createContext({});
  vm.runInContext(readFileSync(path.join(PROJECT_ROOT, 'infra/edge/normalize-accept.js'), 'utf8'), context);
  return context as { handler: (event: unknown) => { headers: { accept: { value: string } } }; normalizeAccept: (accept: string) => string };
}

export function createCdnStandIn(originUrl: string): Server {
  const normalize = loadEdgeFunction().normalizeAccept;
  const origin = new URL(originUrl);
  const cache = new Map<string, { until: number; status: number; headers: Record<string, string | string[]>; body: Buffer }>();

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://cdn');
    const cap = cdnCapFor(url.pathname);
    const cacheable = req.method === 'GET' && cap !== undefined;
    const credential = /^\/credentials\/[^/]+$/.test(url.pathname);
    const headers = { ...req.headers, host: origin.host };
    if (credential) headers.accept = normalize(String(req.headers.accept ?? ''));
    const key = `${url.pathname}?${credential ? `format=${url.searchParams.get('format') ?? ''}&accept=${headers.accept}` : ''}`;
    const hit = cacheable ? cache.get(key) : undefined;
    if (hit && hit.until > Date.now()) {
      res.writeHead(hit.status, { ...hit.headers, 'x-cache': 'Hit from cdn-stand-in' });
      return res.end(hit.body);
    }
    const upstream = request({ host: origin.hostname, port: origin.port, path: `${url.pathname}${url.search}`, method: req.method, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const maxAge = Number(/max-age=(\d+)/.exec(String(answer.headers['cache-control'] ?? ''))?.[1] ?? 60);
        const ttl = Math.min(maxAge, cap ?? 0);
        if (cacheable && answer.statusCode === 200 && ttl > 0 && !/no-store|private/.test(String(answer.headers['cache-control'] ?? ''))) {
          cache.set(key, { until: Date.now() + ttl * 1000, status: 200, headers: answer.headers as Record<string, string>, body });
        }
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-cache': 'Miss from cdn-stand-in' });
        res.end(body);
      });
    });
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
}
