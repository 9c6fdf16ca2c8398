import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { cloudFrontOriginHeader, originHeaderValues, withOriginHeader, type DistributionApi } from '../../shared/adapters/cloudfront-origin-header';
import { AwsServiceError } from '../../shared/aws/signed-request';
import { acceptedValues, ORIGIN_HEADER, parseKeyRing, rotatedKeyRing, type OriginKeyRing } from '../../shared/domain/origin-secret';
import { ForbiddenError } from '../../shared/errors';
import { matchesAny, originCheck } from '../../shared/http/origin-check';
import { rotateOriginSecret, RotationError, type OriginHeader, type RotationDeps, type SecretVersions } from '../../shared/use-cases/origin-secret-rotation';
import { distributionConfigXml } from '../support/origin-stand-ins';

// The stale-read warning is expected here: not printed.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

// Counting timingSafeEqual's calls: the comparison must not stop at the first match.
vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const A = 'a'.repeat(43);
const B = 'b'.repeat(43);
const C = 'c'.repeat(43);
const D = 'd'.repeat(43);
const digest = (v: string) => crypto.createHash('sha256').update(v).digest();

describe('the origin key ring', () => {
  it('accepts the header, the announced next value and the previous one', () => {
    expect(acceptedValues({ header: A, next: B, previous: C })).toEqual([A, B, C]);
    expect(acceptedValues({ header: A })).toEqual([A]);
  });

  it('rotates: CloudFront moves to the announced value, a fresh one is announced, the old header stays accepted', () => {
    expect(rotatedKeyRing({ header: A, next: B, previous: C }, D)).toEqual({ header: B, next: D, previous: A });
  });

  it('bootstraps the version CloudFormation generated: the first rotation keeps the header and only announces the next', () => {
    expect(rotatedKeyRing({ header: A }, D)).toEqual({ header: A, next: D });
  });

  it('refuses a value that is not a key ring, naming what is wrong', () => {
    expect(() => parseKeyRing('plain')).toThrow(/not JSON/);
    expect(() => parseKeyRing(JSON.stringify({ header: 'short' }))).toThrow(/header: 32 to 256 printable ASCII/);
    expect(() => parseKeyRing(JSON.stringify({ next: A }))).toThrow(/header/);
    expect(parseKeyRing(JSON.stringify({ header: A, next: B }))).toEqual({ header: A, next: B });
  });
});

describe('matchesAny: the constant-time comparison', () => {
  beforeEach(() => {
    vi.mocked(crypto.timingSafeEqual).mockClear();
  });

  it('finds a value among several, and refuses a wrong one, a prefix, and one of another length', () => {
    const accepted = [A, B, C].map(digest);
    expect(matchesAny(A, accepted)).toBe(true);
    expect(matchesAny(C, accepted)).toBe(true);
    expect(matchesAny(D, accepted)).toBe(false);
    expect(matchesAny(A.slice(0, 42), accepted)).toBe(false);
    expect(matchesAny(`${A}x`, accepted)).toBe(false);
    expect(matchesAny('', accepted)).toBe(false);
  });

  it('compares digests of equal length with timingSafeEqual, every accepted value, matched first or not at all', () => {
    const accepted = [A, B, C].map(digest);
    for (const presented of [A, C, D, 'x'.repeat(5000)]) {
      vi.mocked(crypto.timingSafeEqual).mockClear();
      matchesAny(presented, accepted);
      const calls = vi.mocked(crypto.timingSafeEqual).mock.calls;
      expect(calls, presented.slice(0, 3)).toHaveLength(3);
      for (const [x, y] of calls) expect([(x as Buffer).length, (y as Buffer).length]).toEqual([32, 32]);
    }
  });
});

