import { createServer, request, type Server } from 'node:http';
import { startServiceThread } from './service-thread';

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
  /** Requests by operation (X-Amz-Target, or method and first path segment), and bytes sent. */
  operations: Record<string, { count: number; bytesIn: number }>;
  /** DynamoDB: capacity units the calls consumed (ReturnConsumedCapacity, table and indexes). */
  capacity: { read: number; write: number };
  /**
   * DynamoDB write units by where they went: `<operation> <entity>` (the key's prefix, for
   * single-item writes) and `index <name>` (the table or a GSI), so a cost can be traced to its cause.
   */
  writesBy: Record<string, number>;
}

/** DynamoDB operations that can report their consumed capacity. */
const CAPACITY_OPS = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan', 'BatchGetItem', 'BatchWriteItem', 'TransactWriteItems', 'TransactGetItems']);

type Consumed = { ReadCapacityUnits?: number; WriteCapacityUnits?: number; CapacityUnits?: number };
type ConsumedWithIndexes = Consumed & { Table?: Consumed; GlobalSecondaryIndexes?: Record<string, Consumed> };
const WRITE_OPS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

/** The entity a single-item write touches: its partition key's prefix (ISSUANCE, HOLDS, AUDIT…). */
function entityOf(op: string, request: Record<string, unknown>): string {
  const key = (op === 'PutItem' ? request.Item : request.Key) as Record<string, { S?: string }> | undefined;
  const pk = key?.PK?.S;
  return pk ? pk.split('#')[0]! : 'items';
}

type AttributeValue = { S?: string; N?: string; B?: string; BOOL?: boolean; NULL?: boolean; L?: AttributeValue[]; M?: Record<string, AttributeValue>; SS?: string[]; NS?: string[]; BS?: string[] };

/** An attribute value's size as DynamoDB bills it (names and values in UTF-8 bytes; numbers about half their digits). */
function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
  if (v.B !== undefined) return Buffer.from(v.B, 'base64').length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.L) return 3 + v.L.reduce((n, e) => n + 1 + valueSize(e), 0);
  if (v.M) return 3 + itemSize(v.M) + Object.keys(v.M).length;
  return [...(v.SS ?? []), ...(v.NS ?? [])].reduce((n, e) => n + Buffer.byteLength(e), 0) + (v.BS ?? []).reduce((n, e) => n + Buffer.from(e, 'base64').length, 0);
}
const itemSize = (item: Record<string, AttributeValue>) => Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueSize(v), 0);

/**
 * The table's write units for a TransactWriteItems as DynamoDB bills them: two per KB of each
 * item. DynamoDB Local reports far less (2 for three small Puts, 2 for a hundred), so the meter
 * counts the Puts itself from their items and gives every other action (Update, Delete,
 * ConditionCheck: their item's size is not in the request) the minimum of 2; the larger of that
 * and DynamoDB Local's own figure is taken.
 */
export function transactionTableUnits(request: Record<string, unknown>): number {
  const items = (request.TransactItems ?? []) as { Put?: { Item: Record<string, AttributeValue> } }[];
  return items.reduce((n, t) => n + 2 * (t.Put ? Math.max(1, Math.ceil(itemSize(t.Put.Item) / 1024)) : 1), 0);
}

