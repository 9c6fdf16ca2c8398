import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { retryTransient } from '../errors';
import { tracer } from '../observability';
import { objectAddress, s3Signer, type PresignSettings } from './presign';

/**
 * The four object operations Laurel's functions make on S3 (GetObject, HeadObject, PutObject,
 * conditional PutObject; and ListObjectsV2 of one key, to tell a missing key from a refused
 * one: see `listed`), as SigV4-signed HTTPS requests, without @aws-sdk/client-s3. The S3
 * client builds every S3 operation's schema at load: about 150 KB of a bundle and 35 ms of CPU
 * at each cold start (npm run bench:cold-start), in 24 functions that only ever read or write
 * one object. The pieces are the SDK's own: the address as the client resolves it and the
 * signer (shared/aws/presign.ts, @smithy/signature-v4), the SDK's default credential chain and
 * its Node HTTP handler (keep-alive), all already in every bundle through the DynamoDB client.
 * What the client would add and these requests do too: retries with backoff on throttling, 5xx
 * and dropped connections, errors named by S3's code with `$metadata.httpStatusCode`, and the
 * payload's SHA-256 signed, so S3 refuses a body altered on the way. An X-Ray subsegment per
 * call names the operation, as the Tracer does for an SDK client.
 */
export interface S3ObjectRequest {
  method: 'GET' | 'HEAD' | 'PUT';
  key: string;
  /** Request headers (content-type, if-none-match, x-amz-meta-…), all signed. */
  headers?: Record<string, string>;
  body?: string;
}

export interface S3ObjectResponse {
  status: number;
  /** Response headers, names in lower case. */
  headers: Record<string, string | undefined>;
  body: Readable;
}

export interface S3Objects {
  readonly bucket: string;
  send(request: S3ObjectRequest): Promise<S3ObjectResponse>;
}

/** Tries per request, as the SDK's standard retry strategy makes them. */
const ATTEMPTS = 3;
/** Answers worth another attempt: throttling, S3's internal errors, and a request S3 timed out reading. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['RequestTimeout', 'SlowDown', 'InternalError', 'ServiceUnavailable']);

/** An S3 error answer: named by S3's error code, with the status where the SDK puts it. */
export class S3ResponseError extends Error {
  readonly $metadata: { httpStatusCode: number };
  /** Set, as the SDK sets it, on answers worth another attempt: classify() (shared/errors.ts) reads it. */
  readonly $retryable?: { throttling: boolean };
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
    if (RETRYABLE_STATUS.has(status) || RETRYABLE_CODES.has(code)) this.$retryable = { throttling: status === 429 || code === 'SlowDown' };
  }
}

const OPERATION = { GET: 'GetObject', HEAD: 'HeadObject', PUT: 'PutObject' } as const;
/** S3's error documents are short; an answer longer than this is not one. */
const MAX_ERROR_BYTES = 64 * 1024;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
/** A listing of one key is one short document. */
const MAX_LISTING_BYTES = 64 * 1024;
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => XML_ENTITIES[name]!);

/** The body's bytes; past `limit`, those read so far (the rest is discarded: an error document's length is not worth failing on). */
export async function readAll(body: Readable, limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      break;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** What a bodiless answer (HEAD's) means, in the codes S3 puts in a GET's. */
const BODILESS_CODES: Record<number, string> = { 403: 'AccessDenied', 404: 'NotFound' };

/** S3's `<Error><Code>…</Code><Message>…</Message></Error>`, or the status alone (HEAD answers have no body). */
async function errorOf(response: S3ObjectResponse, method: S3ObjectRequest['method']): Promise<S3ResponseError> {
  let text = '';
  if (method === 'HEAD') response.body.resume();
  else text = (await readAll(response.body, MAX_ERROR_BYTES)).toString('utf8');
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? BODILESS_CODES[response.status] ?? `S3Error${response.status}`;
  const message = /<Message>([^<]{0,500})<\/Message>/.exec(text)?.[1] ?? `S3 answered ${response.status}`;
  return new S3ResponseError(code, message, response.status);
}

/** One X-Ray subsegment around a call, named and annotated as the Tracer's SDK capture names them. */
async function traced<T>(operation: string, bucket: string, call: () => Promise<T>): Promise<T> {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!parent) return call();
  const sub = parent.addNewSubsegment('S3');
  sub.addAttribute('namespace', 'aws');
  sub.addAttribute('aws', { operation, bucket_name: bucket });
  tracer.setSegment(sub);
  try {
    const result = await call();
    sub.close();
    return result;
  } catch (e) {
    sub.addError(e as Error);
    sub.close();
    throw e;
  } finally {
    tracer.setSegment(parent);
  }
}

/** The S3Objects of one bucket. Settings default as the presigner's do (region, endpoint, path style, credentials). */
export function s3Objects(bucket: string, settings: Omit<PresignSettings, 'signingDate'> = {}): S3Objects {
  const http = new NodeHttpHandler();
  let signer: ReturnType<typeof s3Signer> | undefined;

  async function once(request: S3ObjectRequest, query: Record<string, string> = { 'x-id': OPERATION[request.method] }): Promise<S3ObjectResponse> {
    const { region, protocol, hostname, port, path } = objectAddress(bucket, request.key, settings);
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = {
      host: `${hostname}${port !== undefined ? `:${port}` : ''}`,
      'x-amz-content-sha256': body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256,
      ...(body ? { 'content-length': String(body.length) } : {}),
    };
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    signer ??= s3Signer(region, settings.credentials);
    const signed = await signer.sign({ method: request.method, protocol, hostname, port, path, query, headers, body });
    const { response } = await http.handle(signed as never).catch((e: Error) => {
      throw Object.assign(e, { $retryable: { throttling: false } }); // no answer at all: the connection failed
    });
    const answer: S3ObjectResponse = { status: response.statusCode, headers: response.headers as Record<string, string | undefined>, body: response.body as Readable };
    if (answer.status < 300) return answer;
    const error = await errorOf(answer, request.method);
    const aRead = request.method !== 'PUT' && request.key !== '';
    if (error.$metadata.httpStatusCode === 403 && aRead && !(await listed(request.key).catch(() => true))) {
      throw new S3ResponseError('NoSuchKey', 'The specified key does not exist (a 403 on a key that a listing does not name).', 404);
    }
    throw error;
  }

  /**
   * Whether a listing of the bucket under `key` names it. S3 answers 404 for a missing key only
   * to a role it counts as allowed to list the bucket, and 403 otherwise; Laurel's functions may
   * list only their own prefixes (an s3:prefix condition), and whether S3 counts that for a
   * GET's answer only a real account can show. So a 403 on a read is settled here, by listing
   * the key itself, which that condition allows: not named, it is a 404 NoSuchKey; named, or the
   * listing refused too, the 403 stands. A refusal is never taken for an absence.
   */
  async function listed(key: string): Promise<boolean> {
    const listing = await once({ method: 'GET', key: '' }, { 'list-type': '2', prefix: key, 'max-keys': '1' });
    const xml = (await readAll(listing.body, MAX_LISTING_BYTES)).toString('utf8');
    return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].some((m) => unescapeXml(m[1]!) === key);
  }

  return {
    bucket,
    send: (request) => traced(OPERATION[request.method], bucket, () => retryTransient(() => once(request), ATTEMPTS - 1)),
  };
}
