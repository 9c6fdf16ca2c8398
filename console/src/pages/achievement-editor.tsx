import { useState } from 'preact/hooks';
import { ok, type Answer } from '../api';
import { BadgeDesigner } from '../components/badge-designer';
import { CredentialPreview } from '../components/credential-preview';
import { VersionHistory } from '../components/version-history';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Checkbox, Radios, SelectField, TextArea, TextField } from '../components/fields';
import { Loading, Page } from '../components/page';
import { fieldError, fieldErrorUnder, ProblemAlert } from '../components/problem-alert';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useLoad } from '../load';
import { navigate } from '../router';
import { approvalText } from './achievements';
import {
  dayOf,
  endOfDay,
  KIND_LABELS,
  KINDS,
  newRule,
  parseDays,
  remindersText,
  RESULT_TYPES,
  RULE_LABELS,
  ruleText,
  validityMode,
  type AchievementInput,
  type Alignment,
  type Approval,
  type Renewal,
  type ResultDescription,
  type Rule,
  type ValidityMode,
} from './achievement-fields';

type Achievement = Answer<'/achievements/{id}', 'get'>;

/** Everything the API accepts for an achievement, in sections; a change writes a new version. */
const EMPTY: AchievementInput = {
  kind: 'course',
  name: '',
  description: '',
  criteria: '',
  tags: [],
  alignments: [],
  resultDescriptions: [],
  rules: [],
  allowRepeats: false,
  approval: { mode: 'single', role: 'approver' },
  design: { shape: 'circle', icon: 'star', title: '' },
};

export function NewAchievementPage() {
  return (
    <Page title="New achievement" lead="Define what is awarded, the evidence it needs and who approves it.">
      <AchievementForm />
    </Page>
  );
}

export function AchievementEditorPage({ id }: { id?: string }) {
  const { api } = useConsole();
  const load = useLoad(async () => {
    const answer = api.GET('/achievements/{id}', { params: { path: { id: id! } } });
    const achievement = await ok(answer);
    return { achievement, etag: (await answer).response.headers.get('etag') ?? '' };
  }, [id]);
  if (!load.data) return <Page title="Achievement">{load.error ? <ProblemAlert error={load.error} /> : <Loading />}</Page>;
  const { achievement, etag } = load.data;
  return (
    <Page title={achievement.name} lead={`Version ${achievement.version} · ${achievement.lifecycle === 'archived' ? 'Archived: no new issuances' : 'Active'}`} actions={<Lifecycle achievement={achievement} onChanged={load.reload} />}>
      <AchievementForm existing={achievement} etag={etag} onSaved={load.reload} />
      <VersionHistory key={achievement.version} id={achievement.id} latest={achievement.version} />
    </Page>
  );
}

