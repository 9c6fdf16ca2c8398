import { useState } from 'preact/hooks';
import { ok, type Answer } from '../api';
import { SelectField, TextField } from '../components/fields';
import { fileSummary, IssuanceFacts, IssuanceSteps } from '../components/issuance-view';
import { DecisionForm } from '../components/decision-form';
import { Loading, Page } from '../components/page';
import { ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { age, approvalRolesOf, dateTime, dueIn } from '../format';
import { useLoad } from '../load';
import { navigate } from '../router';

type Pending = Answer<'/approvals', 'get'>['items'][number];

/** The approval queue of one role, oldest first, filtered by achievement, cohort and age. */
export function ApprovalsPage() {
  const { api, session } = useConsole();
  const chaser = session.groups.some((g) => ['registrar', 'auditor', 'admin'].includes(g));
  const roles = approvalRolesOf(session.groups);
  const [role, setRole] = useState(roles[0] ?? 'approver');
  const [achievementId, setAchievementId] = useState('');
  const [cohort, setCohort] = useState('');
  const [older, setOlder] = useState('');
  const load = useLoad(
    () =>
      ok(
        api.GET('/approvals', {
          params: { query: { role, limit: 50, ...(achievementId ? { achievementId } : {}), ...(cohort ? { cohort } : {}), ...(older ? { olderThanMinutes: Number(older) * 60 } : {}) } },
        }),
      ),
    [role, achievementId, cohort, older],
    15_000,
  );
  return (
    <Page title="Approvals" lead={chaser ? 'Requests waiting for a decision, oldest first.' : 'Requests waiting for your decision, oldest first.'}>
      <form class="filters" role="search" aria-label="Filter approvals" onSubmit={(e) => e.preventDefault()}>
        {chaser ? <TextField label="Role" value={role} onValue={setRole} /> : <SelectField label="Role" value={role} onValue={setRole} options={roles} />}
        <TextField label="Achievement id" value={achievementId} onValue={setAchievementId} />
        <TextField label="Cohort" value={cohort} onValue={setCohort} />
        <SelectField
          label="Waiting for"
          value={older}
          onValue={setOlder}
          options={[
            { value: '', label: 'Any time' },
            { value: '24', label: 'More than a day' },
            { value: '72', label: 'More than 3 days' },
            { value: '168', label: 'More than a week' },
          ]}
        />
      </form>
      <ProblemAlert error={load.error} />
      {!load.data ? <Loading /> : load.data.items.length === 0 ? <p class="empty">Nothing waits for a decision.</p> : <Queue items={load.data.items} />}
      <CohortApprovals role={role} />
    </Page>
  );
}

/** Pending requests, each linked to its review: the Approvals page's queue and Home's. */
export function Queue({ items }: { items: Pending[] }) {
  return (
    <table>
      <caption class="visually-hidden">Requests waiting for a decision</caption>
      <thead>
        <tr>
          <th scope="col">Request</th>
          <th scope="col">Achievement</th>
          <th scope="col">Cohort</th>
          <th scope="col">Step</th>
          <th scope="col">Requested by</th>
          <th scope="col">Waiting</th>
          <th scope="col">Expires</th>
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.issuanceId}>
            <td>
              <a href={`/approvals/${p.issuanceId}`}>Review request {p.issuanceId.slice(0, 8)}</a> {p.exception ? <span class="tag warn">Exception</span> : null}
            </td>
            <td>
              {p.achievementName ?? p.achievementId}
              {p.achievementName ? <span class="muted"> ({p.achievementId})</span> : null}
            </td>
            <td>{p.cohort ?? '—'}</td>
            <td>
              {p.role ?? ''} ({p.step} of {p.steps ?? 1})
            </td>
            <td>{p.requestedBy}</td>
            <td>{age(p.ageMinutes)}</td>
            <td>
              <Due at={p.dueAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** When an undecided step expires: in words, with the date on hover and for screen readers, flagged within a day. */
function Due({ at }: { at: string | undefined }) {
  if (!at) return <>—</>;
  const due = dueIn(at);
  return (
    <time dateTime={at} title={dateTime(at)}>
      {due.text}
      <span class="visually-hidden"> ({dateTime(at)})</span>
      {due.soon ? (
        <>
          {' '}
          <span class="tag warn">Due soon</span>
        </>
      ) : null}
    </time>
  );
}

/** One request to decide: the learner (masked as the role requires), evidence, each rule's result, the justification. */
export function ApprovalPage({ id }: { id: string }) {
  const { api, can, announce } = useConsole();
  const load = useLoad(() => ok(api.GET('/issuances/{id}', { params: { path: { id } } })), [id]);
  const i = load.data;
  const award = (i?.award ?? {}) as { evidence?: { id?: string; name?: string; narrative?: string }[]; results?: { resultKey: string; value?: string }[]; exception?: { justification: string }; attestation?: { assessor: string; statement: string } };
  const waiting = i?.status === 'AWAITING_APPROVAL';
  return (
    <Page title={`Review request ${id.slice(0, 8)}`} lead={waiting ? `Step ${(i?.approval?.step ?? 0) + 1} of ${i?.approval?.steps ?? 1}: the ${i?.approval?.role} decides.` : undefined}>
      <ProblemAlert error={load.error} />
      {!i ? (
        <Loading />
      ) : (
        <>
          <IssuanceFacts issuance={i} />
          {award.exception && (
            <div class="alert warn">
              <strong>Exception requested.</strong> The request failed a rule; the requester's justification: “{award.exception.justification}”
            </div>
          )}
          <h2>Evidence</h2>
          <ul>
            {(award.results ?? []).map((r) => (
              <li key={r.resultKey}>
                {r.resultKey}: {r.value ?? '—'}
              </li>
            ))}
            {(award.evidence ?? []).map((e, n) => (
              <li key={n}>
                {e.id ? <a href={e.id}>{e.name ?? e.id}</a> : e.name} {e.narrative}
              </li>
            ))}
            {award.attestation && (
              <li>
                Attested by {award.attestation.assessor}: “{award.attestation.statement}”
              </li>
            )}
            {i.verifiedFiles.map((f) => (
              <li key={f.uploadId}>
                File {fileSummary(f)}
              </li>
            ))}
          </ul>
          <h2>Rules and steps</h2>
          <IssuanceSteps issuance={i} />
          {waiting && can('POST /issuances/{id}/approve') && (
            <DecisionForm
              approve={(comment) => ok(api.POST('/issuances/{id}/approve', { params: { path: { id } }, body: comment ? { comment } : {} }))}
              reject={(reason) => ok(api.POST('/issuances/{id}/reject', { params: { path: { id } }, body: { reason } }))}
              onDecided={(approved) => {
                announce(approved ? 'Approved.' : 'Rejected.');
                navigate('/approvals');
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}

/** Cohorts waiting for one approval of this role: each decided as a whole, from its summary and sample. */
function CohortApprovals({ role }: { role: string }) {
  const { api, can } = useConsole();
  const load = useLoad(async () => (can('GET /batches') ? ok(api.GET('/batches', { params: { query: { status: 'AWAITING_APPROVAL' as never, limit: 50 } } })) : undefined), [], 15_000);
  const waiting = (load.data?.items ?? []).filter((b) => !b.waitingFor?.role || b.waitingFor.role === role);
  if (!load.data) return null;
  return (
    <section aria-labelledby="cohort-approvals-heading">
      <h2 id="cohort-approvals-heading">Cohorts waiting for approval</h2>
      {waiting.length === 0 ? (
        <p class="empty">No cohort waits for the role {role}.</p>
      ) : (
        <ul>
          {waiting.map((b) => (
            <li key={b.id}>
              <a href={`/cohorts/${b.id}`}>Review cohort {b.file.fileName}</a>: {b.validation?.valid ?? 0} learners, {b.achievementId}
              {b.waitingFor?.since ? `, waiting since ${dateTime(b.waitingFor.since)}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
