import { createServer, request, type Server } from 'node:http';

/**
 * Sits in front of a stand-in and fails a fraction of its calls the way the real service fails
 * them — throttling or a 5xx, in that service's wire format — before the call reaches it. The
 * SDK's retries and the state machine's Retry have to absorb them; the fault-injection tests
 * then check that nothing was lost or done twice. Seeded, so a failing run can be replayed.
 */
export type FaultService = 'dynamodb' | 's3' | 'ses' | 'kms';

const FAULTS: Record<FaultService, { status: number; headers: Record<string, string>; body: string }[]> = {
  dynamodb: [
    {
      status: 400,
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' }),
    },
    { status: 500, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }) },
  ],
  kms: [
    { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) },
    { status: 500, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'KMSInternalException', message: 'Internal error' }) },
  ],
  s3: [
    { status: 503, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>' },
    { status: 500, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>' },
  ],
  ses: [
    { status: 429, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }, body: JSON.stringify({ message: 'Too many requests.' }) },
    { status: 500, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServiceErrorException' }, body: JSON.stringify({ message: 'Internal service error.' }) },
  ],
};

/** mulberry32: a small, seedable PRNG. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultStats {
  calls: number;
  injected: number;
}

export function createFaultProxy(options: {
  service: FaultService;
  targetPort: number;
  rate: number;
  random: () => number;
  /** Requests never failed (reads a test makes of the stand-in itself, such as the mailbox store). */
  exempt?: (method: string, path: string) => boolean;
}): { server: Server; stats: FaultStats } {
  const stats: FaultStats = { calls: 0, injected: 0 };
  const server = createServer((req, res) => {
    const exempt = options.exempt?.(req.method ?? 'GET', req.url ?? '/') ?? false;
    if (!exempt) stats.calls++;
    if (!exempt && options.random() < options.rate) {
      stats.injected++;
      const variants = FAULTS[options.service];
      const fault = variants[Math.floor(options.random() * variants.length)]!;
      req.resume(); // drain the body, then answer as the service would
      req.on('end', () => {
        res.writeHead(fault.status, { ...fault.headers, 'content-length': Buffer.byteLength(fault.body) });
        res.end(fault.body);
      });
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: options.targetPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return { server, stats };
}
