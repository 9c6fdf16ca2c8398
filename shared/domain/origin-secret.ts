import * as z from '../zod';
import { built } from '../built';

/**
 * The origin secret: a value CloudFront adds to every request it sends to the public API (as the
 * header below), and that the public functions require, so a request to the API's own
 * execute-api endpoint, which skips CloudFront and its web ACL, is refused.
 *
 * Each version of the secret (Secrets Manager) holds a small key ring, not one value:
 *   header:   what CloudFront sends while this version is AWSCURRENT;
 *   next:     what it will send after the next rotation (that rotation's AWSPENDING header);
 *   previous: what it sent before (AWSPREVIOUS's header), still sent by edges the last
 *             distribution update has not reached yet.
 * A function accepts all three, from one read of AWSCURRENT. Because the next value is announced
 * a whole rotation period before CloudFront sends it, a function whose cached copy is minutes
 * old still accepts whatever CloudFront sends during and after a rotation: there is no window in
 * which CloudFront's header is refused, and no call per stage.
 */

/** The origin custom header CloudFront adds (lower case: API Gateway's payload 2.0 lowercases header names). */
export const ORIGIN_HEADER = 'x-laurel-origin';

/** Printable ASCII without spaces, as a header value needs no quoting; long enough not to be guessed. */
const headerValue = z.string().check(z.regex(/^[\x21-\x7e]{32,256}$/, '32 to 256 printable ASCII characters'));

export const originKeyRing = /* @__PURE__ */ built(() =>
  z.object({
    header: headerValue,
    next: z.optional(headerValue),
    previous: z.optional(headerValue),
  }),
);
export type OriginKeyRing = z.infer<typeof originKeyRing>;

/** Parses a version's SecretString; a value that is not a key ring throws (a function then refuses everything). */
export function parseKeyRing(secretString: string): OriginKeyRing {
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new Error('the origin secret is not JSON: expected {"header": …, "next"?: …, "previous"?: …}');
  }
  const parsed = z.safeParse(originKeyRing, json);
  if (!parsed.success) throw new Error(`the origin secret is not a key ring: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(value)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Every value a function accepts while this version is current. */
export const acceptedValues = (ring: OriginKeyRing): string[] => [ring.header, ...(ring.next ? [ring.next] : []), ...(ring.previous ? [ring.previous] : [])];

/**
 * The version a rotation makes from the current one: CloudFront moves to the value announced as
 * `next`, a fresh one is announced, and the header it leaves stays accepted as `previous`. The
 * version CloudFormation generated has no `next`: its first rotation only announces one and keeps
 * the header, so no function is ever asked to accept a value it has not had minutes to learn.
 */
export function rotatedKeyRing(current: OriginKeyRing, fresh: string): OriginKeyRing {
  if (!current.next) return { header: current.header, next: fresh, ...(current.previous ? { previous: current.previous } : {}) };
  return { header: current.next, next: fresh, previous: current.header };
}
