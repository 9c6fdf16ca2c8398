import { createServer, type Server } from 'node:http';
import { readBody, sendJson } from './http-util';

/**
 * The internet, as far as the local cloud's functions can see it: nothing here can reach
 * other issuers' servers, so POST /verify's outbound requests come here instead (in absolute
 * form, as to a forward proxy; see shared/http/outbound.ts) and get the documents registered
 * for their https URLs. `PUT /__documents` registers one (tests, the benchmark); any URL on
 * `hangs.example` is accepted and never answered, like an issuer whose server hangs.
 */
export const HANGING_HOST = 'hangs.example';

export interface InternetDocument {
  url: string;
  body: string;
  contentType?: string;
}

export function createInternetStandIn(): { server: Server; documents: Map<string, InternetDocument>; requests: string[] } {
  const documents = new Map<string, InternetDocument>();
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const target = req.url ?? '';
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
  return { server, documents, requests };
}
