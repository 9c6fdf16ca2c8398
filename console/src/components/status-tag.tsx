/** A status in words and colour (never colour alone): issuances, credentials, batches. */
const TONE: Record<string, string> = {
  ISSUED: 'good', ACTIVE: 'good', DELIVERED: 'good', APPROVED: 'good', COMPLETED: 'good', SUCCEEDED: 'good',
  AWAITING_APPROVAL: 'wait', REQUESTED: 'wait', SIGNED: 'wait', STORED: 'wait', RUNNING: 'wait', VALIDATING: 'wait', ISSUING: 'wait', WAITING: 'wait',
  SUSPENDED: 'warn', EXPIRED: 'warn', CANCELLED: 'muted', REJECTED: 'bad', FAILED: 'bad', REVOKED: 'bad', BOUNCED: 'bad', COMPLAINED: 'bad',
};
const words = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ');
export function StatusTag({ status }: { status: string }) {
  return <span class={`tag ${TONE[status] ?? 'muted'}`}>{words(status)}</span>;
}
