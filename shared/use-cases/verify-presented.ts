import { Busboy } from '@fastify/busboy';
import { BakingError, extractFromPng, extractFromSvg, isPng, isSvg } from '../credentials/baking';
import { checkJsonBounds, JsonBoundsError, parseBoundedJson, PRESENTED_CREDENTIAL_BOUNDS } from '../credentials/bounded-json';
import { COMPACT_JWS, credentialOfJwt, verifyVcJwt } from '../credentials/verify-jwt';
import { issuerOf, laurelSuspensionLists, summarize, verifyCredential, type KeyResolver, type VerificationResult } from '../credentials/verify';
import { PayloadTooLargeError, UnprocessableContentError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import type { Clock } from '../clock';
import { presentedSupersession, type PresentedSupersessionDeps, type Supersession } from './supersession';

/**
 * POST /verify: verify a credential someone was handed — JSON-LD, a VC-JWT, or a badge image
 * with the credential baked in — whoever issued it. Our own credentials are checked against
 * what this deployment publishes (the table); anyone else's keys, controllers and status lists
 * are fetched through the outbound policy. The answer always comes within `deadlineMs`: an
 * issuer whose server hangs makes the credential unverifiable (invalid), never a hung request.
 *
 * The body is a stranger's, so the cheap checks come first and each bounds the next: the size
 * for its format, then the JSON's shape (values, array items, depth, contexts; see
 * bounded-json.ts), then — in verification — the structure and a proof, and only then the
 * canonicalization and the fetches that cost the most.
 */
/** A credential sent as JSON-LD or a JWT, or baked into an image. */
export const MAX_CREDENTIAL_BYTES = PRESENTED_CREDENTIAL_BOUNDS.maxBytes;
/** A badge image (PNG or SVG), as the body or the file of a multipart upload. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Room for a multipart body's boundaries and part headers around a largest image. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;
export const VERIFY_DEADLINE_MS = 8_000;

export type PresentedFormat = 'json-ld' | 'vc-jwt' | 'png' | 'svg';

/** A credential read from a request: a compact JWS, or a JSON-LD document (parsed once, here). */
export type PresentedCredential = { format: PresentedFormat } & ({ jwt: string } | { document: Record<string, unknown> });

const TEXT_TYPES = new Set(['application/vc+jwt', 'application/jwt', 'text/plain', 'application/json', 'application/ld+json', 'application/vc+ld+json', 'application/vc']);
const IMAGE_TYPES = new Set(['image/png', 'image/svg+xml']);
const media = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();
const kib = (bytes: number) => `${bytes / 1024} KiB`;

const tooLarge = (what: string, limit: number) =>
  new PayloadTooLargeError(`${what} is larger than ${kib(limit)}: a credential sent as JSON-LD or a JWT may be ${kib(MAX_CREDENTIAL_BYTES)}, a badge image ${kib(MAX_IMAGE_BYTES)}.`);

const MULTIPART_LIMITS = { files: 1, fileSize: MAX_IMAGE_BYTES, fields: 5, parts: 6, headerPairs: 20 };
/** Fed to the parser in pieces, so a refusal stops the parsing within one piece. */
const MULTIPART_PIECE_BYTES = 64 * 1024;

/** Reads one uploaded file out of a multipart/form-data body (the first file part). */
function multipartFile(body: Buffer, contentType: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const refuse = (error: Error) => {
      settled = true;
      reject(error);
    };
    const unreadable = (message: string) => refuse(new ValidationError('The multipart body could not be read.', [{ path: 'body', message }]));
    let busboy: InstanceType<typeof Busboy>;
    try {
      busboy = new Busboy({ headers: { 'content-type': contentType }, limits: MULTIPART_LIMITS });
    } catch (e) {
      return unreadable((e as Error).message);
    }
    let file: Buffer | undefined;
    busboy.on('file', (_field, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => refuse(tooLarge('The file', MAX_IMAGE_BYTES)));
      stream.on('end', () => {
        file ??= Buffer.concat(chunks);
      });
    });
    busboy.on('partsLimit', () => unreadable(`it has more than ${MULTIPART_LIMITS.parts} parts: send one file, and at most ${MULTIPART_LIMITS.fields} fields`));
    busboy.on('fieldsLimit', () => unreadable(`it has more than ${MULTIPART_LIMITS.fields} fields`));
    busboy.on('error', (e: Error) => settled || unreadable(e.message));
    busboy.on('finish', () => {
      if (settled) return;
      if (file?.length) resolve(file);
      else refuse(new ValidationError('The multipart body has no file.', [{ path: 'body.file', message: 'attach the credential, JWT or baked badge image as a file' }]));
    });
    for (let at = 0; at < body.length && !settled; at += MULTIPART_PIECE_BYTES) busboy.write(body.subarray(at, at + MULTIPART_PIECE_BYTES));
    if (!settled) busboy.end();
  });
}

