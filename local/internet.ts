import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-util';

/**
 * The internet, as far as the local cloud's functions can see it: nothing here can reach
 * other issuers' servers, so POST /verify's outbound requests come here instead (in absolute
 * form, as to a forward proxy; see shared/http/outbound.ts) and get the documents registered
 * for their https URLs. `PUT /__documents` registers one (tests, the benchmark); any URL on
 * `hangs.example` is accepted and never answered, like an issuer whose server hangs.
 *
 * Webhook subscribers live here too: `PUT /__receivers` with `{ url, target }` sends every request
 * (any method) to an https URL under `url` on to `target`, a local http server a test runs — the
 * request's method, path, headers and body as they came, and the server's answer back as it is.
 */
export const HANGING_HOST = 'hangs.example';

export interface InternetDocument {
  url: string;
  body: string;
  contentType?: string;
}

/** A subscriber's endpoint: requests to https URLs starting with `url` go to `target` (http://127.0.0.1:port). */
export interface InternetReceiver {
  url: string;
  target: string;
}

/** Forwards one request to a receiver's local server and pipes its answer back. */
function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, to: URL) {
  const { host: _host, connection: _connection, ...headers } = req.headers;
  const out = request({ host: to.hostname, port: to.port, path: `${to.pathname}${to.search}`, method: req.method, headers: { ...headers, 'content-length': String(body.length) } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.once('error', (e) => sendJson(res, 502, { message: `the receiver did not answer: ${e.message}` }));
  out.end(body);
}

export function createInternetStandIn(): { server: Server; documents: Map<string, InternetDocument>; receivers: Map<string, InternetReceiver>; requests: string[] } {
  const documents = new Map<string, InternetDocument>();
  const receivers = new Map<string, InternetReceiver>();
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const target = req.url ?? '';
    if (req.method === 'PUT' && target === '/__receivers') {
      try {
        const receiver = JSON.parse((await readBody(req)).toString('utf8')) as InternetReceiver;
        if (!receiver.url?.startsWith('https://') || !/^http:\/\/(127\.0\.0\.1|localhost):\d+(\/|$)/.test(receiver.target ?? '')) {
          return sendJson(res, 400, { message: 'url (https) and target (http://127.0.0.1:<port>) are required' });
        }
        receivers.set(receiver.url, receiver);
        return sendJson(res, 201, { url: receiver.url });
      } catch {
        return sendJson(res, 400, { message: 'not JSON' });
      }
    }
    const receiver = target.startsWith('https://') ? [...receivers.values()].find((r) => target.startsWith(r.url)) : undefined;
    if (receiver) {
      requests.push(target);
      const url = new URL(target);
      return forward(req, res, await readBody(req), new URL(`${url.pathname}${url.search}`, receiver.target));
    }
    if (req.method === 'PUT' && target === '/__documents') {
      try {
        const doc = JSON.parse((await readBody(req)).toString('utf8')) as InternetDocument;
        if (!doc.url?.startsWith('https://') || typeof doc.body !== 'string') return sendJson(res, 400, { message: 'url (https) and body are required' });
        documents.set(doc.url, doc);
        return sendJson(res, 201, { url: doc.url });
      } catch {
        return sendJson(res, 400, { message: 'not JSON' });
      }
    }
    if (req.method === 'GET' && target === '/__requests') return sendJson(res, 200, { requests });
    if (!target.startsWith('https://')) return sendJson(res, 400, { message: 'send an absolute https URL' });
    requests.push(target);
    if (new URL(target).hostname === HANGING_HOST) return; // the connection stays open, unanswered
    const doc = documents.get(target);
    if (!doc) return sendJson(res, 404, { message: `nothing at ${target}` });
    res.writeHead(200, { 'content-type': doc.contentType ?? 'application/json', 'content-length': Buffer.byteLength(doc.body) });
    res.end(doc.body);
  });
  return { server, documents, receivers, requests };
}
