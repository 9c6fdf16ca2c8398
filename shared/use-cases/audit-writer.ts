import * as z from '../zod';
import { built } from '../built';
import { AUDIT_SUBJECTS, anchorOf, type AuditAnchor, type AuditEvent, type AuditRepository } from '../entities/audit';

/**
 * The one writer of the audit trail (functions/audit/write-audit-trail.ts): the only function IAM
 * lets write audit items. Every other function asks it, through the AuditLog port, to append an
 * event or begin a trail; it writes the event (the chain's rules live in the repository) and then
 * anchors the trail's new head outside the table, in the archive bucket under Object Lock.
 *
 * An anchor that cannot be written does not fail the append: the event is written, and a retry
 * would append it twice. The next event's anchor covers it (each event links to the one before),
 * and `npm run audit:verify` reports the events after the last anchor.
 */

/** What a function asks the writer (the Lambda payload): checked here, the trust boundary of the trail. */
export const auditCommand = /* @__PURE__ */ built(() => {
  const record = z.record(z.string(), z.unknown());
  const subject = z.object({ type: z.enum(AUDIT_SUBJECTS), id: z.string().check(z.minLength(1), z.maxLength(200)) });
  const entry = z.object({
    actor: z.object({ kind: z.enum(['staff', 'system', 'learner']), id: z.optional(z.string()), name: z.string() }),
    action: z.string().check(z.minLength(1), z.maxLength(64)),
    before: z.optional(record),
    after: z.optional(record),
    reason: z.optional(z.string()),
    personal: z.optional(record),
  });
  return z.discriminatedUnion('op', [
    z.object({ op: z.literal('append'), subject, entry, at: z.iso.datetime() }),
    z.object({ op: z.literal('begin'), subject, entry, at: z.iso.datetime() }),
    /** A learner's erasure: the trail's sealed details go (only an issuance's or a credential's); its events stay. */
    z.object({ op: z.literal('eraseDetails'), subject: z.object({ type: z.enum(['issuance', 'credential']), id: subject.shape.id }) }),
  ]);
});
export type AuditCommand = z.infer<typeof auditCommand>;

/** What the writer answers: the event written (or, for a trail already begun, its first event); for an erasure, how many details went. */
export type AuditEventResult = { event: AuditEvent; begun?: boolean };
export type AuditCommandResult = AuditEventResult | { erased: number };

export interface AuditAnchors {
  /** Writes the anchor unless one is there for that event (write-once). */
  put(anchor: AuditAnchor): Promise<void>;
}

export interface AuditWriterDeps {
  trail: Pick<AuditRepository, 'append' | 'begin' | 'first' | 'eraseDetails'>;
  anchors: AuditAnchors;
  /** Told when an anchor could not be written (ids only). */
  onAnchorFailure(anchor: AuditAnchor, error: unknown): void;
}

export async function writeAuditEvent(deps: AuditWriterDeps, command: Exclude<AuditCommand, { op: 'eraseDetails' }>): Promise<AuditEventResult>;
export async function writeAuditEvent(deps: AuditWriterDeps, command: AuditCommand): Promise<AuditCommandResult>;
export async function writeAuditEvent(deps: AuditWriterDeps, command: AuditCommand): Promise<AuditCommandResult> {
  if (command.op === 'eraseDetails') return { erased: await deps.trail.eraseDetails(command.subject) };
  if (command.op === 'append') {
    const event = await deps.trail.append(command.subject, command.entry, command.at);
    await anchor(deps, event);
    return { event };
  }
  const begun = await deps.trail.begin(command.subject, command.entry, command.at);
  // Begun before (a retried step): its anchor may be what the first attempt did not write.
  const event = await deps.trail.first(command.subject);
  if (!event) throw new Error(`the audit trail of ${command.subject.type} ${command.subject.id} has no first event`);
  await anchor(deps, event);
  return { event, begun };
}

async function anchor(deps: AuditWriterDeps, event: AuditEvent) {
  const a = anchorOf(event);
  try {
    await deps.anchors.put(a);
  } catch (error) {
    deps.onAnchorFailure(a, error);
  }
}
