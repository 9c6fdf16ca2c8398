import { createReadStream, readdirSync, statSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { ConsoleConfig } from '../shared/console-config';
import { pageStyleSource } from '../shared/page/verification-page';
import type { LocalOutputs } from './cloud';
import type { LocalTemplate } from './read-template';
import { advertisedPorts, type StandIns } from './stand-ins';
import type { Teardown } from './teardown';

/**
 * The staff console (console/, a single-page app) served as a static host serves it in AWS: its
 * built files (console/dist), index.html for any route of the app, and a /config.json that
 * points it at this local cloud. The console signs in with the local identity provider and
 * calls the admin API from its own origin, which the template is told to allow (consoleContext).
 */

/** What the console reads from /config.json (shared/console-config.ts). */
export type { ConsoleConfig };

/** The console's origin: localhost, not 127.0.0.1, since a callback URL may be plain http for localhost only (infra/settings.ts). */
export const consoleOrigin = (base: number) => `http://localhost:${advertisedPorts(base).console}`;

/** The deployment settings that let a console at `origin` sign in, sign out and call the admin API. */
export const consoleContext = (origin: string) => ({
  'laurel:adminCorsOrigins': [origin],
  'laurel:staffCallbackUrls': [`${origin}/callback`],
  'laurel:staffLogoutUrls': [`${origin}/`],
});

/** The institution's name and colour as the template gives them to the functions, or the settings' defaults. */
export function brandingOf(t: LocalTemplate): Pick<ConsoleConfig, 'institutionName' | 'brandColor'> {
  const setting = (name: string) => t.functions.map((f) => f.resource.Properties?.Environment?.Variables?.[name]).find((v): v is string => typeof v === 'string');
  return { institutionName: setting('INSTITUTION_NAME') ?? 'Example University', brandColor: setting('BRAND_COLOR') ?? '#1d3557' };
}

/**
 * Only the console's own files run; it may call the admin API, the identity provider and S3
 * (presigned uploads), and show images from the public API and S3; its only form goes to the
 * identity provider.
 */
export function consoleContentSecurityPolicy(urls: { adminApi: string; identity: string; publicApi: string; s3: string }, brandColor: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // …and the verification page's stylesheet, for its preview in a sandboxed frame.
    `style-src 'self' ${pageStyleSource(brandColor)}`,
    `img-src 'self' data: ${urls.publicApi} ${urls.s3}`,
    `connect-src 'self' ${urls.adminApi} ${urls.identity} ${urls.s3}`,
    "base-uri 'none'",
    `form-action ${urls.identity}`,
    "frame-ancestors 'none'",
  ].join('; ');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Vite names what it writes under assets/ by content hash: a changed file is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const EVERY_ANSWER = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
export const NOT_BUILT = 'The staff console is not built: run `npm run console:build` (the local cloud logged why its own build failed), then reload.\n';

const statOf = (file: string): Stats | undefined => {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
};

/**
 * The file a URL path names under root; undefined for a path that could leave it or names a
 * hidden file: `..` and dot-files are never the app's, nor are backslashes or NULs.
 */
function fileFor(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.') || s.includes('\\') || s.includes('\0'))) return undefined;
  const file = path.join(root, ...segments);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

/** An app route (index.html answers it): a path without a file extension, outside assets/. */
const isAppRoute = (pathname: string) => !pathname.startsWith('/assets/') && path.posix.extname(pathname) === '';

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...EVERY_ANSWER, ...headers });
  res.end(text);
}

export interface ConsoleServerOptions {
  /** The built console (console/dist). */
  root: string;
  /** What /config.json answers. */
  config: ConsoleConfig;
  /** For the HTML. */
  contentSecurityPolicy: string;
  /** Builds the console if it must (once), settling when it is built: requests wait rather than see half a build. */
  built?: () => Promise<void>;
}

