import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import * as z from '../zod';
import { built } from '../built';
import { memoize } from '../cache';
import type { OutboundFetch } from '../http/outbound';
import { UnauthorizedError, ValidationError } from '../errors';
import type { ReportedCompletion } from '../use-cases/completions';

/**
 * Canvas Live Events (README "Connected to the campus"; test/fixtures/standards/examples/lms/canvas_course_completed.payload.json, copied from the standards kit):
 * `course_completed`, in Canvas's own format, fired when a learner meets every module
 * requirement. Delivered to an SQS queue Laurel provisions (the queue's policy is the
 * authentication: only Canvas's account may send), or to HTTPS with "Sign Payload" on — the
 * body then an RS256 JWT whose claims are the event, signed with a key from Instructure's JWKS
 * (previous, current and next; monthly rotation), matched by `kid`.
 */
export const CANVAS_JWKS_URL = 'https://8axpcl50e4.execute-api.us-east-1.amazonaws.com/main/jwks';
/** The AWS account Canvas sends Live Events to SQS from (Canvas Data Services' setup). */
export const CANVAS_AWS_ACCOUNT = '636161780776';

const id = z.string().check(z.regex(/^\d{1,24}$/, 'digits'));
const shortText = (max: number) => z.optional(z.nullable(z.string().check(z.maxLength(max))));

/** What Laurel reads of a Live Event; the rest of Canvas's fields pass unread. */
export const canvasLiveEvent = /* @__PURE__ */ built(() => z.looseObject({
  metadata: z.looseObject({
    event_name: z.string().check(z.maxLength(100)),
    event_time: z.optional(z.iso.datetime({ offset: true })),
    root_account_id: z.optional(id),
    hostname: z.optional(z.string().check(z.regex(/^[a-z0-9.-]{1,253}$/i, 'a host name'))),
    user_sis_id: shortText(64),
  }),
  body: z.looseObject({}),
}));

const courseCompletedBody = /* @__PURE__ */ built(() => z.looseObject({
  course: z.looseObject({ id, name: shortText(254) }),
  progress: z.optional(z.looseObject({ completed_at: z.optional(z.nullable(z.iso.datetime({ offset: true }))) })),
  user: z.looseObject({ id, name: shortText(200), email: shortText(254) }),
}));

export type CanvasLiveEvent = z.infer<typeof canvasLiveEvent>;

/** A course_completed event as a reported completion; undefined for any other event (Canvas sends what the admin subscribed to). */
export function completionOfCanvasEvent(event: unknown, sourceId: string, via: 'canvas-sqs' | 'canvas-https'): { completion?: ReportedCompletion; event: CanvasLiveEvent } {
  const parsed = canvasLiveEvent.safeParse(event);
  if (!parsed.success) throw new ValidationError('Not a Canvas Live Event.', parsed.error.issues.map((i) => ({ path: ['event', ...i.path].join('.'), message: i.message })));
  if (parsed.data.metadata.event_name !== 'course_completed') return { event: parsed.data };
  const body = courseCompletedBody.safeParse(parsed.data.body);
  if (!body.success) throw new ValidationError('A course_completed event without its course and user.', body.error.issues.map((i) => ({ path: ['event', 'body', ...i.path].join('.'), message: i.message })));
  const { course, progress, user } = body.data;
  const host = parsed.data.metadata.hostname;
  return {
    event: parsed.data,
    completion: {
      sourceId,
      via,
      courseId: course.id,
      courseName: course.name ?? undefined,
      learner: { externalId: user.id, email: user.email || undefined, name: user.name || undefined, studentNumber: parsed.data.metadata.user_sis_id || undefined },
      completedAt: progress?.completed_at ?? parsed.data.metadata.event_time,
      ...(host ? { evidenceUrl: `https://${host}/courses/${course.id}` } : {}),
    },
  };
}

const jwks = /* @__PURE__ */ built(() => z.object({ keys: z.array(z.looseObject({ kid: z.optional(z.string()), kty: z.string(), use: z.optional(z.string()), alg: z.optional(z.string()) })).check(z.maxLength(20)) }));
const COMPACT = /^([A-Za-z0-9_-]{1,1000})\.([A-Za-z0-9_-]{1,262144})\.([A-Za-z0-9_-]{1,1000})$/;
const decodeJson = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/**
 * Instructure's key set, fetched through the outbound policy (https only, no private address,
 * bounded) and kept five minutes; an unknown `kid` (a rotation) fetches it again, at most once
 * a minute, so a stranger's kids cannot make Laurel hammer the JWKS URL.
 */
export function canvasKeySet(fetch: OutboundFetch, url: string) {
  const load = async (): Promise<Map<string, KeyObject>> => {
    const { body } = await fetch(url, { timeoutMs: 5_000, maxBytes: 64 * 1024, accept: 'application/json' });
    const keys = new Map<string, KeyObject>();
    for (const k of jwks.parse(JSON.parse(body.toString('utf8'))).keys) {
      if (k.kty !== 'RSA' || !k.kid || (k.use && k.use !== 'sig')) continue;
      keys.set(k.kid, createPublicKey({ key: k as JsonWebKey, format: 'jwk' }));
    }
    return keys;
  };
  const fresh = memoize(load, { ttlMs: 5 * 60_000, max: 1, failureTtlMs: 10_000 });
  const refetch = memoize(load, { ttlMs: 60_000, max: 1, failureTtlMs: 10_000 });
  return async (kid: string): Promise<KeyObject | undefined> => (await fresh(url)).get(kid) ?? (await refetch(url)).get(kid);
}

/** The event a "Sign Payload" body carries, once its RS256 signature checks against the key its `kid` names. */
export async function verifyCanvasJwt(jwt: string, keyFor: (kid: string) => Promise<KeyObject | undefined>, now: Date): Promise<unknown> {
  const m = COMPACT.exec(jwt.trim());
  if (!m) throw new UnauthorizedError('The body is not a signed Canvas payload (a compact JWT): turn on "Sign Payload" for this HTTPS stream.');
  const [, head, payload, signature] = m as unknown as [string, string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = decodeJson(head) as typeof header;
  } catch {
    throw new UnauthorizedError('The JWT header is not JSON.');
  }
  if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw new UnauthorizedError('The JWT must be RS256 with a kid from Canvas’s key set.');
  const key = await keyFor(header.kid);
  if (!key) throw new UnauthorizedError(`No key '${header.kid.slice(0, 100)}' in Canvas's key set.`);
  if (!verify('RSA-SHA256', Buffer.from(`${head}.${payload}`), key, Buffer.from(signature, 'base64url'))) throw new UnauthorizedError('The JWT signature does not verify with Canvas’s key.');
  const claims = decodeJson(payload) as Record<string, unknown>;
  if (typeof claims.exp === 'number' && claims.exp * 1000 < now.getTime() - 60_000) throw new UnauthorizedError('The JWT has expired.');
  return claims;
}
