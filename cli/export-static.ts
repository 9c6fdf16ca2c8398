import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeList, getBit, STATUS_PURPOSES, type StatusPurpose } from '../shared/credentials/status-list';

/**
 * `laurel export-static`: the final export. Everything a verifier or a person ever fetches from
 * the public API, written as files a plain static host can serve at the same origin once Laurel
 * is retired. Signed documents and images are written byte for byte as the API answered (their
 * proofs keep verifying); only the HTML page's links to the JSON are pointed at the new files.
 *
 * Layout, relative to the public base URL (a URL path P is the file P below the export):
 *   credentials/<id>/index.html               the verification page: served at /credentials/<id>/
 *                                             (and at /credentials/<id>, directly or by redirect)
 *   credentials/<id>.json                     the signed credential, beside the page
 *   credentials/<id>.jwt                      its VC-JWT form, when the deployment issued one
 *   credentials/<id>/verification/index.json  the verification result as of the export
 *   issuers/<issuerId>/index.json             the issuer profile (controller document)
 *   issuers/<issuerId>/keys/<keyId>/index.json every key ever published, retired and compromised too
 *   status/<issuerId>/<purpose>/<n>/index.json the final status lists
 *   images/<achievementId>/<file>             badge images
 *   manifest.json                             every other file with its size and sha256
 *   _headers, _redirects, hosting/            configuration for common hosts (hosting/README.txt)
 *
 * A document whose URL has no extension is `<url>/index.json`: a plain host content-types by
 * extension, and `issuers/<id>` must be a folder anyway (its keys are below it).
 */

export interface ExportStaticOptions {
  adminApiUrl: string;
  /**
   * Where public documents are fetched from: the API's own URL (the stack output PublicApiUrl),
   * not a CDN, which may still hold a status list from before the last revocation.
   */
  publicApiUrl: string;
  /** A token with the auditor role (issuers, keys and credentials are read, nothing is changed). */
  token: string;
  outDir: string;
  /** Public API requests in flight at once (default 8). */
  concurrency?: number;
  progress?: (line: string) => void;
}

type CredentialStatus = 'ACTIVE' | 'REVOKED' | 'SUSPENDED';

export interface ExportSummary {
  outDir: string;
  publicBaseUrl: string;
  issuers: number;
  keys: number;
  /** VC-JWT keys withdrawn after a compromise: the API no longer serves them, nor does the export. */
  withdrawnKeys: number;
  credentials: Record<CredentialStatus, number> & { total: number; withJwt: number };
  statusLists: number;
  images: number;
  files: number;
  bytes: number;
  warnings: string[];
}

/** Any failure: the export stops, removes what it wrote and says why. There is no partial site. */
export class ExportError extends Error {
  override name = 'ExportError';
}

const ID = /^[A-Za-z0-9-]{1,64}$/;
const ROUTES = {
  issuer: /^issuers\/([a-z0-9-]{1,64})$/,
  key: /^issuers\/([a-z0-9-]{1,64})\/keys\/([A-Za-z0-9-]{1,64})$/,
  statusList: /^status\/([a-z0-9-]{1,64})\/(revocation|suspension)\/(\d{1,7})$/,
  image: /^images\/[A-Za-z0-9-]{1,64}\/[0-9a-f-]{36}\.(png|svg|jpg)$/,
  credential: /^credentials\/([A-Za-z0-9-]{1,64})$/,
  /** An achievement's id is a URL the public API never served: an identifier, left as it is. */
  achievement: /^achievements\/[A-Za-z0-9-]{1,64}$/,
};

export const LAYOUT = {
  /** A JSON document fetched at an extensionless URL. */
  document: (rel: string) => `${rel}/index.json`,
  page: (credentialRel: string) => `${credentialRel}/index.html`,
  json: (credentialRel: string) => `${credentialRel}.json`,
  jwt: (credentialRel: string) => `${credentialRel}.jwt`,
  verification: (credentialRel: string) => `${credentialRel}/verification/index.json`,
};

const ACCEPT = { json: 'application/ld+json, application/json', jwt: 'application/vc+jwt', html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };

// ------------------------------------------------------------------ HTTP

interface Fetched {
  body: Buffer;
  headers: Headers;
}

/**
 * GET with retries for what is transient (network, 429, 5xx); any other answer is final.
 * `allow` lists statuses the caller handles itself (they come back with an empty body).
 */
