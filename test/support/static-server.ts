import { createReadStream, statSync, type Stats } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

/**
 * A plain static file server, as any host of the static export would be: files by path, the
 * content type from the extension, a folder's index.html or index.json for a URL ending in `/`,
 * and a 301 to add that `/` to a folder's URL (nginx, Apache and S3 website hosting do the same).
 * Nothing else: no Accept negotiation, no rewrites, the query string ignored.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.jwt': 'application/octet-stream', // what a host with no entry for .jwt answers
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.js': 'text/javascript',
};
const INDEXES = ['index.html', 'index.json'];

const statOf = (file: string): Stats | undefined => {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
};

export interface StaticServer {
  server: Server;
  /** Every path asked for, in order: what verifiers fetched from the export. */
  requests: string[];
}

export function createStaticServer(root: string): StaticServer {
  const base = path.resolve(root);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://static');
    requests.push(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    let file = path.join(base, decodeURIComponent(url.pathname));
    if (file !== base && !file.startsWith(`${base}${path.sep}`)) return void res.writeHead(404).end();
    let stat = statOf(file);
    if (stat?.isDirectory()) {
      if (!url.pathname.endsWith('/')) return void res.writeHead(301, { location: `${url.pathname}/` }).end();
      const index = INDEXES.map((name) => path.join(file, name)).find((f) => statOf(f)?.isFile());
      [file, stat] = index ? [index, statOf(index)] : [file, undefined];
    }
    if (!stat?.isFile()) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': stat.size });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  });
  return { server, requests };
}

export async function serveStatic(root: string, port: number, host = '127.0.0.1'): Promise<StaticServer & { close(): Promise<void> }> {
  const s = createStaticServer(root);
  await new Promise<void>((resolve, reject) => {
    s.server.once('error', reject);
    s.server.listen(port, host, resolve);
  });
  return {
    ...s,
    close: () =>
      new Promise<void>((resolve) => {
        s.server.closeAllConnections();
        s.server.close(() => resolve());
      }),
  };
}
