import { createHash, timingSafeEqual } from 'node:crypto';
import type * as z from '../zod';
import { getSecretValue } from '../aws/secrets-manager';
import { acceptedValues, ORIGIN_HEADER, parseKeyRing } from '../domain/origin-secret';
import { ForbiddenError } from '../errors';
import { logger } from '../observability';
import { loadSettings, type Binding, type Wiring } from '../wiring/bindings';

/**
 * The public API's one check before anything else: the request came through CloudFront, which
 * adds the origin secret as a header (shared/domain/origin-secret.ts). A request to the API's own
 * execute-api endpoint skips the CDN and its web ACL's rate limits; without the header, or with a
 * wrong one, it gets a 403 before its path, query or body are read. Without the CDN (laurel:cdn
 * false, and the local cloud) there is no secret and nothing to check: the API's own URL is then
 * the only way in.
 */

/** Throws ForbiddenError unless the headers carry an accepted origin secret. */
export type OriginCheck = (headers: Record<string, string | undefined> | undefined) => Promise<void>;

export interface OriginCheckOptions {
  /** The values accepted now (the current version's key ring). */
  load: () => Promise<string[]>;
  /** How long a read serves before the next: rotation reaches every function within it, without a redeploy. */
  ttlMs?: number;
  /** How long values already read keep serving while Secrets Manager cannot be read (they are still valid: rotation is days apart). */
  staleMs?: number;
  now?: () => number;
}

export const ORIGIN_SECRET_TTL_MS = 5 * 60_000;
const STALE_MS = 60 * 60_000;
/** After a failed read with values to fall back on, the next read waits this long (not one per request). */
const RETRY_AFTER_FAILURE_MS = 10_000;

/** The same words for a missing and a wrong header: neither tells a prober more than the other. */
const FORBIDDEN = "This API answers through its CDN only: use the public URL that credentials link to, not the API's own endpoint.";

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `presented` is one of `accepted`, in time that depends on neither: both sides are
 * compared as SHA-256 digests (equal lengths, whatever was sent), with timingSafeEqual, and every
 * accepted value is compared, matched or not.
 */
export function matchesAny(presented: string, accepted: readonly Buffer[]): boolean {
  const p = digest(presented);
  let matched = 0;
  for (const a of accepted) matched |= Number(timingSafeEqual(p, a));
  return matched === 1;
}

export function originCheck(options: OriginCheckOptions): OriginCheck {
  const ttlMs = options.ttlMs ?? ORIGIN_SECRET_TTL_MS;
  const staleMs = options.staleMs ?? STALE_MS;
  const now = options.now ?? Date.now;
  let cached: { digests: Buffer[]; readAt: number; retryAt: number } | undefined;
  let reading: Promise<Buffer[]> | undefined;

  const read = async (): Promise<Buffer[]> => {
    try {
      const digests = (await options.load()).map(digest);
      cached = { digests, readAt: now(), retryAt: now() + ttlMs };
      return digests;
    } catch (e) {
      if (cached && now() - cached.readAt < staleMs) {
        logger.warn('origin secret: read failed, the values read before still serve', { error: e as Error });
        cached.retryAt = now() + RETRY_AFTER_FAILURE_MS;
        return cached.digests;
      }
      throw e;
    }
  };
  const accepted = (): Promise<Buffer[]> => {
    if (cached && now() < cached.retryAt) return Promise.resolve(cached.digests);
    // One read at a time, whatever arrives meanwhile.
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  return async (headers) => {
    const presented = headers?.[ORIGIN_HEADER];
    // Nothing to compare: refused without reading the secret (a flood of bare requests costs no call).
    if (!presented) throw new ForbiddenError(FORBIDDEN);
    if (!matchesAny(presented, await accepted())) throw new ForbiddenError(FORBIDDEN);
  };
}

/** The variable a public function reads the origin secret's ARN from: set only when CloudFront is in front (shared/wiring/public.ts). */
export type OriginVariables = {
  readonly ORIGIN_SECRET_ARN: Binding<'originSecret', z.ZodMiniOptional<z.ZodMiniString<string>>>;
};

/** The check a public function makes: against the origin secret in Secrets Manager, or none when its declaration's variable is unset (no CDN). */
export function cloudFrontOrigin(wiring: Wiring<OriginVariables>, environment: NodeJS.ProcessEnv = process.env): OriginCheck | undefined {
  const secretArn = loadSettings(wiring, environment).ORIGIN_SECRET_ARN;
  if (!secretArn) return undefined;
  return originCheck({
    load: async () => {
      const current = await getSecretValue(secretArn);
      if (!current) throw new Error(`the origin secret ${secretArn} has no AWSCURRENT version`);
      return acceptedValues(parseKeyRing(current.secretString));
    },
  });
}
