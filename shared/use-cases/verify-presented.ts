import { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import { BakingError, extractFromPng, extractFromSvg, isPng, isSvg } from '../credentials/baking';
import { COMPACT_JWS, credentialOfJwt, verifyVcJwt } from '../credentials/verify-jwt';
import { issuerOf, laurelSuspensionLists, summarize, verifyCredential, type KeyResolver, type VerificationResult } from '../credentials/verify';
import { PayloadTooLargeError, UnprocessableContentError, UnsupportedMediaTypeError, ValidationError } from '../errors';

/**
 * POST /verify: verify a credential someone was handed — JSON-LD, a VC-JWT, or a badge image
 * with the credential baked in — whoever issued it. Our own credentials are checked against
 * what this deployment publishes (the table); anyone else's keys, controllers and status lists
 * are fetched through the outbound policy. The answer always comes within `deadlineMs`: an
 * issuer whose server hangs makes the credential unverifiable (invalid), never a hung request.
 */
export const MAX_PRESENTED_BYTES = 2 * 1024 * 1024;
export const VERIFY_DEADLINE_MS = 8_000;

export type PresentedFormat = 'json-ld' | 'vc-jwt' | 'png' | 'svg';

/** A credential read from a request: a compact JWS, or a JSON-LD document (parsed once, here). */
export type PresentedCredential = { format: PresentedFormat } & ({ jwt: string } | { document: Record<string, unknown> });

const TEXT_TYPES = new Set(['application/vc+jwt', 'application/jwt', 'text/plain', 'application/json', 'application/ld+json', 'application/vc+ld+json', 'application/vc']);
const media = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** Reads one uploaded file out of a multipart/form-data body (the first file part). */
async function multipartFile(body: Buffer, contentType: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let busboy: InstanceType<typeof Busboy>;
    try {
      busboy = new Busboy({ headers: { 'content-type': contentType }, limits: { files: 1, fileSize: MAX_PRESENTED_BYTES, fields: 5, parts: 6 } });
    } catch (e) {
      return reject(new ValidationError('The multipart body could not be read.', [{ path: 'body', message: (e as Error).message }]));
    }
    let file: Buffer | undefined;
    busboy.on('file', (_field, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => reject(new PayloadTooLargeError(`The file is larger than ${MAX_PRESENTED_BYTES} bytes.`)));
      stream.on('end', () => {
        file ??= Buffer.concat(chunks);
      });
    });
    busboy.on('error', (e: Error) => reject(new ValidationError('The multipart body could not be read.', [{ path: 'body', message: e.message }])));
    busboy.on('finish', () =>
      file?.length ? resolve(file) : reject(new ValidationError('The multipart body has no file.', [{ path: 'body.file', message: 'attach the credential, JWT or baked badge image as a file' }])),
    );
    Readable.from([body]).pipe(busboy);
  });
}