function addCapacity(stats: FaultStats, op: string, request: Record<string, unknown>, body: Buffer) {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { ConsumedCapacity?: ConsumedWithIndexes | ConsumedWithIndexes[] };
    const writes = WRITE_OPS.has(op);
    if (op === 'TransactWriteItems' && parsed.ConsumedCapacity) {
      // One table here: the whole correction goes to it (its Table part and its total).
      const [c] = [parsed.ConsumedCapacity].flat();
      if (c) {
        const reported = c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0;
        const table = Math.max(reported, transactionTableUnits(request));
        c.CapacityUnits = (c.CapacityUnits ?? 0) + table - reported;
        c.Table = { ...c.Table, CapacityUnits: table };
      }
    }
    for (const c of [parsed.ConsumedCapacity ?? []].flat()) {
      const units = c.CapacityUnits ?? 0;
      const written = c.WriteCapacityUnits ?? (writes ? units : 0);
      stats.capacity.write += written;
      stats.capacity.read += c.ReadCapacityUnits ?? (writes ? 0 : units);
      if (!written) continue;
      const by = `${op} ${entityOf(op, request)}`;
      stats.writesBy[by] = (stats.writesBy[by] ?? 0) + written;
      const parts: [string, Consumed | undefined][] = [['table', c.Table], ...Object.entries(c.GlobalSecondaryIndexes ?? {})];
      for (const [index, u] of parts) {
        const w = u?.WriteCapacityUnits ?? u?.CapacityUnits ?? 0;
        if (w) stats.writesBy[`index ${index}`] = (stats.writesBy[`index ${index}`] ?? 0) + w;
      }
    }
  } catch {
    // not JSON (an error page): nothing consumed
  }
}

export function createFaultProxy(options: {
  service: FaultService;
  targetPort: number;
  rate: number;
  random: () => number;
  /** Requests never failed (reads a test makes of the stand-in itself, such as the mailbox store). */
  exempt?: (method: string, path: string) => boolean;
}): { server: Server; stats: FaultStats } {
  const stats: FaultStats = { calls: 0, injected: 0, operations: {}, capacity: { read: 0, write: 0 }, writesBy: {} };
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
    const target = String(req.headers['x-amz-target'] ?? '').split('.').pop();
    const op = target || `${req.method} ${(req.url ?? '/').split('?')[0]!.split('/').filter(Boolean).length > 1 ? 'object' : 'bucket'}`;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      const meterCapacity = options.service === 'dynamodb' && CAPACITY_OPS.has(op);
      if (!exempt) {
        const entry = (stats.operations[op] ??= { count: 0, bytesIn: 0 });
        entry.count++;
        entry.bytesIn += body.length;
      }
      const headers = { ...req.headers };
      let json: Record<string, unknown> = {};
      if (meterCapacity) {
        // Ask DynamoDB what each call cost; the caller never asked, so it never sees the difference.
        json = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        json.ReturnConsumedCapacity = 'INDEXES';
        body = Buffer.from(JSON.stringify(json));
        headers['content-length'] = String(body.length);
      }
      const upstream = request({ host: '127.0.0.1', port: options.targetPort, method: req.method, path: req.url, headers }, (up) => {
        if (!meterCapacity) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          const answer = Buffer.concat(out);
          addCapacity(stats, op, json, answer);
          res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': String(answer.length) });
          res.end(answer);
        });
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  return { server, stats };
}

/** Requests a proxy lets through unfailed and uncounted: the mailbox's UI and store are for people and tests, not the SES API. */
export function exemptFor(service: FaultService): ((method: string, path: string) => boolean) | undefined {
  return service === 'ses' ? (method, p) => !(method === 'POST' && p.startsWith('/v2/email/outbound')) : undefined;
}

export interface FaultProxies {
  /** Calls seen, faults injected and (DynamoDB) capacity consumed, per stand-in, as of now. */
  stats(): Promise<Partial<Record<FaultService, FaultStats>>>;
  stop(): Promise<void>;
}

/**
 * Starts one proxy per service, on a worker thread of their own (see fault-proxy-worker.mjs),
 * each listening on `port` and forwarding to `targetPort`.
 */
export async function startFaultProxies(options: {
  proxies: { service: FaultService; targetPort: number; port: number }[];
  rate: number;
  seed: number;
  host: string;
}): Promise<FaultProxies> {
  const thread = await startServiceThread(new URL('./fault-proxy-worker.mjs', import.meta.url), options, 'the fault proxies');
  return { stats: () => thread.ask({ stats: true }), stop: () => thread.stop() };
}
