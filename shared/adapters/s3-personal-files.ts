import { DeleteObjectCommand, GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectVersion, PersonalFiles } from '../ports';

/**
 * The PersonalFiles port on the artifact bucket, through the SDK's S3 client: the listing of
 * versions and the delete of one version are operations the signed requests of s3-objects.ts do
 * not make, and only the erasing function (a rare, staff-started call) needs them.
 */
export function s3PersonalFiles(s3: Pick<S3Client, 'send'>, bucket: string): PersonalFiles {
  return {
    async versions(prefix) {
      const out: ObjectVersion[] = [];
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, ...(keyMarker ? { KeyMarker: keyMarker } : {}), ...(versionMarker ? { VersionIdMarker: versionMarker } : {}) }),
        );
        const entries = [
          ...(page.Versions ?? []).map((v) => ({ key: v.Key!, versionId: v.VersionId ?? 'null', latest: v.IsLatest === true, deleteMarker: false, at: v.LastModified?.getTime() ?? 0 })),
          ...(page.DeleteMarkers ?? []).map((m) => ({ key: m.Key!, versionId: m.VersionId ?? 'null', latest: m.IsLatest === true, deleteMarker: true, at: m.LastModified?.getTime() ?? 0 })),
        ];
        // S3 lists versions and markers apart; a key's entries are wanted newest first, together.
        entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : Number(b.latest) - Number(a.latest) || b.at - a.at));
        out.push(...entries.map(({ at: _at, ...v }) => v));
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
      } while (keyMarker);
      return out;
    },
    async read(key) {
      try {
        const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await answer.Body!.transformToString('utf8');
      } catch (e) {
        if ((e as Error).name === 'NoSuchKey' || (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
        throw e;
      }
    },
    async write(key, body, contentType) {
      const answer = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
      if (!answer.VersionId) throw new Error(`the bucket ${bucket} gave ${key} no version id: is it versioned?`);
      return answer.VersionId;
    },
    async destroy(key, versionId) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
    },
  };
}
