import { AchievementName } from '../components/achievement-name';
import { useState } from 'preact/hooks';
import { fileFrom, ok, type Answer } from '../api';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DecisionForm } from '../components/decision-form';
import { RecordTable } from '../components/record-table';
import { SelectField, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { ProblemAlert } from '../components/problem-alert';
import { StatusTag } from '../components/status-tag';
import { useConsole } from '../context';
import { dateTime, duration, saveFile } from '../format';
import { useLoad } from '../load';
import { navigate } from '../router';
import { BulkStatusChange } from './credentials';
import { csvHeader, sha256Hex } from './cohort-file';

type Batch = Answer<'/batches/{id}', 'get'>;
const ENDED = ['COMPLETED', 'INVALID', 'REJECTED', 'CANCELLED', 'EXPIRED', 'FAILED'];

/** A batch's progress: a labelled progress bar and the counts in words. */
export function BatchProgress({ batch }: { batch: Pick<Batch, 'id' | 'progress'> }) {
  const p = batch.progress;
  return (
    <div class="progress">
      <label for={`progress-${batch.id}`}>
        {p.percent}% · {p.issued} issued, {p.failed} failed, {p.skipped} skipped, {p.queued} to go
      </label>
      <progress id={`progress-${batch.id}`} max={100} value={p.percent}>
        {p.percent}%
      </progress>
    </div>
  );
}

/** Cohort batches, newest first, and the upload of a new cohort file. */
export function CohortsPage() {
  const { api, can } = useConsole();
  const load = useLoad(() => ok(api.GET('/batches', { params: { query: { limit: 25 } } })), [], 5_000);
  return (
    <Page title="Cohorts" lead="Issue to a whole cohort from a CSV file: every row is checked before anything is issued.">
      {can('POST /batches') && <NewCohort />}
      <h2>Recent cohorts</h2>
      <ProblemAlert error={load.error} />
      {!load.data ? (
        <Loading />
      ) : load.data.items.length === 0 ? (
        <p class="empty">No cohort has been uploaded yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Recent cohorts</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Achievement</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {load.data.items.map((b) => (
              <tr key={b.id}>
                <td>
                  <a href={`/cohorts/${b.id}`}>{b.file.fileName}</a>
                </td>
                <td>
                  <AchievementName id={b.achievementId} />
                </td>
                <td>
                  <StatusTag status={b.status} />
                </td>
                <td>
                  {b.progress.issued} of {b.validation?.valid ?? b.progress.rows} issued
                </td>
                <td>{dateTime(b.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

function NewCohort() {
  const { api, announce } = useConsole();
  const achievements = useLoad(() => ok(api.GET('/achievements', { params: { query: { limit: 100, status: 'active' } } })), []);
  const [achievementId, setAchievementId] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [headers, setHeaders] = useState<string[]>([]);
  const [expected, setExpected] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [intake, setIntake] = useState('');
  const [programme, setProgramme] = useState('');
  const [campus, setCampus] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);

  const template = async (id: string) => {
    return fileFrom<string>(api.GET('/achievements/{id}/batch-template', { params: { path: { id } }, parseAs: 'text' }));
  };
  const choose = async (f: File | undefined, id = achievementId) => {
    setFile(f);
    setMapping({});
    if (!f || !id) return;
    const [head, tmpl] = await Promise.all([csvHeader(f), template(id).catch((e: unknown) => (setError(e), ''))]);
    setHeaders(head);
    setExpected(csvHeader.parse(tmpl.split(/\r?\n/)[0] ?? ''));
  };
  const unknown = headers.filter((h) => !expected.some((e) => normalize(e) === normalize(h)));

  const upload = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const cohort = { ...(intake ? { intake } : {}), ...(programme ? { programme } : {}), ...(campus ? { campus } : {}) };
      const created = await ok(
        api.POST('/batches', {
          body: {
            achievementId,
            file: { name: file.name, size: file.size, sha256: await sha256Hex(file) },
            ...(Object.keys(cohort).length ? { cohort } : {}),
            ...(Object.keys(mapping).length ? { columns: mapping } : {}),
          },
        }),
      );
      if (created.upload) {
        const put = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: file });
        if (!put.ok) throw new Error(`The file could not be uploaded (HTTP ${put.status}).`);
        await ok(api.POST('/batches/{id}/submit', { params: { path: { id: created.batch.id } } }));
      }
      announce(created.resubmitted ? 'This file was uploaded before: here is its batch.' : 'Uploaded. Checking every row.');
      navigate(`/cohorts/${created.batch.id}`);
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="editor" onSubmit={upload} noValidate>
      <h2>Upload a cohort file</h2>
      <ProblemAlert error={error ?? achievements.error} />
      <SelectField
        label="Achievement"
        required
        value={achievementId}
        onValue={(id) => {
          setAchievementId(id);
          void choose(file, id);
        }}
        options={[{ value: '', label: 'Choose an achievement' }, ...(achievements.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))]}
      />
      {achievementId && (
        <p>
          <button type="button" class="link" onClick={() => void template(achievementId).then((csv) => saveFile(new Blob([csv], { type: 'text/csv' }), `${achievementId}-cohort-template.csv`), setError)}>
            Download the template
          </button>{' '}
          with this achievement's columns, required ones first.
        </p>
      )}
      <div
        class={`dropzone${dragging ? ' over' : ''}`}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          void choose(e.dataTransfer?.files[0]);
        }}
      >
        <label for="cohort-file">Cohort file (CSV)</label>
        <p class="hint" id="cohort-file-hint">
          Drop the file here, or choose it. One learner per row, a header row first.
        </p>
        <input id="cohort-file" type="file" accept=".csv,.jsonl,text/csv" aria-describedby="cohort-file-hint" onChange={(e) => void choose((e.target as HTMLInputElement).files?.[0])} />
        {file && <p>Chosen: {file.name}</p>}
      </div>
      {unknown.length > 0 && (
        <fieldset>
          <legend>Map your columns</legend>
          <p class="hint">These headers are not Laurel's. Say what each holds, or ignore it.</p>
          {unknown.map((h) => (
            <SelectField
              key={h}
              label={`Column “${h}”`}
              value={mapping[h] ?? ''}
              onValue={(v) => setMapping((m) => ({ ...m, [h]: v }))}
              options={[{ value: '', label: 'Choose' }, { value: 'ignore', label: 'Ignore this column' }, ...expected.map((e) => ({ value: e, label: e }))]}
            />
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>Cohort (optional)</legend>
        <TextField label="Intake" hint="Such as 2026-autumn." value={intake} onValue={setIntake} />
        <TextField label="Programme" value={programme} onValue={setProgramme} />
        <TextField label="Campus" value={campus} onValue={setCampus} />
      </fieldset>
      <button type="submit" class="primary" disabled={busy || !file || !achievementId}>
        {busy ? 'Uploading…' : 'Upload and check'}
      </button>
    </form>
  );
}

const normalize = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** One batch, live: validation by line, the decision to issue the valid rows, progress with rate and ETA, the report. */
export function CohortPage({ id }: { id: string }) {
  const { api, can, announce } = useConsole();
  const load = useLoad(() => ok(api.GET('/batches/{id}', { params: { path: { id } } })), [id], 2_000);
  const [error, setError] = useState<unknown>();
  const [confirm, setConfirm] = useState<'start' | 'cancel' | undefined>();
  const b = load.data;
  const act = async (what: 'start' | 'cancel' | 'retry') => {
    setError(undefined);
    try {
      if (what === 'start') await ok(api.POST('/batches/{id}/start', { params: { path: { id } } }));
      if (what === 'cancel') await ok(api.POST('/batches/{id}/cancel', { params: { path: { id } }, body: {} }));
      if (what === 'retry') await ok(api.POST('/batches/{id}/retry-failed', { params: { path: { id } } }));
      setConfirm(undefined);
      announce({ start: 'Issuing the valid rows.', cancel: 'Cancelled.', retry: 'Issuing the failed rows again.' }[what]);
      load.reload();
    } catch (e) {
      setError(e);
    }
  };
  const report = async () => {
    setError(undefined);
    try {
      saveFile(await fileFrom<Blob>(api.GET('/batches/{id}/report', { params: { path: { id } }, parseAs: 'blob' })), `cohort-${id}-report.csv`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title={b ? `Cohort: ${b.file.fileName}` : 'Cohort'} lead={b ? `${b.progress.phase[0]!.toUpperCase()}${b.progress.phase.slice(1)}.` : undefined}>
      <ProblemAlert error={load.error ?? error} />
      {!b ? (
        <Loading />
      ) : (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <StatusTag status={b.status} />
            </dd>
            <dt>Achievement</dt>
            <dd>
              {b.achievementId} (version {b.achievementVersion})
            </dd>
            <dt>Rows</dt>
            <dd>{b.validation ? `${b.validation.rows} rows: ${b.validation.valid} valid, ${b.validation.invalid} with problems` : 'Being checked'}</dd>
            <dt>Rate</dt>
            <dd>
              {b.progress.ratePerSecond} rows per second{b.status === 'RUNNING' ? `, about ${duration(b.progress.etaSeconds)} left` : ''}
            </dd>
          </dl>
          <BatchProgress batch={b} />
          <div class="actions">
            {b.status === 'NEEDS_DECISION' && can('POST /batches/{id}/start') && (
              <button type="button" class="primary" onClick={() => setConfirm('start')}>
                Issue the valid rows
              </button>
            )}
            {!ENDED.includes(b.status) && can('POST /batches/{id}/cancel') && (
              <button type="button" onClick={() => setConfirm('cancel')}>
                Cancel
              </button>
            )}
            {['COMPLETED', 'FAILED'].includes(b.status) && b.progress.failed > 0 && can('POST /batches/{id}/retry-failed') && (
              <button type="button" onClick={() => void act('retry')}>
                Retry failed rows
              </button>
            )}
            {can('GET /batches/{id}/report') && b.validation && (
              <button type="button" onClick={() => void report()}>
                Download report
              </button>
            )}
          </div>
          {b.status === 'AWAITING_APPROVAL' && can('POST /batches/{id}/approve') && <BatchDecision batch={b} onDecided={load.reload} />}
          {b.status === 'COMPLETED' && b.progress.issued > 0 && can('POST /credentials/status-changes') && (
            <section aria-labelledby="bulk-heading">
              <h2 id="bulk-heading">Every credential of this cohort</h2>
              <BulkStatusChange selection={{ batchId: b.id }} onDone={load.reload} />
            </section>
          )}
          {b.validation && b.validation.problems.length > 0 && (
            <section aria-labelledby="problems-heading">
              <h2 id="problems-heading">Problems by line</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {b.validation.problems.map((p, i) => (
                    <tr key={i}>
                      <td>{p.line}</td>
                      <td>{p.column ?? '—'}</td>
                      <td>{p.problem}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {b.validation.invalid > b.validation.problems.length && <p class="muted">The report lists every problem.</p>}
            </section>
          )}
          <ConfirmDialog
            open={confirm !== undefined}
            title={confirm === 'start' ? `Issue ${b.validation?.valid ?? 0} valid rows?` : 'Cancel this cohort?'}
            confirmLabel={confirm === 'start' ? 'Issue the valid rows' : 'Cancel the cohort'}
            danger={confirm === 'cancel'}
            problem={confirm ? error : undefined}
            onConfirm={() => void act(confirm!)}
            onCancel={() => {
              setError(undefined);
              setConfirm(undefined);
            }}
          >
            <p>
              {confirm === 'start'
                ? `The ${b.validation?.invalid ?? 0} rows with problems are skipped; fix them and upload them as a new file.`
                : 'Rows not yet issued will not be issued. Credentials already issued stay valid.'}
            </p>
          </ConfirmDialog>
        </>
      )}
    </Page>
  );
}

/** A cohort's one approval: the summary and a sample of its rows (emails masked), then approve, or reject with a reason. */
function BatchDecision({ batch, onDecided }: { batch: Batch; onDecided(): void }) {
  const { api, announce } = useConsole();
  const sample = batch.validation?.sample ?? [];
  const columns = [...new Set(sample.flatMap((row) => Object.keys(row)))].filter((c) => typeof sample[0]?.[c] !== 'object' || c === 'line');
  return (
    <DecisionForm
      approve={(comment) => ok(api.POST('/batches/{id}/approve', { params: { path: { id: batch.id } }, body: comment ? { comment } : {} }))}
      reject={(reason) => ok(api.POST('/batches/{id}/reject', { params: { path: { id: batch.id } }, body: { reason } }))}
      onDecided={(approved) => {
        announce(approved ? 'Approved: the valid rows are being issued.' : 'Rejected: nothing is issued.');
        onDecided();
      }}
    >
      <p>
        {batch.validation?.valid ?? 0} learners would receive {batch.achievementId} (version {batch.achievementVersion})
        {batch.cohort.intake ? ` in the intake ${batch.cohort.intake}` : ''}; {batch.validation?.invalid ?? 0} rows with problems are left out.
        {batch.waitingFor?.role ? ` It waits for the role ${batch.waitingFor.role}.` : ''}
      </p>
      {sample.length > 0 && <RecordTable caption="A sample of the rows" columns={columns} rows={sample} />}
    </DecisionForm>
  );
}
