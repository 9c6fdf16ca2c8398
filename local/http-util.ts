import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';

/** Reads a request body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(Object.assign(new Error('body too large'), { code: 'TOO_LARGE' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json') {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * A server for an AWS JSON protocol (X-Amz-Target: Prefix.Operation). Errors thrown as
 * AwsError become the `{__type, message}` body the SDK parses into the named exception.
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function awsJsonServer(
  targetPrefix: string,
  contentType: string,
  operations: Record<string, (input: any) => Promise<unknown> | unknown>,
  extra?: (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>,
): Server {
  return createServer(async (req, res) => {
    try {
      if (extra && (await extra(req, res))) return;
      const target = String(req.headers['x-amz-target'] ?? '');
      const [prefix, operation] = target.split('.');
      const handler = operation ? operations[operation] : undefined;
      if (prefix !== targetPrefix || !handler) {
        throw new AwsError('UnknownOperationException', `${target || '(no target)'} is not supported by this stand-in`);
      }
      const body = await readBody(req);
      const output = await handler(body.length ? JSON.parse(body.toString('utf8')) : {});
      sendJson(res, 200, output ?? {}, contentType);
    } catch (e) {
      const err = e instanceof AwsError ? e : new AwsError('InternalFailure', (e as Error).message, 500);
      sendJson(res, err.status, { __type: err.type, message: err.message }, contentType);
    }
  });
}
