import { AchievementName } from '../components/achievement-name';
import { ok, type Answer } from '../api';
import { Loading, Page } from '../components/page';
import { ProblemAlert } from '../components/problem-alert';
import { StatusTag } from '../components/status-tag';
import { useConsole } from '../context';
import { approvalRolesOf, dateTime, duration } from '../format';
import { useLoad } from '../load';
import { Queue } from './approvals';
import { BatchProgress } from './cohorts';

/** "What needs me now": approvals for my roles, failures, bounces and running batches, each only to roles that act on them. */
export function HomePage() {
  const { can, session } = useConsole();
  const approvalRoles = session.groups.includes('approver') || session.groups.includes('admin') ? approvalRolesOf(session.groups) : [];
  return (
    <Page title="Home" lead="What needs you now.">
      {can('GET /approvals') && approvalRoles.length > 0 && <WaitingApprovals roles={approvalRoles} />}
      {can('GET /batches') && <RunningBatches />}
      {can('GET /batches') && <CohortsWithFailedRows />}
      {can('GET /issuances') && <FailedIssuances />}
      {can('GET /credentials') && <Bounces />}
      {can('POST /achievements') && (
        <section aria-labelledby="design-heading">
          <h2 id="design-heading">Achievements</h2>
          <p>
            Define a new achievement, or change one: <a href="/achievements/new">New achievement</a> · <a href="/achievements">All achievements</a>
          </p>
          {can('POST /pathways') && (
            <p>
              Award an achievement by itself once a learner holds others: <a href="/pathways/new">New pathway</a> · <a href="/pathways">All pathways</a>
            </p>
          )}
        </section>
      )}
      {!can('GET /issuances') && !can('GET /achievements') && <p>Your roles give you nothing to do here yet.</p>}
    </Page>
  );
}

type Pending = Answer<'/approvals', 'get'>['items'][number];

function WaitingApprovals({ roles }: { roles: string[] }) {
  const { api } = useConsole();
  const load = useLoad(async () => {
    const pages = await Promise.all(roles.map((role) => ok(api.GET('/approvals', { params: { query: { role, limit: 20 } } })).catch(() => ({ items: [] as Pending[] }))));
    return pages.flatMap((p) => p.items);
  }, [roles.join()], 15_000);
  return (
    <section aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">Approvals waiting for you</h2>
      {load.error ? <ProblemAlert error={load.error} /> : null}
      {!load.data ? (
        <Loading />
      ) : load.data.length === 0 ? (
        <p class="empty">Nothing waits for your approval.</p>
      ) : (
        <Queue items={load.data} />
      )}
    </section>
  );
}

function RunningBatches() {
  const { api } = useConsole();
  const load = useLoad(() => ok(api.GET('/batches', { params: { query: { status: 'VALIDATING,NEEDS_DECISION,AWAITING_APPROVAL,RUNNING' as never, limit: 10 } } })), [], 3_000);
  return (
    <section aria-labelledby="batches-heading">
      <h2 id="batches-heading">Cohorts in progress</h2>
      {load.error ? <ProblemAlert error={load.error} /> : null}
      {!load.data ? (
        <Loading />
      ) : load.data.items.length === 0 ? (
        <p class="empty">No cohort is being issued.</p>
      ) : (
        <ul class="cards">
          {load.data.items.map((b) => (
            <li key={b.id}>
              <a href={`/cohorts/${b.id}`}>{b.file.fileName}</a> <StatusTag status={b.status} />
              <BatchProgress batch={b} />
              {b.status === 'RUNNING' && (
                <p class="muted">
                  {b.progress.ratePerSecond} rows/s · about {duration(b.progress.etaSeconds)} left
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Recent cohorts that ended with rows that failed: each can be retried from its page. */
function CohortsWithFailedRows() {
  const { api } = useConsole();
  // The newest ended cohorts; those with failed rows are few, and a page of twenty finds the recent ones.
  const load = useLoad(() => ok(api.GET('/batches', { params: { query: { status: 'COMPLETED,FAILED' as never, limit: 20 } } })), [], 30_000);
  const failed = (load.data?.items ?? []).filter((b) => b.progress.failed > 0);
  return (
    <section aria-labelledby="failed-rows-heading">
      <h2 id="failed-rows-heading">Cohort rows that failed</h2>
      {load.error ? <ProblemAlert error={load.error} /> : null}
      {!load.data ? (
        <Loading />
      ) : failed.length === 0 ? (
        <p class="empty">No recent cohort has rows that failed.</p>
      ) : (
        <ul>
          {failed.map((b) => (
            <li key={b.id}>
              <a href={`/cohorts/${b.id}`}>{b.file.fileName}</a>: {b.progress.failed} {b.progress.failed === 1 ? 'row' : 'rows'} failed, for <AchievementName id={b.achievementId} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type IssuancePage = Answer<'/issuances', 'get'>;

function FailedIssuances() {
  const { api } = useConsole();
  const load = useLoad(() => ok(api.GET('/issuances', { params: { query: { status: 'FAILED' as never, limit: 10 } } })) as Promise<IssuancePage>, [], 30_000);
  return (
    <section aria-labelledby="failed-heading">
      <h2 id="failed-heading">Failed issuances</h2>
      {load.error ? <ProblemAlert error={load.error} /> : null}
      {!load.data ? (
        <Loading />
      ) : load.data.items.length === 0 ? (
        <p class="empty">No issuance has failed.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Issuance</th>
              <th scope="col">Achievement</th>
              <th scope="col">Requested</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((i) => (
              <tr key={i.id}>
                <td>
                  <a href={`/issuances/${i.id}`}>Issuance {i.id.slice(0, 8)}</a>
                </td>
                <td>
                  <AchievementName id={i.achievementId} />
                </td>
                <td>{dateTime(i.requestedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Bounces() {
  const { api } = useConsole();
  const load = useLoad(() => ok(api.GET('/credentials', { params: { query: { delivery: 'BOUNCED,COMPLAINED' as never, limit: 10 } } })), [], 60_000);
  return (
    <section aria-labelledby="bounces-heading">
      <h2 id="bounces-heading">Emails that bounced</h2>
      {load.error ? <ProblemAlert error={load.error} /> : null}
      {!load.data ? (
        <Loading />
      ) : load.data.items.length === 0 ? (
        <p class="empty">No learner's email has bounced.</p>
      ) : (
        <ul>
          {load.data.items.map((c) => (
            <li key={c.id}>
              <a href={`/credentials/${c.id}`}>Credential {c.id.slice(0, 8)}</a> for <AchievementName id={c.achievementId} />: <StatusTag status={c.delivery?.status ?? 'BOUNCED'} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
