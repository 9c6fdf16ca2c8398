import type { Answer } from '../api';
import { dateTime } from '../format';

type AuditEvent = Answer<'/credentials/{id}/audit', 'get'>['events'][number];

/** An audit trail's events, oldest first: when, what, who, and the reason given (the Audit page's, and a credential's history). */
export function AuditTimeline({ events, label }: { events: readonly AuditEvent[]; label?: string }) {
  return (
    <ol class="timeline" aria-label={label}>
      {events.map((e) => (
        <li key={e.seq}>
          <span class="when">{dateTime(e.at)}</span> <strong>{words(e.action)}</strong> by {e.actor.name} ({e.actor.kind})
          {typeof e.reason === 'string' && <div>Reason: {e.reason}</div>}
        </li>
      ))}
    </ol>
  );
}

const words = (action: string) => action.charAt(0) + action.slice(1).toLowerCase().replace(/_/g, ' ');
