import { randomUUID } from 'node:crypto';
import { MAX_EVIDENCE_BYTES, type UploadRepository } from '../entities/upload';
import type { Principal } from '../domain/staff';
import type { Clock } from '../clock';
import type { ArtifactLinks } from '../ports';

const URL_TTL_SECONDS = 15 * 60;
const KEEP_SECONDS = 7 * 24 * 3600;

export interface UploadDeps {
  uploads: Pick<UploadRepository, 'create'>;
  links: ArtifactLinks;
  clock: Clock;
}

/**
 * Offers a presigned PUT for one evidence file. The URL is signed for the exact content type and
 * length declared, so what arrives is what was announced; it lapses after 15 minutes.
 */
export async function offerEvidenceUpload(deps: UploadDeps, input: { fileName: string; contentType: string; size: number }, actor: Principal) {
  const uploadId = randomUUID();
  const key = `evidence/${uploadId}`;
  const now = deps.clock.now();
  await deps.uploads.create({
    uploadId,
    key,
    fileName: input.fileName,
    contentType: input.contentType,
    size: input.size,
    uploadedBy: actor.id,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
  });
  const uploadUrl = await deps.links.uploadUrl(key, input, URL_TTL_SECONDS);
  return {
    uploadId,
    uploadUrl,
    method: 'PUT',
    headers: { 'content-type': input.contentType, 'content-length': String(input.size) },
    expiresAt: new Date(now.getTime() + URL_TTL_SECONDS * 1000).toISOString(),
    maxBytes: MAX_EVIDENCE_BYTES,
  };
}