export function createConsoleServer(options: ConsoleServerOptions): Server {
  const root = path.resolve(options.root);
  const config = JSON.stringify(options.config);

  function sendFile(req: IncomingMessage, res: ServerResponse, file: string, stats: Stats) {
    const html = file.endsWith('.html');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': stats.size,
      // index.html names the current assets, so it is checked every time; the assets never change.
      'cache-control': file.startsWith(path.join(root, 'assets') + path.sep) ? IMMUTABLE : 'no-cache',
      'last-modified': stats.mtime.toUTCString(),
      ...(html ? { 'content-security-policy': options.contentSecurityPolicy } : {}),
      ...EVERY_ANSWER,
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed\n', { allow: 'GET, HEAD' });
    const { pathname } = new URL(req.url ?? '/', 'http://console.local');
    if (pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(config), 'cache-control': 'no-store', ...EVERY_ANSWER });
      return void res.end(req.method === 'HEAD' ? undefined : config);
    }
    await options.built?.();
    // Looked up on every request: a console built by hand after a failed build is served at once.
    const index = path.join(root, 'index.html');
    const indexStats = statOf(index);
    if (!indexStats?.isFile()) return sendText(res, 503, NOT_BUILT);
    const file = fileFor(root, pathname);
    const stats = file === undefined ? undefined : statOf(file);
    if (file && stats?.isFile()) return sendFile(req, res, file, stats);
    if (file && isAppRoute(pathname)) return sendFile(req, res, index, indexStats);
    sendText(res, 404, 'Not Found\n');
  }

  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[console]', e);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error\n');
    });
  });
}

/** The newest modification time among a folder's files, recursively (the console's sources: a few dozen). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : (statOf(full)?.mtimeMs ?? 0));
  }
  return latest;
}

/** Is the build older than what it is built from (the console's sources, and the badge drawing it shares)? */
function stale(projectRoot: string, index: Stats): boolean {
  const sources = [newest(path.join(projectRoot, 'console', 'src')), ...['console/index.html', 'console/vite.config.ts', 'shared/domain/badge-svg.ts'].map((f) => statOf(path.join(projectRoot, f))?.mtimeMs ?? 0)];
  return Math.max(...sources) > index.mtimeMs;
}

/**
 * Builds the console with Vite when console/dist has no index.html, or one older than the
 * console's sources (a checkout or an edit since): nobody is served yesterday's console. Never
 * rejects: a console that does not build leaves the rest of the local cloud working, and its
 * server says how to build it by hand.
 */
export async function buildConsoleIfMissing(projectRoot: string, root: string): Promise<void> {
  const index = statOf(path.join(root, 'index.html'));
  if (index?.isFile() && !stale(projectRoot, index)) return;
  try {
    const { build } = await import('vite');
    await build({ configFile: path.join(projectRoot, 'console', 'vite.config.ts') });
  } catch (e) {
    console.error(`[console] the staff console did not build (npm run console:build): ${(e as Error).message}`);
  }
}

/**
 * The local cloud's console server, on its port. The console is built when the first page is
 * asked for, not when the cloud starts: a test run that never opens it spends nothing on Vite.
 */
export async function serveConsole(t: LocalTemplate, s: StandIns, outputs: LocalOutputs, projectRoot: string, teardown: Teardown): Promise<void> {
  const root = path.join(projectRoot, 'console', 'dist');
  let building: Promise<void> | undefined;
  const built = () => (building ??= buildConsoleIfMissing(projectRoot, root));
  // A build under way writes into console/dist: stopping waits for it rather than leave half a build.
  teardown.onStop(() => building);
  const server = createConsoleServer({
    root,
    built,
    config: {
      apiUrl: outputs.AdminApiUrl,
      clientId: outputs.UserPoolClientId,
      signInUrl: outputs.IdentityIssuer,
      publicBaseUrl: outputs.PublicApiUrl,
      ...brandingOf(t),
    },
    // The functions presign S3 URLs with the advertised endpoint, so that is the one the browser meets.
    contentSecurityPolicy: consoleContentSecurityPolicy({ adminApi: outputs.AdminApiUrl, identity: outputs.IdentityIssuer, publicApi: outputs.PublicApiUrl, s3: s.url(s.ports.s3) }, brandingOf(t).brandColor),
  });
  await teardown.listen(server, s.ports.console, s.host);
}