function Lifecycle({ achievement, onChanged }: { achievement: Achievement; onChanged(): void }) {
  const { api, can, announce } = useConsole();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  if (!can('POST /achievements/{id}/archive')) return null;
  const archived = achievement.lifecycle === 'archived';
  const act = async () => {
    try {
      const path = archived ? '/achievements/{id}/restore' : '/achievements/{id}/archive';
      await ok(api.POST(path, { params: { path: { id: achievement.id } }, body: {} }));
      setOpen(false);
      announce(archived ? 'The achievement is active again.' : 'The achievement is archived.');
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {archived ? 'Restore' : 'Archive'}
      </button>
      <ConfirmDialog open={open} title={archived ? 'Restore this achievement?' : 'Archive this achievement?'} confirmLabel={archived ? 'Restore' : 'Archive'} onConfirm={act} onCancel={() => setOpen(false)}>
        <p>{archived ? 'Staff can issue it again.' : 'No one can issue it any more. Credentials already issued stay valid and verifiable.'}</p>
        <ProblemAlert error={error} />
      </ConfirmDialog>
    </>
  );
}

function inputOf(a: Achievement): AchievementInput {
  const keys = Object.keys(EMPTY).concat(['creditsAvailable', 'fieldOfStudy', 'humanCode', 'inLanguage', 'specialization', 'validityDays', 'validUntilDate', 'reminders', 'renewal', 'image']);
  const picked = Object.fromEntries(keys.filter((k) => (a as Record<string, unknown>)[k] !== undefined).map((k) => [k, (a as Record<string, unknown>)[k]]));
  return { ...EMPTY, design: { ...EMPTY.design!, title: a.name.slice(0, 40) }, ...(picked as Partial<AchievementInput>) } as AchievementInput;
}

function AchievementForm({ existing, etag, onSaved }: { existing?: Achievement; etag?: string; onSaved?(): void }) {
  const { api, can, config, announce } = useConsole();
  const [draft, setDraft] = useState<AchievementInput>(() => (existing ? inputOf(existing) : EMPTY));
  const [changeNote, setChangeNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const editable = existing ? can('PATCH /achievements/{id}') : can('POST /achievements');
  const set = (patch: Partial<AchievementInput>) => setDraft((d) => ({ ...d, ...patch }));
  const err = (path: string) => fieldError(error, path);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { ...draft, design: draft.design && { ...draft.design, title: draft.design.title || draft.name.slice(0, 40) } };
      if (!existing) {
        const created = await ok(api.POST('/achievements', { body }));
        announce(`Achievement ${created.name} created.`);
        navigate(`/achievements/${created.id}`);
        return;
      }
      const before = inputOf(existing) as Record<string, unknown>;
      const changed = Object.fromEntries(Object.entries(body).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
      if (Object.keys(changed).length === 0) {
        announce('Nothing changed.');
        return;
      }
      await ok(api.PATCH('/achievements/{id}', { params: { path: { id: existing.id }, header: { 'if-match': etag ?? '' } }, body: { ...changed, ...(changeNote ? { changeNote } : {}) } }));
      announce('Saved as a new version.');
      setChangeNote('');
      onSaved?.();
    } catch (problem) {
      setError(problem);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="editor" onSubmit={save} noValidate>
      <ProblemAlert error={error} />
      <fieldset disabled={!editable}>
        <legend>About the achievement</legend>
        <SelectField label="Kind" value={draft.kind} onValue={(kind) => set({ kind })} options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
        <TextField label="Name" required value={draft.name} maxLength={200} error={err('name')} onValue={(name) => set({ name })} />
        <TextArea label="Description" required value={draft.description} maxLength={2000} error={err('description')} onValue={(description) => set({ description })} />
        <TextArea label="Criteria" hint="What a learner did to earn it, as the credential states it." required rows={4} value={draft.criteria} maxLength={5000} error={err('criteria')} onValue={(criteria) => set({ criteria })} />
        <TextField label="Tags" hint="Separated by commas." value={(draft.tags ?? []).join(', ')} onValue={(v) => set({ tags: v.split(',').map((t) => t.trim()).filter(Boolean) })} />
        <Checkbox label="A learner may hold it more than once" checked={draft.allowRepeats ?? false} onValue={(allowRepeats) => set({ allowRepeats })} />
      </fieldset>

      <Validity draft={draft} saved={existing} disabled={!editable} error={error} onChange={set} />

      <fieldset disabled={!editable}>
        <legend>Badge</legend>
        <BadgeDesigner design={draft.design ?? EMPTY.design!} brandColor={config.brandColor} onChange={(design) => set({ design })} />
        {existing?.image && (
          <p class="muted">
            Current image: <a href={existing.image.id}>open the badge image</a>
          </p>
        )}
      </fieldset>

      <Alignments items={draft.alignments ?? []} disabled={!editable} onChange={(alignments) => set({ alignments })} />
      <Results items={draft.resultDescriptions ?? []} disabled={!editable} onChange={(resultDescriptions) => set({ resultDescriptions })} />
      <Rules items={draft.rules ?? []} disabled={!editable} onChange={(rules) => set({ rules })} />
      <ApprovalPolicy value={draft.approval ?? { mode: 'auto' }} disabled={!editable} deadlineError={err('approval.deadlineHours')} onChange={(approval) => set({ approval })} />
      <RenewalPolicy value={draft.renewal} saved={existing?.renewal !== undefined} disabled={!editable} error={error} onChange={(renewal) => set({ renewal })} />
      {can('POST /achievements/preview') && <CredentialPreview definition={{ ...draft, image: draft.design ? undefined : draft.image, design: draft.design && { ...draft.design, title: draft.design.title || draft.name.slice(0, 40) || 'Badge' } }} />}

      {editable && (
        <div class="form-end">
          {existing && <TextField label="What changed and why" hint="Kept with the new version and in the audit trail." value={changeNote} maxLength={1000} onValue={setChangeNote} />}
          <button type="submit" class="primary" disabled={busy}>
            {existing ? 'Save changes' : 'Create achievement'}
          </button>
        </div>
      )}
      {existing && (
        <p class="muted">
          Version {existing.version}, last changed {dateTime((existing as { updatedAt?: string }).updatedAt ?? (existing as { createdAt?: string }).createdAt)}. Approval: {approvalText(existing.approval)}.
        </p>
      )}
    </form>
  );
}

function ListSection<T>(props: { legend: string; hint: string; items: T[]; disabled: boolean; addLabel: string; make(): T; onChange(items: T[]): void; render(item: T, set: (t: T) => void, n: number): preact.ComponentChildren; itemName(n: number): string }) {
  const update = (i: number, t: T) => props.onChange(props.items.map((x, j) => (j === i ? t : x)));
  return (
    <fieldset disabled={props.disabled}>
      <legend>{props.legend}</legend>
      <p class="hint">{props.hint}</p>
      {props.items.map((item, i) => (
        <div class="list-item" key={i} role="group" aria-label={props.itemName(i + 1)}>
          {props.render(item, (t) => update(i, t), i + 1)}
          <button type="button" onClick={() => props.onChange(props.items.filter((_, j) => j !== i))}>
            Remove {props.itemName(i + 1).toLowerCase()}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => props.onChange([...props.items, props.make()])}>
        {props.addLabel}
      </button>
    </fieldset>
  );
}

function Alignments(props: { items: Alignment[]; disabled: boolean; onChange(a: Alignment[]): void }) {
  return (
    <ListSection
      legend="Skills and frameworks"
      hint="Skills or standards this achievement aligns to, each with a link to its definition."
      addLabel="Add an alignment"
      itemName={(n) => `Alignment ${n}`}
      make={(): Alignment => ({ targetName: '', targetUrl: 'https://' })}
      {...props}
      render={(a, set) => (
        <>
          <TextField label="Skill or standard" required value={a.targetName} onValue={(targetName) => set({ ...a, targetName })} />
          <TextField label="Link to its definition" type="url" required value={a.targetUrl} onValue={(targetUrl) => set({ ...a, targetUrl })} />
          <TextField label="Framework" value={a.targetFramework ?? ''} onValue={(v) => set({ ...a, targetFramework: v || undefined })} />
          <TextField label="Code in the framework" value={a.targetCode ?? ''} onValue={(v) => set({ ...a, targetCode: v || undefined })} />
        </>
      )}
    />
  );
}

function Results(props: { items: ResultDescription[]; disabled: boolean; onChange(r: ResultDescription[]): void }) {
  return (
    <ListSection
      legend="Results"
      hint="What a credential may record: a score, a grade, a level. Rules refer to a result by its key."
      addLabel="Add a result"
      itemName={(n) => `Result ${n}`}
      make={(): ResultDescription => ({ key: 'score', name: 'Final score', resultType: 'Percent', valueMin: '0', valueMax: '100' })}
      {...props}
      render={(r, set) => (
        <>
          <TextField label="Key" hint="Lowercase, used by rules and cohort files." required value={r.key} onValue={(key) => set({ ...r, key })} />
          <TextField label="Name" required value={r.name} onValue={(name) => set({ ...r, name })} />
          <SelectField<ResultDescription['resultType']> label="Type" value={r.resultType} onValue={(resultType) => set({ ...r, resultType })} options={RESULT_TYPES} />
          <TextField label="Lowest value" value={r.valueMin ?? ''} onValue={(v) => set({ ...r, valueMin: v || undefined })} />
          <TextField label="Highest value" value={r.valueMax ?? ''} onValue={(v) => set({ ...r, valueMax: v || undefined })} />
        </>
      )}
    />
  );
}

/** A list of evidence rules: the achievement's own, or (with its own legend and labels) what a renewal needs. */
function Rules(props: { items: Rule[]; disabled: boolean; onChange(r: Rule[]): void; legend?: string; hint?: string; addLabel?: string }) {
  const [kind, setKind] = useState<Rule['kind']>('minimumScore');
  return (
    <fieldset disabled={props.disabled}>
      <legend>{props.legend ?? 'Evidence rules'}</legend>
      <p class="hint">{props.hint ?? 'Every request is checked against each rule; the approver sees each result.'}</p>
      {props.items.map((rule, i) => (
        <div class="list-item" key={i} role="group" aria-label={`Rule ${i + 1}: ${RULE_LABELS[rule.kind]}`}>
          <p>
            <strong>{RULE_LABELS[rule.kind]}</strong>: {ruleText(rule)}
          </p>
          <RuleFields rule={rule} onChange={(r) => props.onChange(props.items.map((x, j) => (j === i ? r : x)))} />
          <button type="button" onClick={() => props.onChange(props.items.filter((_, j) => j !== i))}>
            Remove rule {i + 1}
          </button>
        </div>
      ))}
      <div class="inline">
        <SelectField<Rule['kind']> label={props.addLabel ?? 'Rule to add'} value={kind} onValue={setKind} options={(Object.keys(RULE_LABELS) as Rule['kind'][]).map((k) => ({ value: k, label: RULE_LABELS[k] }))} />
        <button type="button" onClick={() => props.onChange([...props.items, newRule(kind)])}>
          Add rule
        </button>
      </div>
    </fieldset>
  );
}

function RuleFields({ rule, onChange }: { rule: Rule; onChange(r: Rule): void }) {
  switch (rule.kind) {
    case 'minimumScore':
      return (
        <>
          <TextField label="Result key" value={rule.resultKey} onValue={(resultKey) => onChange({ ...rule, resultKey })} />
          <TextField label="Minimum" type="number" value={String(rule.minimum)} onValue={(v) => onChange({ ...rule, minimum: Number(v) })} />
        </>
      );
    case 'completionWindow':
      return (
        <>
          <TextField label="From" type="date" value={rule.from ?? ''} onValue={(v) => onChange({ ...rule, from: v || undefined })} />
          <TextField label="Until" type="date" value={rule.until ?? ''} onValue={(v) => onChange({ ...rule, until: v || undefined })} />
        </>
      );
    case 'minimumAttendance':
      return <TextField label="Minimum attendance (%)" type="number" value={String(rule.percent)} onValue={(v) => onChange({ ...rule, percent: Number(v) })} />;
    case 'uploadedFile':
      return <TextField label="Files at least" type="number" value={String(rule.minFiles ?? 1)} onValue={(v) => onChange({ ...rule, minFiles: Number(v) })} />;
    case 'minimumCredits':
      return <TextField label="Credits at least" type="number" value={String(rule.minimum)} onValue={(v) => onChange({ ...rule, minimum: Number(v) })} />;
    default:
      return null;
  }
}

function ApprovalPolicy({ value, disabled, deadlineError, onChange, legend = 'Approval', name = 'approval-mode' }: { value: Approval; disabled: boolean; deadlineError?: string | undefined; onChange(a: Approval): void; legend?: string; name?: string }) {
  const roles = value.mode === 'chain' ? value.roles : [];
  const deadline = value.mode === 'auto' ? undefined : value.deadlineHours;
  const withDeadline = (a: Approval): Approval => (a.mode === 'auto' || deadline === undefined ? a : { ...a, deadlineHours: deadline });
  return (
    <fieldset disabled={disabled}>
      <legend>{legend}</legend>
      <div class="radios" role="radiogroup" aria-label="Who decides">
        {(
          [
            ['auto', 'Automatic: issue when every rule passes'],
            ['single', 'One approval'],
            ['chain', 'A chain of approvals, in order'],
          ] as const
        ).map(([mode, label]) => (
          <label key={mode}>
            <input
              type="radio"
              name={name}
              checked={value.mode === mode}
              onChange={() => onChange(withDeadline(mode === 'auto' ? { mode } : mode === 'single' ? { mode, role: 'approver' } : { mode, roles: ['assessor', 'programme-lead'] }))}
            />{' '}
            {label}
          </label>
        ))}
      </div>
      {value.mode === 'single' && <TextField label="Approver role" hint="A staff group, such as approver or assessor." value={value.role ?? 'approver'} onValue={(role) => onChange(withDeadline({ mode: 'single', role }))} />}
      {value.mode === 'chain' && (
        <TextField
          label="Roles, in order"
          hint="Separated by commas: each role approves in turn (two to six, each once)."
          value={roles.join(', ')}
          onValue={(v) => onChange(withDeadline({ mode: 'chain', roles: v.split(',').map((r) => r.trim()).filter(Boolean) }))}
        />
      )}
      {value.mode !== 'auto' && (
        <TextField
          label="Days each step may wait"
          type="number"
          inputMode="numeric"
          hint="1 to 60. A step nobody decides in time expires, and the request with it. Empty: the deployment's deadline."
          error={deadlineError}
          value={deadline === undefined ? '' : String(deadline / 24)}
          onValue={(v) => {
            const { deadlineHours: _, ...rest } = value;
            onChange(v.trim() === '' ? rest : { ...rest, deadlineHours: Math.round(Number(v) * 24) });
          }}
        />
      )}
      {value.mode === 'auto' && <p class="hint">An exception, when one is asked for, waits for an approver until the deployment's approval deadline.</p>}
    </fieldset>
  );
}

/**
 * When credentials expire, and the reminders sent before. The chosen kind of validity is its own
 * control, not read off the fields: "a number of days" with the number still empty stays chosen.
 */
function Validity({ draft, saved, disabled, error, onChange }: { draft: AchievementInput; saved?: Achievement | undefined; disabled: boolean; error: unknown; onChange(patch: Partial<AchievementInput>): void }) {
  const [mode, setMode] = useState<ValidityMode>(() => validityMode(draft));
  const [days, setDays] = useState(() => draft.reminders?.daysBefore.join(', ') ?? '');
  // A change sends only what changed, and the API keeps what it is not sent: a saved validity or
  // saved reminders can be replaced here, not removed, so the form does not offer what would not happen.
  const savedValidity = saved ? validityMode(saved) !== 'none' : false;
  const savedReminders = saved?.reminders !== undefined;
  const choose = (m: ValidityMode) => {
    setMode(m);
    onChange({ validityDays: m === 'days' ? draft.validityDays : undefined, validUntilDate: m === 'date' ? draft.validUntilDate : undefined });
  };
  const typed = parseDays(days);
  return (
    <fieldset disabled={disabled}>
      <legend>Validity and reminders</legend>
      <Radios<ValidityMode>
        legend="Credentials expire"
        value={mode}
        onValue={choose}
        hint={savedValidity ? 'A saved validity can be changed to the other kind, but not removed.' : undefined}
        options={[
          { value: 'none', label: 'Never', disabled: savedValidity },
          { value: 'days', label: 'A number of days after each is issued (or renewed)' },
          { value: 'date', label: 'On a fixed date, whenever issued' },
        ]}
      />
      {mode === 'days' && (
        <TextField
          label="Valid for (days)"
          hint="1 to 36500."
          type="number"
          inputMode="numeric"
          required
          value={draft.validityDays === undefined ? '' : String(draft.validityDays)}
          error={fieldError(error, 'validityDays')}
          onValue={(v) => onChange({ validityDays: v === '' ? undefined : Number(v) })}
        />
      )}
      {mode === 'date' && (
        <TextField
          label="Valid until"
          hint="Every credential expires at the end of this day (UTC)."
          type="date"
          required
          value={dayOf(draft.validUntilDate)}
          error={fieldError(error, 'validUntilDate')}
          onValue={(v) => onChange({ validUntilDate: v === '' ? undefined : endOfDay(v) })}
        />
      )}
      <TextField
        label="Remind the learner (days before expiry)"
        hint={
          <>
            Separated by commas, for example 90, 30, 7, 0 (0 is the day it expires). Up to six, each once, 0 to 730. Each is emailed once, with a link to renew.
            {savedReminders ? ' Saved reminders can be changed, not removed.' : ' Empty: no reminders.'}
            {typed.length > 0 && typed.every((d) => Number.isInteger(d)) ? ` Reads as: ${remindersText(typed)}.` : ''}
          </>
        }
        inputMode="numeric"
        value={days}
        error={fieldErrorUnder(error, 'reminders')}
        onValue={(v) => {
          setDays(v);
          const list = parseDays(v);
          onChange({ reminders: list.length ? { daysBefore: list } : undefined });
        }}
      />
    </fieldset>
  );
}

const RENEWAL_DEFAULTS: Renewal = { rules: [], validFrom: 'previousExpiry', opensDaysBefore: 90, graceDays: 0 };

/**
 * Recertification: whether a credential can be renewed, what renewing needs (its own evidence
 * rules), who decides it, when it may be asked for and from when the renewed one runs.
 */
function RenewalPolicy({ value, saved, disabled, error, onChange }: { value: Renewal | undefined; saved: boolean; disabled: boolean; error: unknown; onChange(r: Renewal | undefined): void }) {
  const problem = fieldError(error, 'renewal');
  const set = (patch: Partial<Renewal>) => onChange({ ...(value ?? RENEWAL_DEFAULTS), ...patch });
  // An emptied number is sent as it is (NaN, null in JSON): the API names the field, rather than a default creeping back in.
  const number = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  const shown = (n: number) => (Number.isNaN(n) ? '' : String(n));
  return (
    <fieldset disabled={disabled}>
      <legend>Renewal</legend>
      <p class="hint">Whether a learner (from their claim page) or staff can renew a credential before it lapses, instead of earning it again. Needs a validity in days.</p>
      {/* A saved policy can be changed but not removed: the API keeps what a change does not send. */}
      <Checkbox label="Credentials can be renewed" checked={value !== undefined} onValue={(on) => onChange(on ? value ?? RENEWAL_DEFAULTS : saved ? value : undefined)} hint={saved ? 'A saved renewal policy can be changed, not removed.' : undefined} />
      {/* Also listed in the form's alert, which is what announces it. */}
      {problem && <p class="field-error">{problem}</p>}
      {value && (
        <>
          <Rules
            legend="What renewing needs"
            hint="Each renewal request is checked against these rules: continuing education credits, an attestation, a new assessment score, uploaded evidence."
            addLabel="Renewal rule to add"
            items={value.rules ?? []}
            disabled={disabled}
            onChange={(rules) => set({ rules })}
          />
          <Checkbox
            label="Renewals have their own approval"
            hint="Otherwise a renewal is decided as the achievement is."
            checked={value.approval !== undefined}
            onValue={(own) => {
              const { approval: _, ...rest } = value;
              onChange(own ? { ...rest, approval: { mode: 'single', role: 'approver' } } : rest);
            }}
          />
          {value.approval && (
            <ApprovalPolicy legend="Who approves a renewal" name="renewal-approval-mode" value={value.approval} disabled={disabled} deadlineError={fieldError(error, 'renewal.approval.deadlineHours')} onChange={(approval) => set({ approval })} />
          )}
          <Radios<NonNullable<Renewal['validFrom']>>
            legend="The renewed credential is valid from"
            value={value.validFrom ?? 'previousExpiry'}
            onValue={(validFrom) => set({ validFrom })}
            options={[
              { value: 'previousExpiry', label: 'The old one’s expiry (renewing early loses nothing)' },
              { value: 'decision', label: 'The day the renewal is decided' },
            ]}
          />
          <TextField
            label="Can be renewed from (days before expiry)"
            hint="1 to 730."
            type="number"
            inputMode="numeric"
            value={shown(value.opensDaysBefore ?? 90)}
            error={fieldError(error, 'renewal.opensDaysBefore')}
            onValue={(v) => set({ opensDaysBefore: number(v) })}
          />
          <TextField
            label="Grace period after expiry (days)"
            hint="0 to 730. 0: not after it has expired."
            type="number"
            inputMode="numeric"
            value={shown(value.graceDays ?? 0)}
            error={fieldError(error, 'renewal.graceDays')}
            onValue={(v) => set({ graceDays: number(v) })}
          />
        </>
      )}
    </fieldset>
  );
}
