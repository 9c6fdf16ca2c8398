import { archive, table, wiring } from './bindings';

/** The audit trail's one writer (infra/constructs/audit-log.ts): every other function appends by invoking it. */
export const AuditWriterFn = /* @__PURE__ */ wiring('functions/audit/write-audit-trail.ts', () => ({
  TABLE_NAME: table('writeAudit'),
  ARCHIVE_BUCKET_NAME: archive('anchorAudit'),
}));