/** A compact JWT, a JSON string holding one (what a form field or a wallet export gives), or one JSON object. */
function parseText(text: string, path: string): PresentedCredential {
  const trimmed = text.trim();
  if (COMPACT_JWS.test(trimmed)) return { format: 'vc-jwt', jwt: trimmed };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (e) {
    if (/^[{[]/.test(trimmed)) throw new ValidationError('The body is not valid JSON.', [{ path, message: (e as Error).message }]);
    throw new ValidationError('Expected a credential: a JSON object or a compact JWT.', [{ path, message: 'neither a JSON object nor a compact JWS' }]);
  }
  if (typeof json === 'string' && COMPACT_JWS.test(json.trim())) return { format: 'vc-jwt', jwt: json.trim() };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ValidationError('The body must be one credential (a JSON object).', [{ path, message: 'expected an object' }]);
  }
  return { format: 'json-ld', document: json as Record<string, unknown> };
}

function fromImage(bytes: Buffer, format: 'png' | 'svg', path: string): PresentedCredential {
  let text: string | undefined;
  try {
    text = format === 'png' ? extractFromPng(bytes) : extractFromSvg(bytes);
  } catch (e) {
    if (e instanceof BakingError) throw new UnprocessableContentError(e.message, [{ path, message: e.message }]);
    throw e;
  }
  if (!text) throw new UnprocessableContentError('The image has no credential baked into it.', [{ path, message: `no openbadgecredential ${format === 'png' ? 'iTXt chunk' : 'element'}` }]);
  return { ...parseText(text, path), format };
}

function fromBytes(bytes: Buffer, path: string): PresentedCredential {
  if (isPng(bytes)) return fromImage(bytes, 'png', path);
  if (isSvg(bytes)) return fromImage(bytes, 'svg', path);
  return parseText(bytes.toString('utf8'), path);
}

/** The credential in a request body, by its content type (and, for uploads, by its bytes). */
export async function readPresented(body: Buffer, contentType: string | undefined): Promise<PresentedCredential> {
  if (body.length > MAX_PRESENTED_BYTES) throw new PayloadTooLargeError(`The body is larger than ${MAX_PRESENTED_BYTES} bytes.`);
  if (body.length === 0) throw new ValidationError('The request needs a body: a credential, a JWT or a baked badge image.', [{ path: 'body', message: 'required' }]);
  const type = media(contentType);
  if (type === 'multipart/form-data') return fromBytes(await multipartFile(body, contentType!), 'body.file');
  if (type === 'image/png') return fromImage(body, 'png', 'body');
  if (type === 'image/svg+xml') return fromImage(body, 'svg', 'body');
  if (type === 'application/octet-stream') return fromBytes(body, 'body');
  if (TEXT_TYPES.has(type)) return parseText(body.toString('utf8'), 'body');
  throw new UnsupportedMediaTypeError(
    `Send the credential as application/ld+json, application/vc+jwt, image/png, image/svg+xml or multipart/form-data, not ${type || 'an untyped body'}.`,
  );
}

export interface PresentedVerification extends VerificationResult {
  format: PresentedFormat;
  /** True when this deployment issued the credential (its issuer URL is ours). */
  issuedHere: boolean;
  /** What the credential says, for showing beside the result; never the recipient's identifiers. */
  credential?: {
    id?: string;
    name?: string;
    issuer: { id?: string; name?: string };
    achievement?: { id?: string; name?: string };
    validFrom?: string;
    validUntil?: string;
  };
}

export interface PresentedDeps {
  publicBaseUrl: string;
  /** Our own published documents, read from the table. */
  ours: KeyResolver;
  /** Everyone else's, fetched over https through the outbound policy. */
  remote: KeyResolver;
  now?: () => Date;
  deadlineMs?: number;
}

/** Picks our own store for URLs under our public base URL, the remote resolver for anything else. */
export function routingResolver(deps: Pick<PresentedDeps, 'publicBaseUrl' | 'ours' | 'remote'>): KeyResolver {
  const base = deps.publicBaseUrl.endsWith('/') ? deps.publicBaseUrl : `${deps.publicBaseUrl}/`;
  const pick = (url: string) => (url.startsWith(base) ? deps.ours : deps.remote);
  return {
    resolveKey: (url) => pick(url).resolveKey(url),
    resolveAssertionMethods: (url) => pick(url).resolveAssertionMethods(url),
    resolveStatusList: (url) => pick(url).resolveStatusList(url),
    resolveJwk: (kid) => {
      const resolver = pick(kid);
      if (!resolver.resolveJwk) throw new Error('JWT keys cannot be resolved here');
      return resolver.resolveJwk(kid);
    },
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function describe(doc: Record<string, unknown>): PresentedVerification['credential'] {
  const issuer = typeof doc.issuer === 'object' && doc.issuer !== null ? (doc.issuer as Record<string, unknown>) : {};
  const subject = (Array.isArray(doc.credentialSubject) ? doc.credentialSubject[0] : doc.credentialSubject) as Record<string, unknown> | undefined;
  const achievement = (subject?.achievement ?? undefined) as Record<string, unknown> | undefined;
  const out = {
    id: str(doc.id),
    name: str(doc.name),
    issuer: { id: str(issuerOf(doc)), name: str(issuer.name) },
    achievement: achievement ? { id: str(achievement.id), name: str(achievement.name) } : undefined,
    validFrom: str(doc.validFrom),
    validUntil: str(doc.validUntil),
  };
  return JSON.parse(JSON.stringify(out)) as PresentedVerification['credential'];
}

export async function verifyPresented(deps: PresentedDeps, presented: PresentedCredential): Promise<PresentedVerification> {
  const now = deps.now?.() ?? new Date();
  const base = deps.publicBaseUrl.endsWith('/') ? deps.publicBaseUrl : `${deps.publicBaseUrl}/`;
  const options = { resolver: routingResolver(deps), suspensionListFor: laurelSuspensionLists(base), now };
  const document = 'jwt' in presented ? credentialOfJwt(presented.jwt) : presented.document;
  const verification = 'jwt' in presented ? verifyVcJwt(presented.jwt, options) : verifyCredential(presented.document, options);
  const deadlineMs = deps.deadlineMs ?? VERIFY_DEADLINE_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<VerificationResult>((resolve) => {
    timer = setTimeout(
      () => resolve(summarize([{ name: 'key', passed: false, message: `The issuer's servers did not answer within ${deadlineMs / 1000} s, so the credential could not be verified. Try again later.` }], now)),
      deadlineMs,
    );
  });
  const result = await Promise.race([verification, deadline]).finally(() => clearTimeout(timer));
  const issuerId = document ? issuerOf(document) : undefined;
  return {
    ...result,
    format: presented.format,
    issuedHere: typeof issuerId === 'string' && issuerId.startsWith(base),
    ...(document ? { credential: describe(document) } : {}),
  };
}
