import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { TextArea } from './fields';
import { ProblemAlert } from './problem-alert';

/**
 * An approver's decision, on a request or a whole cohort: what it is about (children), then
 * Approve with an optional comment, or Reject with the reason the requester will read.
 */
export function DecisionForm(props: { approve(comment: string): Promise<unknown>; reject(reason: string): Promise<unknown>; onDecided(approved: boolean): void; children?: ComponentChildren }) {
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const decide = async (approved: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      await (approved ? props.approve(comment) : props.reject(reason));
      props.onDecided(approved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="decide-heading" class="decide">
      <h2 id="decide-heading">Your decision</h2>
      {props.children}
      <ProblemAlert error={error} />
      <TextArea label="Comment (optional, kept with your approval)" value={comment} onValue={setComment} />
      <button type="button" class="primary" disabled={busy} onClick={() => void decide(true)}>
        Approve
      </button>
      <TextArea label="Reason for rejecting" hint="Required to reject; the requester sees it." value={reason} onValue={setReason} />
      <button type="button" class="danger" disabled={busy || !reason.trim()} onClick={() => void decide(false)}>
        Reject
      </button>
    </section>
  );
}