async function get(url: string, headers: Record<string, string>, allow: number[] = []): Promise<Fetched & { status: number }> {
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      if (attempt >= 4) throw new ExportError(`GET ${url} failed: ${(e as Error).message}`);
      await sleep(250 * 2 ** attempt);
      continue;
    }
    if (res.ok) return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    const text = await res.text();
    if (allow.includes(res.status)) return { status: res.status, body: Buffer.alloc(0), headers: res.headers };
    if ((res.status === 429 || res.status >= 500) && attempt < 4) {
      await sleep(250 * 2 ** attempt);
      continue;
    }
    throw new ExportError(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function adminClient(baseUrl: string, token: string) {
  const base = baseUrl.replace(/\/$/, '');
  return async <T>(route: string): Promise<T> => JSON.parse((await get(`${base}${route}`, { authorization: `Bearer ${token}`, accept: 'application/json' })).body.toString('utf8')) as T;
}
type Admin = ReturnType<typeof adminClient>;

/** Every item of a paged admin list, following cursors. */
async function* paged<T>(admin: Admin, route: string, query: Record<string, string> = {}): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const q = new URLSearchParams({ ...query, limit: '100', ...(cursor ? { cursor } : {}) });
    const page = await admin<{ items: T[]; cursor?: string }>(`${route}?${q}`);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}

/** Runs `work` on each item with at most `limit` at once; the first failure stops the rest. */
async function forEachLimited<T>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  if (failure) throw failure.error;
}

// ------------------------------------------------------------------ the site being written

/**
 * The staging folder: files land there with their manifest line, and only a complete export is
 * renamed to the folder asked for. The manifest is streamed, so thousands of credentials cost no
 * memory for it.
 */
class Site {
  files = 0;
  bytes = 0;
  private readonly manifest: number;
  private first = true;
  private open = true;

  constructor(
    readonly root: string,
    header: Record<string, unknown>,
  ) {
    mkdirSync(root, { recursive: true });
    this.manifest = openSync(path.join(root, 'manifest.json'), 'w');
    writeSync(this.manifest, `{\n${jsonMembers(header)},\n  "files": [`);
  }

  write(rel: string, body: Buffer | string) {
    if (!isSafePath(rel)) throw new ExportError(`refusing to write outside the export: ${rel}`);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const file = path.join(this.root, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes, { flag: 'wx' }); // each path is written once: a second write is a bug
    const entry = { path: rel, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    writeSync(this.manifest, `${this.first ? '' : ','}\n    ${JSON.stringify(entry)}`);
    this.first = false;
    this.files++;
    this.bytes += bytes.length;
  }

  close(trailer: Record<string, unknown>) {
    writeSync(this.manifest, `\n  ],\n${jsonMembers(trailer)}\n}\n`);
    this.discard();
  }

  /** Lets go of the manifest (after close, or when the export fails). */
  discard() {
    if (this.open) closeSync(this.manifest);
    this.open = false;
  }
}

/** An object's members as pretty JSON without its braces, so a streamed document can be assembled. */
const jsonMembers = (o: Record<string, unknown>) => JSON.stringify(o, null, 2).slice(2, -2);

const isSafePath = (rel: string) => rel.length > 0 && !rel.startsWith('/') && rel.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && !seg.includes('\\'));

// ------------------------------------------------------------------ what the credentials point at

interface Key {
  keyId: string;
  issuerId: string;
  algorithm: string;
  status: 'CURRENT' | 'RETIRED' | 'COMPROMISED';
  url: string;
  createdAt: string;
}

interface CredentialSummary {
  id: string;
  issuerId: string;
  status: CredentialStatus;
}

/** A status bit the exported list must hold for a credential, checked once the lists are final. */
interface BitCheck {
  credentialId: string;
  index: number;
  set: boolean;
}

/** The context of one export: the base every public URL starts with, and what was found so far. */
class Export {
  readonly publishedKeys = new Set<string>();
  readonly issuers = new Set<string>();
  readonly images = new Set<string>();
  /** status list path → the bits credentials expect in it */
  readonly statusLists = new Map<string, BitCheck[]>();
  readonly csp = new Set<string>();
  readonly unknown = new Set<string>();
  readonly counts = { ACTIVE: 0, REVOKED: 0, SUSPENDED: 0, total: 0, withJwt: 0 };
  onProgress?: (line: string) => void;

