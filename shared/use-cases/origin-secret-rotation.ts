import { parseKeyRing, rotatedKeyRing, type OriginKeyRing } from '../domain/origin-secret';

/**
 * Rotating the origin secret (shared/domain/origin-secret.ts), in the four steps Secrets Manager
 * invokes the rotation function with, each its own invocation, each safe to repeat:
 *   createSecret: the pending version (the rotation's token), CloudFront's next header in it;
 *   setSecret:    the distribution's origin header set to that value;
 *   testSecret:   the distribution reads it back;
 *   finishSecret: the pending version made current (the one it replaces becomes AWSPREVIOUS).
 * The value CloudFront moves to at setSecret was announced (`next`) by the version current since
 * the last rotation, so every public function, however old its cached copy, accepts it already.
 */

/** The secret's versions (Secrets Manager), as rotation sees them. */
export interface SecretVersions {
  /** Whether rotation is on, and each version's stages by version id. */
  describe(): Promise<{ rotationEnabled: boolean; versions: Record<string, string[]> }>;
  /** The SecretString of the version with this stage (and this id, when given); undefined when there is none. */
  read(stage: 'AWSCURRENT' | 'AWSPENDING', versionId?: string): Promise<string | undefined>;
  /** Writes the version `versionId` with this value, staged AWSPENDING. */
  createPending(versionId: string, secretString: string): Promise<void>;
  /** Moves AWSCURRENT from one version to another. */
  makeCurrent(versionId: string, fromVersionId: string): Promise<void>;
}

/** The origin header CloudFront sends to the public API: the distribution's, read and written. */
export interface OriginHeader {
  /** The value the distribution's API origin sends now; undefined when it sends none (or origins disagree). */
  read(): Promise<string | undefined>;
  write(value: string): Promise<void>;
}

export interface RotationDeps {
  secret: SecretVersions;
  distribution: OriginHeader;
  /** A fresh header value, unguessable (256 bits). */
  random(): string;
}

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** A rotation that cannot go on: Secrets Manager marks it failed and tries again later; nothing current changed. */
export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationError';
  }
}

/** Runs one step for the rotation whose pending version is `token`. Returns what it did, for the log. */
export async function rotateOriginSecret(deps: RotationDeps, step: RotationStep, token: string): Promise<string> {
  const { rotationEnabled, versions } = await deps.secret.describe();
  if (!rotationEnabled) throw new RotationError('rotation is not enabled on the origin secret');
  const stages = versions[token];
  if (!stages) throw new RotationError(`the origin secret has no version ${token}`);
  if (stages.includes('AWSCURRENT')) return `version ${token} is already current: nothing to do`;
  if (!stages.includes('AWSPENDING')) throw new RotationError(`version ${token} is not pending`);

  switch (step) {
    case 'createSecret': {
      if (await deps.secret.read('AWSPENDING', token)) return `version ${token} exists`;
      const current = await readRing(deps, 'AWSCURRENT');
      await deps.secret.createPending(token, JSON.stringify(rotatedKeyRing(current, deps.random())));
      return `created version ${token}`;
    }
    case 'setSecret': {
      const pending = await readRing(deps, 'AWSPENDING', token);
      if ((await deps.distribution.read()) === pending.header) return 'the distribution sends the pending header already';
      await deps.distribution.write(pending.header);
      return 'the distribution now sends the pending header';
    }
    case 'testSecret': {
      const pending = await readRing(deps, 'AWSPENDING', token);
      if ((await deps.distribution.read()) !== pending.header) throw new RotationError('the distribution does not send the pending header');
      return 'the distribution sends the pending header';
    }
    case 'finishSecret': {
      const current = Object.entries(versions).find(([, s]) => s.includes('AWSCURRENT'))?.[0];
      if (!current) throw new RotationError('the origin secret has no current version');
      await deps.secret.makeCurrent(token, current);
      return `version ${token} is current, ${current} previous`;
    }
  }
}

async function readRing(deps: RotationDeps, stage: 'AWSCURRENT' | 'AWSPENDING', versionId?: string): Promise<OriginKeyRing> {
  const value = await deps.secret.read(stage, versionId);
  if (value === undefined) throw new RotationError(`the origin secret has no ${stage} version${versionId ? ` ${versionId}` : ''}`);
  return parseKeyRing(value);
}