/**
 * A shape bound the JSON crossed, as a 422 naming where. (Its size was capped before: every
 * text that reaches here — a body, a file, a baked credential — is within MAX_CREDENTIAL_BYTES.)
 */
function boundsProblem(e: JsonBoundsError, path: string): Error {
  return new UnprocessableContentError(`The credential is too large to verify: ${e.message}`, [{ path: e.path ? `${path}.${e.path}` : path, message: e.message }]);
}

function parseBounded(text: string, path: string): unknown {
  try {
    return parseBoundedJson(text, PRESENTED_CREDENTIAL_BOUNDS);
  } catch (e) {
    if (e instanceof JsonBoundsError) throw boundsProblem(e, path);
    if (/^[{[]/.test(text)) throw new ValidationError('The body is not valid JSON.', [{ path, message: (e as Error).message }]);
    throw new ValidationError('Expected a credential: a JSON object or a compact JWT.', [{ path, message: 'neither a JSON object nor a compact JWS' }]);
  }
}

/**
 * A compact JWS, within bounds: its header and payload are measured as JSON documents before
 * anything decodes them for verification. Parts that are not JSON are left to verification,
 * which reports them as a failed structure check.
 */
function boundedJwt(jwt: string, path: string): PresentedCredential {
  const [header, payload] = jwt.split('.', 2).map((part) => Buffer.from(part, 'base64url').toString('utf8'));
  for (const [name, text] of [['header', header], ['payload', payload]] as const) {
    try {
      checkJsonBounds(text ?? '', PRESENTED_CREDENTIAL_BOUNDS);
    } catch (e) {
      if (e instanceof JsonBoundsError) throw boundsProblem(e, `${path}.${name}`);
      throw e;
    }
  }
  return { format: 'vc-jwt', jwt };
}

/** A compact JWT, a JSON string holding one (what a form field or a wallet export gives), or one JSON object. */
function parseText(text: string, path: string): PresentedCredential {
  const trimmed = text.trim();
  if (COMPACT_JWS.test(trimmed)) return boundedJwt(trimmed, path);
  const json = parseBounded(trimmed, path);
  if (typeof json === 'string' && COMPACT_JWS.test(json.trim())) return boundedJwt(json.trim(), path);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ValidationError('The body must be one credential (a JSON object).', [{ path, message: 'expected an object' }]);
  }
  return { format: 'json-ld', document: json as Record<string, unknown> };
}

function fromImage(bytes: Buffer, format: 'png' | 'svg', path: string): PresentedCredential {
  let text: string | undefined;
  try {
    text = format === 'png' ? extractFromPng(bytes, { maxTextBytes: MAX_CREDENTIAL_BYTES }) : extractFromSvg(bytes);
  } catch (e) {
    if (e instanceof BakingError) throw new UnprocessableContentError(e.message, [{ path, message: e.message }]);
    throw e;
  }
  if (!text) throw new UnprocessableContentError('The image has no credential baked into it.', [{ path, message: `no openbadgecredential ${format === 'png' ? 'iTXt chunk' : 'element'}` }]);
  if (Buffer.byteLength(text, 'utf8') > MAX_CREDENTIAL_BYTES) {
    const message = `the baked credential is larger than ${kib(MAX_CREDENTIAL_BYTES)}`;
    throw new UnprocessableContentError(`The credential is too large to verify: ${message}.`, [{ path, message }]);
  }
  return { ...parseText(text, path), format };
}

/** An uploaded file, by its bytes: a PNG or SVG image, else credential text. */
function fromBytes(bytes: Buffer, path: string): PresentedCredential {
  if (isPng(bytes)) return fromImage(bytes, 'png', path);
  if (isSvg(bytes)) return fromImage(bytes, 'svg', path);
  if (bytes.length > MAX_CREDENTIAL_BYTES) throw tooLarge(path === 'body' ? 'The body' : 'The file', MAX_CREDENTIAL_BYTES);
  return parseText(bytes.toString('utf8'), path);
}

/** The credential in a request body, by its content type (and, for uploads, by its bytes). */
export async function readPresented(body: Buffer, contentType: string | undefined): Promise<PresentedCredential> {
  const type = media(contentType);
  const known = type === 'multipart/form-data' || type === 'application/octet-stream' || IMAGE_TYPES.has(type) || TEXT_TYPES.has(type);
  if (!known) {
    throw new UnsupportedMediaTypeError(
      `Send the credential as application/ld+json, application/vc+jwt, image/png, image/svg+xml or multipart/form-data, not ${type || 'an untyped body'}.`,
    );
  }
  // The size for the format first: nothing reads a byte of a body over its cap.
  const limit = TEXT_TYPES.has(type) ? MAX_CREDENTIAL_BYTES : type === 'multipart/form-data' ? MAX_IMAGE_BYTES + MULTIPART_OVERHEAD_BYTES : MAX_IMAGE_BYTES;
  if (body.length > limit) throw tooLarge('The body', limit);
  if (body.length === 0) throw new ValidationError('The request needs a body: a credential, a JWT or a baked badge image.', [{ path: 'body', message: 'required' }]);
  if (type === 'multipart/form-data') return fromBytes(await multipartFile(body, contentType!), 'body.file');
  if (type === 'image/png') return fromImage(body, 'png', 'body');
  if (type === 'image/svg+xml') return fromImage(body, 'svg', 'body');
  if (type === 'application/octet-stream') return fromBytes(body, 'body');
  return parseText(body.toString('utf8'), 'body');
}

export interface PresentedVerification extends VerificationResult {
  format: PresentedFormat;
  /** True when this deployment issued the credential (its issuer URL is ours). */
  issuedHere: boolean;
  /**
   * Ours, and replaced by a corrected, extended or renewed credential (a wallet copy, with the
   * credential it copies): when, and the current one. The status is unchanged by it.
   */
  supersededBy?: Supersession;
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
  clock: Clock;
  deadlineMs?: number;
  /** Our records, to tell a superseded credential (or copy) of ours. */
  records?: Omit<PresentedSupersessionDeps, 'publicBaseUrl'>;
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
  const now = deps.clock.now();
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
  const issuedHere = typeof issuerId === 'string' && issuerId.startsWith(base);
  // Only a document signed by a key of its (our) issuer can speak for one of our records.
  const proven = ['signature', 'issuer'].every((name) => result.checks.some((c) => c.name === name && c.passed));
  const supersededBy = issuedHere && proven && deps.records ? await presentedSupersession({ publicBaseUrl: base, ...deps.records }, str(document?.id)) : undefined;
  return {
    ...result,
    format: presented.format,
    issuedHere,
    ...(supersededBy ? { supersededBy } : {}),
    ...(document ? { credential: describe(document) } : {}),
  };
}