  constructor(
    readonly site: Site,
    readonly publicBaseUrl: string,
    private readonly fetchBase: string,
  ) {}

  /** The path below the base of a URL of ours (without its fragment), or undefined. */
  relOf(url: string): string | undefined {
    const bare = url.split('#')[0]!;
    return bare.startsWith(this.publicBaseUrl) ? bare.slice(this.publicBaseUrl.length) : undefined;
  }

  fetchPublic(rel: string, accept: string, allow: number[] = []) {
    return get(`${this.fetchBase}${rel}`, { accept }, allow);
  }

  /** Fetches a JSON document, checks it is JSON and names itself as expected, writes it unchanged. */
  async copyDocument(rel: string, file: string, expectId?: string): Promise<any> {
    const { body } = await this.fetchPublic(rel, ACCEPT.json);
    let doc: any;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ExportError(`${this.publicBaseUrl}${rel} did not answer JSON`);
    }
    if (expectId !== undefined && doc?.id !== expectId && doc?.kid !== expectId) throw new ExportError(`${this.publicBaseUrl}${rel} names itself '${doc?.id ?? doc?.kid}', not '${expectId}'`);
    this.site.write(file, body);
    return doc;
  }

  /** Sorts every URL of ours inside a document: images to export, achievement ids to leave, anything else to report. */
  noteUrls(doc: unknown) {
    for (const url of stringsIn(doc)) {
      const rel = this.relOf(url);
      if (rel === undefined) continue;
      if (ROUTES.image.test(rel)) this.images.add(rel);
      else if (!Object.values(ROUTES).some((r) => r.test(rel))) this.unknown.add(rel);
    }
  }
}

function* stringsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringsIn(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* stringsIn(v);
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// ------------------------------------------------------------------ the steps

/** Every issuer and every key it ever had; the public base URL is read off the keys' URLs. */
async function readIssuersAndKeys(admin: Admin) {
  const issuers: string[] = [];
  const keys: Key[] = [];
  for await (const issuer of paged<{ issuerId: string }>(admin, '/issuers')) {
    if (!ROUTES.issuer.test(`issuers/${issuer.issuerId}`)) throw new ExportError(`unexpected issuer id '${issuer.issuerId}'`);
    issuers.push(issuer.issuerId);
    keys.push(...(await admin<{ items: Key[] }>(`/issuers/${encodeURIComponent(issuer.issuerId)}/keys`)).items);
  }
  const baseOf = (k: Key) => {
    const tail = `issuers/${k.issuerId}/keys/${k.keyId}`;
    if (!k.url.endsWith(tail)) throw new ExportError(`unexpected key URL ${k.url}`);
    return k.url.slice(0, -tail.length);
  };
  const bases = new Set(keys.map(baseOf));
  if (bases.size !== 1) throw new ExportError(`the keys' URLs do not share one public base URL: ${[...bases].join(', ') || '(no keys)'}`);
  const publicBaseUrl = [...bases][0]!;
  if (!/^https?:\/\/[^/]+\/(.*\/)?$/.test(publicBaseUrl)) throw new ExportError(`unexpected public base URL '${publicBaseUrl}'`);
  return { issuers, keys, publicBaseUrl };
}

/** A compromised VC-JWT key is withdrawn (404 by design): nothing to publish. Everything else is. */
const isWithdrawn = (k: Key) => k.algorithm === 'ES256' && k.status === 'COMPROMISED';

async function exportIssuersAndKeys(x: Export, issuers: string[], keys: Key[]) {
  for (const issuerId of issuers) {
    const rel = `issuers/${issuerId}`;
    x.noteUrls(await x.copyDocument(rel, LAYOUT.document(rel), `${x.publicBaseUrl}${rel}`));
    x.issuers.add(issuerId);
  }
  for (const key of keys.filter((k) => !isWithdrawn(k))) {
    const rel = x.relOf(key.url);
    if (!rel || !ROUTES.key.test(rel)) throw new ExportError(`unexpected key URL ${key.url}`);
    await x.copyDocument(rel, LAYOUT.document(rel), key.url);
    x.publishedKeys.add(rel);
  }
}

/** What a credential points at must be in the export: its issuer, its keys, its status lists. */
function checkReferences(x: Export, credential: any, summary: CredentialSummary) {
  const issuerRel = x.relOf(typeof credential.issuer === 'string' ? credential.issuer : String(credential.issuer?.id ?? ''));
  if (!issuerRel || !x.issuers.has(ROUTES.issuer.exec(issuerRel)?.[1] ?? '')) throw new ExportError(`credential ${summary.id}: its issuer ${JSON.stringify(credential.issuer?.id ?? credential.issuer)} is not among the exported issuers`);
  for (const proof of asArray<any>(credential.proof)) {
    const keyRel = x.relOf(String(proof?.verificationMethod ?? ''));
    if (!keyRel || !x.publishedKeys.has(keyRel)) throw new ExportError(`credential ${summary.id}: its key ${proof?.verificationMethod} is not among the exported keys`);
  }
  for (const entry of asArray<any>(credential.credentialStatus)) notePosition(x, summary, String(entry?.statusListCredential ?? ''), Number(entry?.statusListIndex));
  x.noteUrls(credential);
}

/** Both lists at this position (revocation, suspension) and the bits the record says they hold. */
function notePosition(x: Export, summary: CredentialSummary, listUrl: string, index: number) {
  const m = ROUTES.statusList.exec(x.relOf(listUrl) ?? '');
  if (!m || !Number.isInteger(index)) throw new ExportError(`credential ${summary.id}: unexpected status entry ${listUrl} #${index}`);
  const expected: Record<StatusPurpose, boolean | undefined> = {
    revocation: summary.status === 'REVOKED',
    // A revoked credential's suspension bit is whatever it was: revocation decides.
    suspension: summary.status === 'REVOKED' ? undefined : summary.status === 'SUSPENDED',
  };
  for (const purpose of STATUS_PURPOSES) {
    const rel = `status/${m[1]}/${purpose}/${m[3]}`;
    const checks = x.statusLists.get(rel) ?? [];
    const set = expected[purpose];
    if (set !== undefined) checks.push({ credentialId: summary.id, index, set });
    x.statusLists.set(rel, checks);
  }
}

/** The page, with its links to the JSON pointed at the file beside it (a static host ignores ?format=). */
function staticPage(html: string, credentialUrl: string) {
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return html
    .split(`type="application/ld+json" href="${attr(credentialUrl)}"`)
    .join(`type="application/ld+json" href="${attr(`${credentialUrl}.json`)}"`)
    .split(`href="${attr(`${credentialUrl}?format=json`)}"`)
    .join(`href="${attr(`${credentialUrl}.json`)}"`);
}

async function exportCredential(x: Export, summary: CredentialSummary, jwtIssuers: Set<string>) {
  if (!ID.test(summary.id)) throw new ExportError(`unexpected credential id '${summary.id}'`);
  const rel = `credentials/${summary.id}`;
  const url = `${x.publicBaseUrl}${rel}`;
  checkReferences(x, await x.copyDocument(rel, LAYOUT.json(rel), url), summary);
  const page = await x.fetchPublic(rel, ACCEPT.html);
  if (!String(page.headers.get('content-type')).startsWith('text/html')) throw new ExportError(`${url} did not answer a browser with HTML`);
  x.csp.add(page.headers.get('content-security-policy') ?? '');
  x.site.write(LAYOUT.page(rel), staticPage(page.body.toString('utf8'), url));
  await x.copyDocument(`${rel}/verification`, LAYOUT.verification(rel));
  if (jwtIssuers.has(summary.issuerId)) {
    // 406: issued before the deployment turned VC-JWTs on; the JSON form is all there is.
    const jwt = await x.fetchPublic(rel, ACCEPT.jwt, [406]);
    if (jwt.status === 200) {
      x.site.write(LAYOUT.jwt(rel), jwt.body);
      x.counts.withJwt++;
    }
  }
  x.counts[summary.status]++;
  x.counts.total++;
  if (x.counts.total % 100 === 0) x.onProgress?.(`credentials: ${x.counts.total}`);
}

/** The lists, fetched last so they are final, each checked against what the records say. */
async function exportStatusLists(x: Export, concurrency: number) {
  await forEachLimited(toAsync([...x.statusLists]), concurrency, async ([rel, checks]) => {
    const list = await x.copyDocument(rel, LAYOUT.document(rel), `${x.publicBaseUrl}${rel}`);
    const bits = decodeList(String(list?.credentialSubject?.encodedList ?? ''));
    for (const c of checks) {
      if (getBit(bits, c.index) !== c.set) {
        throw new ExportError(
          `${x.publicBaseUrl}${rel} has bit ${c.index} ${c.set ? 'clear' : 'set'}, but credential ${c.credentialId} says otherwise: a status change is in flight or a cache is stale. Export from the API's own URL once nothing changes any more.`,
        );
      }
    }
  });
}

async function exportImages(x: Export, concurrency: number) {
  await forEachLimited(toAsync([...x.images]), concurrency, async (rel) => x.site.write(rel, (await x.fetchPublic(rel, 'image/*')).body));
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

// ------------------------------------------------------------------ hosting configuration

const EDGE_SOURCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../infra/edge/normalize-accept.js');
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** A CloudFront Function for an S3 origin: the API's negotiation, and each URL to its file. */
function cloudFrontFunction(): string {
  const negotiation = readFileSync(EDGE_SOURCE, 'utf8');
  if (!negotiation.includes('function handler(event)')) throw new ExportError(`${EDGE_SOURCE} has no handler to rename`);
  return `${negotiation.replace('function handler(event)', 'function normalizeAcceptHandler(event)')}
// ---- Laurel static export (written by \`laurel export-static\`) ----
// Viewer request in front of the S3 bucket holding the export: the credential URL answers as the
// Laurel public API did (page for a browser, signed JSON or VC-JWT for a machine, ?format= too);
// an extensionless URL (issuer, key, status list, verification result) is its index.json.
function handler(event) {
  var request = event.request;
  var credential = /^(.*\\/credentials\\/[A-Za-z0-9-]+)\\/?$/.exec(request.uri);
  if (credential) {
    var format = request.querystring.format ? request.querystring.format.value : '';
    var type = format === 'json' || format === 'jsonld' ? 'application/ld+json' : format === 'jwt' ? 'application/vc+jwt' : format === 'html' ? 'text/html'
      : normalizeAccept(request.headers.accept ? request.headers.accept.value : '');
    request.uri = credential[1] + (type === 'text/html' ? '/index.html' : type === 'application/vc+jwt' ? '.jwt' : '.json');
    return request;
  }
  var uri = request.uri.replace(/\\/+$/, '');
  if (uri.slice(uri.lastIndexOf('/') + 1).indexOf('.') === -1) request.uri = uri + '/index.json';
  return request;
}
`;
}

function nginxConfig(basePath: string, pageCsp: string | undefined): string {
  const cors = 'add_header Access-Control-Allow-Origin "*" always;\n    add_header X-Content-Type-Options nosniff always;';
  return `# Laurel static export behind nginx (written by \`laurel export-static\`).
# Serve it at the origin the credentials name. \`add_header\` in a location replaces the server's,
# hence the repetitions.

# --- in http { } ---
# The credential URL as the public API negotiated it: ?format= first, then Accept (without q-values:
# a browser names text/html and no JSON, a verifier names JSON or nothing).
map "$arg_format|$http_accept" $laurel_credential_file {
    default                                              .json;
    "~^(json|jsonld)\\|"                                  .json;
    "~^jwt\\|"                                            .jwt;
    "~^html\\|"                                           /index.html;
    "~*^\\|.*application/(ld\\+json|json|vc\\+ld\\+json)"     .json;
    "~*^\\|.*application/vc\\+jwt"                          .jwt;
    "~*^\\|.*(text/html|application/xhtml\\+xml)"           /index.html;
}

# --- in the server { } of that host ---
root /srv/laurel-export;   # the export folder
types {
    text/html             html;
    application/ld+json   json;
    application/vc+jwt    jwt;
    image/svg+xml         svg;
    image/png             png;
    image/jpeg            jpg;
    text/plain            txt sh js conf;
}
location ~ "^(?<laurel_credential>${basePath}credentials/[A-Za-z0-9-]+)/?$" {
    ${cors}
    add_header Vary Accept always;${pageCsp ? `\n    add_header Content-Security-Policy "${pageCsp}" always;` : ''}
    try_files $laurel_credential$laurel_credential_file =404;
}
location ${basePath}images/ {
    ${cors}
    add_header Content-Security-Policy "${IMAGE_CSP}" always;
    add_header Cache-Control "public, max-age=31536000, immutable" always;
}
location ${basePath} {
    ${cors}
    # issuers, keys, status lists, verification results: <url>/index.json, no redirect
    try_files $uri $uri/index.json $uri/index.html =404;
}
`;
}

/** Netlify and Cloudflare Pages: rewrites (200) to each document's file, headers by path. */
function netlifyFiles(basePath: string, pageCsp: string | undefined) {
  const rewrite = (from: string, to: string) => `${basePath}${from}  ${basePath}${to}  200`;
  const redirects = [
    '# Laurel static export (written by `laurel export-static`): extensionless URLs to their index.json.',
    '# These hosts serve a folder\'s index.html on their own, so /credentials/<id> needs no rule.',
    rewrite('issuers/:issuer', 'issuers/:issuer/index.json'),
    rewrite('issuers/:issuer/keys/:key', 'issuers/:issuer/keys/:key/index.json'),
    rewrite('status/:issuer/:purpose/:n', 'status/:issuer/:purpose/:n/index.json'),
    rewrite('credentials/:id/verification', 'credentials/:id/verification/index.json'),
  ];
  const headers = [
    '# Laurel static export (written by `laurel export-static`)',
    `${basePath}*`,
    '  Access-Control-Allow-Origin: *',
    '  X-Content-Type-Options: nosniff',
    ...(pageCsp ? [`${basePath}credentials/*`, `  Content-Security-Policy: ${pageCsp}`] : []),
    `${basePath}images/*`,
    `  Content-Security-Policy: ${IMAGE_CSP}`,
    '  Cache-Control: public, max-age=31536000, immutable',
  ];
  return { redirects: `${redirects.join('\n')}\n`, headers: `${headers.join('\n')}\n` };
}

const S3_UPLOAD = `#!/bin/sh
# Uploads the export to S3 for CloudFront (written by \`laurel export-static\`).
# Usage, from the export folder: sh hosting/s3-upload.sh s3://BUCKET[/PREFIX]
# Then attach hosting/cloudfront-function.js to the distribution's default behaviour (viewer
# request) and a response headers policy with CORS for all origins (verifiers in browsers).
set -eu
dest="\${1:?usage: s3-upload.sh s3://bucket[/prefix]}"
aws s3 sync . "$dest" --exclude '*.jwt' --exclude '*.json' --exclude 'hosting/*'
aws s3 sync . "$dest" --exclude '*' --include '*.json' --exclude 'hosting/*' --content-type application/ld+json
aws s3 sync . "$dest" --exclude '*' --include '*.jwt' --content-type application/vc+jwt
`;

const HOSTING_README = (base: string) => `Laurel static export of ${base}
Serve this folder at exactly that origin and path: the signed credentials name these URLs.

A credential's URL shows its verification page (credentials/<id>/index.html); the signed JSON
is beside it (credentials/<id>.json; the page links it with rel="alternate"). Issuer profiles,
keys, status lists and verification results are <url>/index.json.

S3 + CloudFront   sh hosting/s3-upload.sh s3://bucket; viewer-request function
                  hosting/cloudfront-function.js (restores the Accept negotiation at the
                  credential URL); CORS response headers policy.
nginx             hosting/nginx.conf (also restores the negotiation).
Netlify, Cloudflare Pages   _redirects and _headers at the root are read as they are.
Any other host    must serve <folder>/index.json for <folder> (directly or by redirect), by its
                  extension as JSON, and should send Access-Control-Allow-Origin: *.

manifest.json lists every file with its sha256. The status lists are final: nothing can be
revoked, suspended or reinstated any more, and nothing new can be issued.
`;

function writeHosting(site: Site, publicBaseUrl: string, csp: Set<string>) {
  const basePath = new URL(publicBaseUrl).pathname;
  const pageCsp = csp.size === 1 ? [...csp][0] || undefined : undefined;
  const netlify = netlifyFiles(basePath, pageCsp);
  site.write('_redirects', netlify.redirects);
  site.write('_headers', netlify.headers);
  site.write('hosting/nginx.conf', nginxConfig(basePath, pageCsp));
  site.write('hosting/cloudfront-function.js', cloudFrontFunction());
  site.write('hosting/s3-upload.sh', S3_UPLOAD);
  site.write('hosting/README.txt', HOSTING_README(publicBaseUrl));
}

// ------------------------------------------------------------------ the export

function prepare(outDir: string) {
  const target = path.resolve(outDir);
  if (existsSync(target) && readdirSync(target).length > 0) throw new ExportError(`${target} exists and is not empty: export into a new folder.`);
  const staging = `${target}.partial`;
  rmSync(staging, { recursive: true, force: true });
  return { target, staging };
}

/** The earliest day a credential can have been issued: no credential is older than its key. */
const firstDay = (keys: Key[]) => keys.map((k) => k.createdAt).filter(Boolean).sort()[0]?.slice(0, 10);

export async function exportStatic(options: ExportStaticOptions): Promise<ExportSummary> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new ExportError('concurrency must be a whole number from 1 to 32');
  const progress = options.progress ?? (() => {});
  const admin = adminClient(options.adminApiUrl, options.token);
  const { target, staging } = prepare(options.outDir);
  let site: Site | undefined;
  try {
    const { issuers, keys, publicBaseUrl } = await readIssuersAndKeys(admin);
    progress(`${issuers.length} issuers, ${keys.length} keys; public base URL ${publicBaseUrl}`);
    site = new Site(staging, { format: 'laurel-static-export/1', publicBaseUrl, exportedAt: new Date().toISOString() });
    const x = new Export(site, publicBaseUrl, options.publicApiUrl.replace(/\/?$/, '/'));
    x.onProgress = progress;
    await exportIssuersAndKeys(x, issuers, keys);
    progress(`issuer profiles and ${x.publishedKeys.size} keys written; credentials next`);
    const jwtIssuers = new Set(keys.filter((k) => k.algorithm === 'ES256').map((k) => k.issuerId));
    const from = firstDay(keys);
    const summaries = paged<CredentialSummary>(admin, '/credentials', { status: 'ACTIVE,REVOKED,SUSPENDED', ...(from ? { from } : {}) });
    await forEachLimited(summaries, concurrency, (s) => exportCredential(x, s, jwtIssuers));
    progress(`credentials: ${x.counts.total}; status lists and images next`);
    await exportStatusLists(x, concurrency);
    await exportImages(x, concurrency);
    writeHosting(site, publicBaseUrl, x.csp);
    const summary = summarize(x, target, issuers.length, keys);
    site.close({ counts: { issuers: summary.issuers, keys: summary.keys, credentials: summary.credentials, statusLists: summary.statusLists, images: summary.images } });
    if (existsSync(target)) rmSync(target, { recursive: true }); // empty, checked above
    renameSync(staging, target);
    return summary;
  } catch (e) {
    site?.discard();
    rmSync(staging, { recursive: true, force: true });
    throw e instanceof ExportError ? new ExportError(`${e.message}\nNothing was written to ${target}.`) : e;
  }
}

function summarize(x: Export, target: string, issuers: number, keys: Key[]): ExportSummary {
  const warnings: string[] = [];
  if (x.counts.SUSPENDED) {
    warnings.push(
      `${x.counts.SUSPENDED} credential(s) are suspended, and the final lists keep them so for good; verifiers that read only the revocation list (most) accept them. Reinstate or revoke them, then export again, to settle them.`,
    );
  }
  if (x.csp.size > 1) warnings.push('the pages came with different Content-Security-Policy headers; the hosting files set none for them.');
  if (x.unknown.size) warnings.push(`URLs of ours the export does not know how to serve (left as they are): ${[...x.unknown].slice(0, 5).join(', ')}${x.unknown.size > 5 ? ', …' : ''}`);
  return {
    outDir: target,
    publicBaseUrl: x.publicBaseUrl,
    issuers,
    keys: x.publishedKeys.size,
    withdrawnKeys: keys.filter(isWithdrawn).length,
    credentials: { ...x.counts },
    statusLists: x.statusLists.size,
    images: x.images.size,
    files: x.site.files + 1, // and manifest.json
    bytes: x.site.bytes,
    warnings,
  };
}

/** The CLI's report: counts, then anything that needs a person's decision. */
export function formatSummary(s: ExportSummary): string {
  const c = s.credentials;
  return [
    `exported ${s.publicBaseUrl} to ${s.outDir}`,
    `  issuers ${s.issuers} · keys ${s.keys}${s.withdrawnKeys ? ` (+${s.withdrawnKeys} withdrawn, not published)` : ''} · status lists ${s.statusLists} · images ${s.images}`,
    `  credentials ${c.total}: ${c.ACTIVE} active, ${c.REVOKED} revoked, ${c.SUSPENDED} suspended${c.withJwt ? ` (${c.withJwt} with a VC-JWT form)` : ''}`,
    `  ${s.files} files, ${(s.bytes / 1024 / 1024).toFixed(1)} MiB; manifest.json has each file's sha256; hosting/README.txt says how to serve it`,
    ...s.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}
