import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { backoff } from '../errors';
import { tracer } from '../observability';
import { objectAddress, s3Signer, type PresignSettings } from './presign';

/**
 * The four object operations Laurel's functions make on S3 (GetObject, HeadObject, PutObject,
 * conditional PutObject), as SigV4-signed HTTPS requests, without @aws-sdk/client-s3. The S3
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
  /** The object's key; '' for the bucket itself (a listing). */
  key: string;
  /** The query string, e.g. a listing's `list-type=2&prefix=…`. */
  query?: Record<string, string>;
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

/** An S3 error answer: named by S3's error code, with the status where the SDK puts it. */
export class S3ResponseError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode: status };
  }
}

const OPERATION = { GET: 'GetObject', HEAD: 'HeadObject', PUT: 'PutObject' } as const;
const ATTEMPTS = 3;
/** Answers worth another attempt: throttling, S3's internal errors, and a request S3 timed out reading. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['RequestTimeout', 'SlowDown', 'InternalError', 'ServiceUnavailable']);
/** S3's error documents are short; an answer longer than this is not one. */
const MAX_ERROR_BYTES = 64 * 1024;
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

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

/** S3's `<Error><Code>…</Code><Message>…</Message></Error>`, or the status alone (HEAD answers have no body). */
async function errorOf(response: S3ObjectResponse, method: S3ObjectRequest['method']): Promise<S3ResponseError> {
  const text = method === 'HEAD' ? '' : (await readAll(response.body, MAX_ERROR_BYTES)).toString('utf8');
  if (method === 'HEAD') response.body.resume();
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? (response.status === 404 ? 'NotFound' : `S3Error${response.status}`);
  const message = /<Message>([^<]{0,500})<\/Message>/.exec(text)?.[1] ?? `S3 answered ${response.status}`;
  return new S3ResponseError(code, message, response.status);
}

const retryable = (e: unknown) =>
  e instanceof S3ResponseError ? RETRYABLE_STATUS.has(e.$metadata.httpStatusCode) || RETRYABLE_CODES.has(e.name) : true; // no answer at all: the connection failed

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

  async function once(request: S3ObjectRequest): Promise<S3ObjectResponse> {
    const { region, protocol, hostname, port, path } = objectAddress(bucket, request.key, settings);
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = {
      host: `${hostname}${port !== undefined ? `:${port}` : ''}`,
      'x-amz-content-sha256': body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256,
      ...(body ? { 'content-length': String(body.length) } : {}),
    };
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    signer ??= s3Signer(region, settings.credentials);
    const query = request.query ?? { 'x-id': OPERATION[request.method] };
    const signed = await signer.sign({ method: request.method, protocol, hostname, port, path, query, headers, body });
    const { response } = await http.handle(signed as never);
    const answer: S3ObjectResponse = { status: response.statusCode, headers: response.headers as Record<string, string | undefined>, body: response.body as Readable };
    if (answer.status >= 300) throw await errorOf(answer, request.method);
    return answer;
  }

  return {
    bucket,
    send: (request) =>
      traced(request.query?.['list-type'] ? 'ListObjectsV2' : OPERATION[request.method], bucket, async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await once(request);
          } catch (e) {
            if (attempt + 1 >= ATTEMPTS || !retryable(e)) throw e;
            await backoff(attempt);
          }
        }
      }),
  };
}
