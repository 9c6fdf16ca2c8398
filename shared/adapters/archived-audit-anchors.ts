import { canonicalJson } from '../canonical-json';
import { anchorKeys, type AuditAnchor } from '../entities/audit';
import type { DocumentArchive } from '../ports';
import type { AuditAnchors } from '../use-cases/audit-writer';

/** Audit anchors in the archive: one object per event, written once (a retried `begin` finds its anchor kept). */
export function archivedAuditAnchors(archive: DocumentArchive): AuditAnchors {
  return { put: (anchor: AuditAnchor) => archive.keep(anchorKeys.anchor(anchor.subject, anchor.seq), canonicalJson(anchor)) };
}
