import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * Outbound HTTP for verifying other issuers' credentials. The URLs come from a document a
 * stranger posted, so every fetch is a possible server-side request forgery: only https on the
 * default port, never to a private, loopback, link-local (the instance metadata service) or
 * otherwise reserved address — checked on the address actually connected to, so DNS rebinding
 * cannot slip past — bounded in time and in bytes, with at most a few redirects, each
 * re-checked.
 */
export class OutboundError extends Error {
  constructor(
    message: string,
    readonly reason: 'refused' | 'timeout' | 'too-large' | 'http' | 'network',
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundOptions {
  /** Per request, connection to last byte. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  /** Aborts the request too (a caller's overall deadline). */
  signal?: AbortSignal;
  accept?: string;
}

export type OutboundFetch = (url: string, options: OutboundOptions) => Promise<{ body: Buffer; contentType: string; url: string }>;

/** Addresses no public document may point us at (IANA special-purpose registries). */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32],
  ['2002::', 16], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** True when `address` (an IP literal) is a public unicast address. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are judged as the IPv4 address.
    const mapped = /^::(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    if (/^::ffff:/i.test(address)) return false;
    return !blocked.check(address, 'ipv6');
  }
  return !blocked.check(address, 'ipv4');
}

/** The URL-level policy, before any connection: https on 443, no credentials, no local names or private literals. */
export function checkOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError(`${raw} is not a URL`, 'refused');
  }
  if (url.protocol !== 'https:') throw new OutboundError(`${url.origin} is not https`, 'refused');
  if (url.port && url.port !== '443') throw new OutboundError(`${url.origin} uses a port other than 443`, 'refused');
  if (url.username || url.password) throw new OutboundError(`${url.origin} carries credentials`, 'refused');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) ? !isPublicAddress(host) : !host.includes('.') || /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/.test(host)) {
    throw new OutboundError(`${url.hostname} is not a public address`, 'refused');
  }
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http(s).request that refuses to connect when any address of the name is not public. */
export function publicOnlyLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback) {
  dnsLookup(hostname, { all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad || addresses.length === 0) {
      const e = Object.assign(new Error(`${hostname} resolves to ${bad?.address ?? 'nothing'}, which is not a public address`), { code: 'ELAUREL_PRIVATE' });
      return callback(e, []);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

interface Transport {
  /** Starts a GET for an already policy-checked URL. */
  get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage>;
}

const onResponse = (start: () => ReturnType<typeof httpRequest>, signal: AbortSignal) =>
  new Promise<IncomingMessage>((resolve, reject) => {
    const req = start();
    req.once('response', resolve);
    req.once('error', (e: NodeJS.ErrnoException) =>
      reject(signal.aborted ? e : new OutboundError(e.code === 'ELAUREL_PRIVATE' ? e.message : `could not connect: ${e.message}`, e.code === 'ELAUREL_PRIVATE' ? 'refused' : 'network')),
    );
    req.end();
  });

/** Straight to the internet (AWS): the address connected to is checked by `publicOnlyLookup`. */
const directTransport: Transport = {
  get: (url, headers, signal) =>
    onResponse(() => httpsRequest(url, { headers, signal, lookup: publicOnlyLookup as never, agent: false }), signal),
};

/**
 * The local cloud has no internet: requests go to its internet stand-in, which serves other
 * issuers' documents at their real https URLs (a request in absolute form, as to a forward
 * proxy). The URL policy above still applies; only the connection differs.
 */
function standInTransport(standIn: string): Transport {
  const proxy = new URL(standIn);
  return {
    get: (url, headers, signal) =>
      onResponse(() => httpRequest({ host: proxy.hostname, port: proxy.port, path: url.href, headers: { ...headers, host: url.host }, signal, agent: false }), signal),
  };
}

async function readBounded(res: IncomingMessage, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    res.destroy();
    throw new OutboundError(`${url} is larger than ${maxBytes} bytes`, 'too-large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      throw new OutboundError(`${url} is larger than ${maxBytes} bytes`, 'too-large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The outbound fetch: `LOCAL_INTERNET_URL` (set by the local cloud only) selects the stand-in. */
export function outboundFetch(options: { standInUrl?: string } = {}): OutboundFetch {
  const transport = options.standInUrl ? standInTransport(options.standInUrl) : directTransport;
  return async (raw, o) => {
    const timeout = AbortSignal.timeout(o.timeoutMs);
    const signal = o.signal ? AbortSignal.any([timeout, o.signal]) : timeout;
    let url = checkOutboundUrl(raw);
    try {
      for (let redirects = 0; ; redirects++) {
        const res = await transport.get(url, { accept: o.accept ?? 'application/ld+json, application/json', 'user-agent': 'Laurel-verifier/1' }, signal);
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          if (redirects >= (o.maxRedirects ?? 3)) throw new OutboundError(`${url.href} redirected too many times`, 'http');
          url = checkOutboundUrl(new URL(res.headers.location, url).href);
          continue;
        }
        if (status !== 200) {
          res.resume();
          throw new OutboundError(`${url.href} answered ${status}`, 'http');
        }
        return { body: await readBounded(res, url.href, o.maxBytes), contentType: String(res.headers['content-type'] ?? ''), url: url.href };
      }
    } catch (e) {
      if (timeout.aborted) throw new OutboundError(`${url.href} did not answer within ${o.timeoutMs / 1000} s`, 'timeout');
      if (o.signal?.aborted) throw new OutboundError(`${url.href} did not answer before the verification deadline`, 'timeout');
      throw e;
    }
  };
}

/**
 * A POST to a subscriber's webhook URL (shared/use-cases/webhook-deliveries.ts), under the same
 * policy as the fetch above: https on 443, only public addresses (checked on the address
 * connected to), bounded in time. No redirect is followed — a 3xx is the subscriber's answer,
 * and not a success — and of the answer only the status and the first few bytes are read.
 */
export interface OutboundPostRequest {
  body: string;
  headers: Record<string, string>;
  /** Connection to the end of the excerpt. */
  timeoutMs: number;
  /** How much of the answer's body to read (the rest is dropped). */
  excerptBytes: number;
}
export type OutboundPost = (url: string, request: OutboundPostRequest) => Promise<{ status: number; excerpt: string }>;

async function readExcerpt(res: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= maxBytes) {
      res.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}

/** The outbound POST: `LOCAL_INTERNET_URL` (set by the local cloud only) sends it through the internet stand-in. */
export function outboundPost(options: { standInUrl?: string } = {}): OutboundPost {
  const proxy = options.standInUrl ? new URL(options.standInUrl) : undefined;
  return async (raw, r) => {
    const url = checkOutboundUrl(raw);
    const signal = AbortSignal.timeout(r.timeoutMs);
    const headers = { ...r.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(r.body)), 'user-agent': 'Laurel-webhooks/1' };
    const start = () =>
      proxy
        ? httpRequest({ host: proxy.hostname, port: proxy.port, path: url.href, method: 'POST', headers: { ...headers, host: url.host }, signal, agent: false })
        : httpsRequest(url, { method: 'POST', headers, signal, lookup: publicOnlyLookup as never, agent: false });
    try {
      const res = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = start();
        req.once('response', resolve);
        req.once('error', (e: NodeJS.ErrnoException) =>
          reject(signal.aborted ? e : new OutboundError(e.code === 'ELAUREL_PRIVATE' ? e.message : `could not connect: ${e.message}`, e.code === 'ELAUREL_PRIVATE' ? 'refused' : 'network')),
        );
        req.end(r.body);
      });
      return { status: res.statusCode ?? 0, excerpt: await readExcerpt(res, r.excerptBytes) };
    } catch (e) {
      if (signal.aborted) throw new OutboundError(`${url.origin} did not answer within ${r.timeoutMs / 1000} s`, 'timeout');
      throw e;
    }
  };
}