describe('originCheck: the public functions’ check', () => {
  const ring = (r: OriginKeyRing) => async () => acceptedValues(r);
  const headers = (value?: string) => (value === undefined ? {} : { [ORIGIN_HEADER]: value });

  it('refuses a request without the header, or with a wrong one (403), and accepts current, next and previous', async () => {
    const load = vi.fn(ring({ header: A, next: B, previous: C }));
    const check = originCheck({ load });
    await expect(check(headers())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(check(undefined)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(check(headers(''))).rejects.toBeInstanceOf(ForbiddenError);
    // A missing header costs no read of the secret.
    expect(load).not.toHaveBeenCalled();
    await expect(check(headers(D))).rejects.toThrow(/through its CDN only/);
    for (const v of [A, B, C]) await expect(check(headers(v))).resolves.toBeUndefined();
  });

  it('reads the secret once per TTL (one call at a cold start, however many requests arrive meanwhile), then again: rotation without a redeploy', async () => {
    let now = 0;
    let current: OriginKeyRing = { header: A, next: B };
    const load = vi.fn(async () => acceptedValues(current));
    const check = originCheck({ load, ttlMs: 300_000, now: () => now });
    await Promise.all([check(headers(A)), check(headers(B)), check(headers(A))]);
    expect(load).toHaveBeenCalledTimes(1);
    current = rotatedKeyRing(current, D); // { header: B, next: D, previous: A }
    now = 299_999;
    await expect(check(headers(D))).rejects.toBeInstanceOf(ForbiddenError);
    now = 300_000;
    await expect(check(headers(D))).resolves.toBeUndefined();
    await expect(check(headers(A))).resolves.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps serving the values it read while Secrets Manager cannot be read (for an hour), and fails closed before the first read', async () => {
    let now = 0;
    let down = false;
    const load = vi.fn(async () => {
      if (down) throw new Error('Secrets Manager unavailable');
      return [A];
    });
    const check = originCheck({ load, ttlMs: 1_000, staleMs: 3_600_000, now: () => now });
    await check(headers(A));
    down = true;
    now = 10_000;
    await expect(check(headers(A))).resolves.toBeUndefined();
    // Not a read per request while it is down.
    await check(headers(A));
    expect(load).toHaveBeenCalledTimes(2);
    now = 3_600_001;
    await expect(check(headers(A))).rejects.toThrow('Secrets Manager unavailable');

    const cold = originCheck({ load });
    const refused = cold(headers(A));
    await expect(refused).rejects.toThrow('Secrets Manager unavailable');
    await expect(refused).rejects.not.toBeInstanceOf(ForbiddenError);
  });
});

/** Secrets Manager's versions, in memory, staged as Secrets Manager stages them. */
function memorySecret(initial: OriginKeyRing) {
  const versions = new Map<string, { value?: string; stages: string[] }>([['v0', { value: JSON.stringify(initial), stages: ['AWSCURRENT'] }]]);
  const port: SecretVersions = {
    describe: async () => ({ rotationEnabled: true, versions: Object.fromEntries([...versions].map(([id, v]) => [id, [...v.stages]])) }),
    read: async (stage, versionId) => {
      const found = versionId ? versions.get(versionId) : [...versions.values()].find((v) => v.stages.includes(stage));
      return found?.stages.includes(stage) ? found.value : undefined;
    },
    createPending: async (versionId, value) => {
      versions.get(versionId)!.value = value;
    },
    makeCurrent: async (versionId, from) => {
      for (const v of versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
      versions.get(from)!.stages = ['AWSPREVIOUS'];
      versions.get(versionId)!.stages = ['AWSCURRENT'];
    },
  };
  return {
    port,
    versions,
    /** What Secrets Manager does before createSecret: a version id staged AWSPENDING. */
    start(token: string) {
      versions.set(token, { stages: ['AWSPENDING'] });
    },
    current: () => parseKeyRing([...versions.values()].find((v) => v.stages.includes('AWSCURRENT'))!.value!),
  };
}

function memoryDistribution(header: string) {
  const state = { header, writes: 0 };
  const port: OriginHeader = {
    read: async () => state.header,
    write: async (value) => {
      state.header = value;
      state.writes++;
    },
  };
  return { port, state };
}

describe('rotating the origin secret (the use case, over in-memory ports)', () => {
  const steps = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
  let fresh = 0;
  const deps = (secret: ReturnType<typeof memorySecret>, distribution: ReturnType<typeof memoryDistribution>): RotationDeps => ({
    secret: secret.port,
    distribution: distribution.port,
    random: () => `fresh-${++fresh}`.padEnd(43, 'x'),
  });

  it('moves CloudFront to the announced value and leaves every function’s cached ring accepting what it sends, at every step', async () => {
    const secret = memorySecret({ header: A, next: B });
    const cdn = memoryDistribution(A);
    const cachedBefore = acceptedValues(secret.current());
    secret.start('t1');
    for (const step of steps) {
      await rotateOriginSecret(deps(secret, cdn), step, 't1');
      // A function that read the secret before the rotation began, and one reading it now.
      expect(cachedBefore, step).toContain(cdn.state.header);
      expect(acceptedValues(secret.current()), step).toContain(cdn.state.header);
    }
    expect(cdn.state.header).toBe(B);
    expect(secret.current()).toEqual({ header: B, next: expect.stringMatching(/^fresh-/), previous: A });
    expect(secret.versions.get('v0')!.stages).toEqual(['AWSPREVIOUS']);
  });

  it('bootstraps a generated version without changing what CloudFront sends, so the next rotation has a value announced', async () => {
    const secret = memorySecret({ header: A });
    const cdn = memoryDistribution(A);
    secret.start('t1');
    for (const step of steps) await rotateOriginSecret(deps(secret, cdn), step, 't1');
    expect(cdn.state).toEqual({ header: A, writes: 0 });
    const announced = secret.current().next!;
    secret.start('t2');
    for (const step of steps) await rotateOriginSecret(deps(secret, cdn), step, 't2');
    expect(cdn.state.header).toBe(announced);
  });

  it('repeats any step safely (Secrets Manager retries): one pending value, one distribution write', async () => {
    const secret = memorySecret({ header: A, next: B });
    const cdn = memoryDistribution(A);
    secret.start('t1');
    for (const step of steps) {
      await rotateOriginSecret(deps(secret, cdn), step, 't1');
      await rotateOriginSecret(deps(secret, cdn), step, 't1');
    }
    expect(cdn.state.writes).toBe(1);
    expect(await rotateOriginSecret(deps(secret, cdn), 'createSecret', 't1')).toMatch(/already current/);
  });

  it('fails testSecret while the distribution does not send the pending value, and refuses a token that is not pending', async () => {
    const secret = memorySecret({ header: A, next: B });
    const cdn = memoryDistribution(A);
    secret.start('t1');
    await rotateOriginSecret(deps(secret, cdn), 'createSecret', 't1');
    await expect(rotateOriginSecret(deps(secret, cdn), 'testSecret', 't1')).rejects.toThrow(RotationError);
    await expect(rotateOriginSecret(deps(secret, cdn), 'setSecret', 'unknown')).rejects.toThrow(/no version unknown/);
    secret.versions.set('t9', { value: JSON.stringify({ header: C }), stages: [] });
    await expect(rotateOriginSecret(deps(secret, cdn), 'setSecret', 't9')).rejects.toThrow(/not pending/);
  });
});

describe('the distribution’s origin header, in its configuration XML', () => {
  it('reads the header and sets it, leaving every other byte of the configuration as CloudFront sent it', () => {
    const xml = distributionConfigXml(A);
    expect(originHeaderValues(xml, ORIGIN_HEADER)).toEqual([A]);
    const changed = withOriginHeader(xml, ORIGIN_HEADER, B);
    expect(originHeaderValues(changed, ORIGIN_HEADER)).toEqual([B]);
    expect(changed).toBe(xml.replace(A, B));
    // XML's special characters are escaped, and read back as they were.
    expect(originHeaderValues(withOriginHeader(xml, ORIGIN_HEADER, 'a<b>&"c\''), ORIGIN_HEADER)).toEqual(['a<b>&"c\'']);
    expect(() => withOriginHeader(xml, 'x-other', B)).toThrow(/no origin of the distribution sends x-other/);
  });

  it('writes with If-Match, reading again when someone else updated the distribution in between', async () => {
    const state = { xml: distributionConfigXml(A), etag: 'E1', conflicts: 1 };
    const api: DistributionApi = {
      get: async () => ({ xml: state.xml, etag: state.etag }),
      update: async (_id, config) => {
        if (state.conflicts-- > 0) {
          state.etag = 'E2';
          throw new AwsServiceError('PreconditionFailed', 412, 'changed');
        }
        expect(config.etag).toBe('E2');
        state.xml = config.xml;
      },
    };
    const header = cloudFrontOriginHeader('EDIST', ORIGIN_HEADER, api);
    await header.write(B);
    expect(await header.read()).toBe(B);
  });
});
