import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';

/**
 * `npx laurel …` — the admin API from a terminal: sign in, define achievements from JSON or
 * YAML, issue to one learner or a cohort file (with a progress bar), work through approvals,
 * revoke, export reports. It finds the API in the outputs
 * file of `npm start` (.local/outputs.json) or `cdk deploy --outputs-file cdk-outputs.json`.
 */
const HELP = `laurel — the Laurel admin API from a terminal

  laurel login --token JWT                          use a token you already have
  laurel login --client-id ID --client-secret S     a machine client (client credentials) [--scope "laurel/issuer"]
  laurel login --user NAME --groups issuer,approver local cloud only: a token for a staff member
  laurel whoami

  laurel achievements create --file achievement.yaml|json
  laurel achievements list [--status active|archived|all]
  laurel achievements get ID

  laurel issue --achievement ID --email E [--name N] [--result key=value …] [--cohort C] [--campus C] [--programme P] [--wait]
  laurel issuances list [--status S] [--achievement ID] [--cohort C] [--from D] [--to D]
  laurel issuances get ID [--wait]

  laurel approvals list [--role approver]
  laurel approve ISSUANCE_ID [--comment TEXT]
  laurel reject ISSUANCE_ID --reason TEXT

  laurel batch template ACHIEVEMENT_ID [--out FILE.csv]
  laurel batch submit --achievement ID --file cohort.csv|.jsonl [--cohort INTAKE] [--programme P] [--campus C] [--issue-valid] [--wait]
  laurel batch get BATCH_ID [--wait]                progress: counts, rate, ETA (--wait draws a bar until it ends or waits for a person)
  laurel batch start|retry-failed BATCH_ID [--wait]
  laurel batch cancel BATCH_ID [--reason TEXT]
  laurel batch approve BATCH_ID [--comment TEXT] · laurel batch reject BATCH_ID --reason TEXT
  laurel batch report BATCH_ID [--out FILE.csv]     every row's outcome, reason and credential URL

  laurel revoke CREDENTIAL_ID --reason TEXT
  laurel erase-learner --email E|--student-id S --reason TEXT   erase a learner's personal data (admin); goes on until done
  laurel erase-learner --continue ERASURE_ID        go on with a RUNNING erasure · laurel erase-learner --get ERASURE_ID
  laurel report [issuances|approval-turnaround|deliveries] --from DATE [--to DATE] [--group-by achievement,month] [--out FILE.csv]

  laurel export-static --out DIR [--public-api URL] [--concurrency N]   the final export: a static site (auditor role)

  laurel rekey-learners [--table NAME --learner-key ARN|ALIAS --region R] [--segments N] [--concurrency N]
                                                    operators, once after upgrading: moves the learner index and holdings
                                                    from SHA-256 keys to the learner-index HMAC key (safe to run again).
                                                    Your AWS credentials, not a token: dynamodb:Scan, BatchGetItem and
                                                    TransactWriteItems on the table, kms:GenerateMac on the key
                                                    (default alias/Laurel/learner-index). Without --table: the local cloud.

Options: --outputs FILE (default .local/outputs.json, else cdk-outputs.json) · --api URL · --json
Environment: LAUREL_HOME (default ~/.config/laurel) keeps the token.`;

class UsageError extends Error {
  override name = 'UsageError';
}

interface Session {
  apiUrl: string;
  token: string;
  expiresAt?: number;
}

const home = () => process.env.LAUREL_HOME ?? path.join(homedir(), '.config', 'laurel');
const sessionFile = () => path.join(home(), 'session.json');

function loadOutputs(file: string | undefined): { file: string; outputs: Record<string, string> } {
  const candidates = file ? [file] : ['.local/outputs.json', 'cdk-outputs.json'];
  for (const f of candidates) {
    if (!existsSync(f)) continue;
    const json = JSON.parse(readFileSync(f, 'utf8')) as Record<string, Record<string, string>>;
    // { <stack>: { AdminApiUrl, … } } — as cdk deploy --outputs-file writes it
    const stack = Object.values(json).find((o) => typeof o === 'object' && o && 'AdminApiUrl' in o);
    if (stack) return { file: f, outputs: stack };
  }
  throw new UsageError(`No outputs file with AdminApiUrl (looked for ${candidates.join(', ')}). Run \`npm start\`, or pass --outputs / --api.`);
}

function saveSession(s: Session) {
  mkdirSync(home(), { recursive: true, mode: 0o700 });
  writeFileSync(sessionFile(), JSON.stringify(s, null, 2), { mode: 0o600 });
}

function loadSession(api?: string): Session {
  if (!existsSync(sessionFile())) throw new UsageError('Not signed in: run `laurel login` first.');
  const s = JSON.parse(readFileSync(sessionFile(), 'utf8')) as Session;
  if (s.expiresAt && s.expiresAt * 1000 < Date.now()) throw new UsageError('The token has expired: run `laurel login` again.');
  return api ? { ...s, apiUrl: api } : s;
}

const claimsOf = (token: string) => {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new UsageError('That is not a JWT.');
  }
};

/** A problem+json answer, told as a person would want it. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; errors?: { path: string; message: string }[]; message?: string },
  ) {
    const lines = [`${status} ${problem.title ?? problem.message ?? ''}${problem.detail ? `: ${problem.detail}` : ''}`];
    for (const e of problem.errors ?? []) lines.push(`  ${e.path}: ${e.message}`);
    super(lines.join('\n'));
  }
}

async function call<T = any>(session: Session, method: string, route: string, body?: unknown, accept?: string): Promise<{ body: T; text: string; headers: Headers }> {
  let res = await fetch(`${session.apiUrl.replace(/\/$/, '')}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${session.token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(accept ? { accept } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    redirect: 'manual',
  });
  // A large answer (a batch report) is a 303 to a presigned URL, which carries no token.
  if (res.status === 303) res = await fetch(res.headers.get('location')!);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!res.ok) throw new ApiError(res.status, (parsed as ApiError['problem']) ?? { title: res.statusText });
  return { body: parsed as T, text, headers: res.headers };
}

/** A one-line progress display on stderr (a spinner on a terminal, plain lines otherwise). */
function progress() {
  const tty = process.stderr.isTTY;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let n = 0;
  let last = '';
  const started = Date.now();
  return {
    update(text: string) {
      const line = `${tty ? `${frames[n++ % frames.length]} ` : ''}${text} (${((Date.now() - started) / 1000).toFixed(1)} s)`;
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
      else if (text !== last) process.stderr.write(`${line}\n`);
      last = text;
    },
    done(text: string) {
      if (tty) process.stderr.write('\r\x1b[K');
      process.stderr.write(`${text} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    },
  };
}

const FINAL = new Set(['ISSUED', 'REJECTED', 'FAILED', 'EXPIRED', 'CANCELLED']);
const STEPS = ['REQUESTED', 'AWAITING_APPROVAL', 'APPROVED', 'SIGNED', 'STORED', 'DELIVERED', 'ISSUED'];

/** Follows an issuance through the workflow; returns when it ends or waits for a person. */
async function follow(session: Session, id: string, timeoutMs = 120_000) {
  const bar = progress();
  const started = Date.now();
  for (;;) {
    const { body } = await call(session, 'GET', `/issuances/${id}`);
    const at = Math.max(0, STEPS.indexOf(body.status));
    bar.update(`${body.status.padEnd(17)} [${'#'.repeat(at + 1).padEnd(STEPS.length, '.')}]`);
    if (FINAL.has(body.status) || body.status === 'AWAITING_APPROVAL') {
      bar.done(body.status === 'AWAITING_APPROVAL' ? `waiting for the role '${body.approval?.role}' to approve` : `${body.status}`);
      return body;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`still ${body.status} after ${timeoutMs / 1000} s; follow it with \`laurel issuances get ${id} --wait\``);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts an erasure (or takes up `id`) and continues it while it waits for issuances being issued
 * or has cohort files left to search: every 10 s, for up to 10 minutes.
 */
async function eraseUntilDone(session: Session, id: string | undefined, request: { email?: string; studentId?: string; reason: string }, timeoutMs = 600_000) {
  const bar = progress();
  const started = Date.now();
  if (!id && !request.email && !request.studentId) throw new UsageError('give --email, --student-id, or both (see laurel --help).');
  let { body } = id ? await call(session, 'POST', `/learners/erasures/${encodeURIComponent(id)}/continue`) : await call(session, 'POST', '/learners/erasures', request);
  while (body.status === 'RUNNING' && Date.now() - started < timeoutMs) {
    bar.update(`erasure ${body.id}: ${body.counts.issuances} issuances erased, ${body.counts.batchesScanned} cohorts searched; waiting for ${body.waitingFor.issuances.length} issuances, ${body.waitingFor.batches.length} cohorts`);
    await new Promise((r) => setTimeout(r, 10_000));
    ({ body } = await call(session, 'POST', `/learners/erasures/${encodeURIComponent(body.id)}/continue`));
  }
  bar.done(body.status === 'COMPLETED' ? `erasure ${body.id} completed` : `erasure ${body.id} still running: laurel erase-learner --continue ${body.id}`);
  return body;
}

/** What an erasure did and could not do, for a person. */
function erasureSummary(e: any) {
  const c = e.counts;
  return [
    `erasure ${e.id} ${e.status}`,
    `  issuances erased ${c.issuances} (${c.cancelled} cancelled first), completions erased ${c.completions ?? 0}, learner index entries ${c.indexEntries}, sealed audit details ${c.auditDetails}`,
    `  evidence file versions destroyed ${c.evidenceVersions}, cohorts searched ${c.batchesScanned} (${c.batchesChanged} named the learner), cohort file versions destroyed ${c.fileVersionsDestroyed}`,
    ...(e.namedCredentials.length ? [`  the learner's name is inside ${e.namedCredentials.length} signed credential(s) (${e.namedCredentials.join(', ')}): revoke them if they want it gone`] : []),
    ...(e.status === 'RUNNING' ? [`  waiting for issuances ${e.waitingFor.issuances.join(', ') || '-'}, cohorts ${e.waitingFor.batches.join(', ') || '-'}`] : []),
  ].join('\n');
}

/** Where a batch stands, in one line: counts, rate and ETA as the API gives them. */
function batchLine(b: any) {
  const p = b.progress;
  if (!b.validation) return `${p.phase}: every row is checked before anything is issued`;
  const { valid, invalid } = b.validation;
  const skipped = p.skipped - invalid; // the API's skipped includes the invalid rows
  const width = 20;
  const filled = Math.round((Math.min(100, p.percent) / 100) * width);
  const parts = [
    `${p.issued}/${valid} issued`,
    p.failed ? `${p.failed} failed` : '',
    skipped ? `${skipped} skipped` : '',
    invalid ? `${invalid} invalid` : '',
    p.emailsPending ? `${p.emailsPending} emails pending` : p.delivered ? `${p.delivered} delivered` : '',
    p.ratePerSecond ? `${p.ratePerSecond}/s` : '',
    p.etaSeconds ? `ETA ${p.etaSeconds} s` : '',
  ].filter(Boolean);
  return `${p.phase.padEnd(22)} [${'#'.repeat(filled).padEnd(width, '.')}] ${String(p.percent).padStart(5)}%  ${parts.join(' · ')}`;
}

/** What a batch waits for, or how it ended, said with the next command to run. */
function batchOutcome(b: any) {
  const v = b.validation;
  switch (b.status) {
    case 'NEEDS_DECISION':
      return `needs a decision: ${v.valid} valid, ${v.invalid} invalid rows (first: line ${v.problems[0]?.line}: ${v.problems[0]?.problem}). Issue the valid ones with \`laurel batch start ${b.id}\`, or cancel and fix the file.`;
    case 'AWAITING_APPROVAL':
      return `waiting for the role '${b.waitingFor?.role}' to approve: \`laurel batch approve ${b.id}\``;
    case 'COMPLETED':
      return `${b.progress.phase}: ${b.progress.issued} issued, ${b.progress.delivered} delivered, ${b.progress.failed} failed, ${b.progress.skipped - b.validation.invalid} skipped, ${b.validation.invalid} invalid${b.progress.failed ? ` — \`laurel batch report ${b.id}\` says why; \`laurel batch retry-failed ${b.id}\` runs them again` : ''}`;
    case 'FAILED':
      return `failed: ${b.failure?.error ?? ''} ${b.failure?.cause ?? ''}`.trimEnd() + (b.startedAt ? ` — \`laurel batch retry-failed ${b.id}\` runs the rows not issued` : '');
    default:
      return b.status.toLowerCase().replace(/_/g, ' ');
  }
}

const BATCH_PAUSED = new Set(['NEEDS_DECISION', 'AWAITING_APPROVAL', 'INVALID', 'REJECTED', 'CANCELLED', 'EXPIRED', 'FAILED']);

/** Follows a batch with a progress bar until it is done (emails sent) or waits for a person. */
async function followBatch(session: Session, id: string) {
  const bar = progress();
  for (;;) {
    const { body } = await call(session, 'GET', `/batches/${encodeURIComponent(id)}`);
    if (BATCH_PAUSED.has(body.status) || body.progress.phase === 'done') {
      bar.done(batchOutcome(body));
      return body;
    }
    bar.update(batchLine(body));
    await new Promise((r) => setTimeout(r, 500));
  }
}

function table(rows: Record<string, unknown>[], columns: string[]) {
  if (!rows.length) return '(none)';
  const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const widths = columns.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))));
  const line = (vals: string[]) => vals.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

function readDefinition(file: string): unknown {
  if (!existsSync(file)) throw new UsageError(`No file ${file}.`);
  const text = readFileSync(file, 'utf8');
  return /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      outputs: { type: 'string' },
      api: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      token: { type: 'string' },
      user: { type: 'string' },
      groups: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      scope: { type: 'string' },
      file: { type: 'string' },
      status: { type: 'string' },
      achievement: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      cohort: { type: 'string' },
      campus: { type: 'string' },
      programme: { type: 'string' },
      result: { type: 'string', multiple: true },
      wait: { type: 'boolean', default: false },
      role: { type: 'string' },
      comment: { type: 'string' },
      reason: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'group-by': { type: 'string' },
      out: { type: 'string' },
      'issue-valid': { type: 'boolean', default: false },
      'public-api': { type: 'string' },
      table: { type: 'string' },
      'learner-key': { type: 'string' },
      region: { type: 'string' },
      segments: { type: 'string' },
      concurrency: { type: 'string' },
      'student-id': { type: 'string' },
      continue: { type: 'string' },
      get: { type: 'string' },
    },
  });
  const [command, sub, arg] = positionals;
  if (o.help || !command) {
    out(HELP);
    return command ? 0 : 2;
  }
  const need = (v: string | undefined, flag: string) => {
    if (!v) throw new UsageError(`${flag} is required (see laurel --help).`);
    return v;
  };
  const print = (value: unknown, columns?: string[]) =>
    out(o.json || !columns ? JSON.stringify(value, null, 2) : table((value as { items: Record<string, unknown>[] }).items, columns));

  if (command === 'login') {
    const apiUrl = o.api ?? loadOutputs(o.outputs).outputs.AdminApiUrl!;
    let token: string;
    if (o.token) token = o.token;
    else if (o['client-id']) {
      const { outputs } = loadOutputs(o.outputs);
      const res = await fetch(need(outputs.TokenUrl, 'TokenUrl in the outputs'), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${o['client-id']}:${need(o['client-secret'], '--client-secret')}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...(o.scope ? { scope: o.scope } : {}) }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string };
      if (!res.ok || !body.access_token) throw new UsageError(`The token endpoint refused: ${body.error ?? res.status}`);
      token = body.access_token;
    } else if (o.user) {
      // Only the local cloud's identity provider lets anyone mint a token; in AWS, sign in with Cognito.
      const { file } = loadOutputs(o.outputs);
      const identityFile = path.join(path.dirname(file), 'identity.json');
      if (!existsSync(identityFile)) throw new UsageError('--user works against the local cloud only; in AWS use --token or --client-id.');
      const { mintToken } = await import('../local/identity-provider');
      token = await mintToken(JSON.parse(readFileSync(identityFile, 'utf8')), o.user, (o.groups ?? '').split(',').filter(Boolean));
    } else throw new UsageError('Give --token, --client-id/--client-secret, or (local cloud) --user/--groups.');
    const claims = claimsOf(token);
    saveSession({ apiUrl, token, ...(typeof claims.exp === 'number' ? { expiresAt: claims.exp } : {}) });
    out(`signed in to ${apiUrl} as ${claims['cognito:username'] ?? claims.client_id ?? claims.sub} (${[claims['cognito:groups'] ?? claims.scope ?? []].flat().join(', ')})`);
    return 0;
  }

  // An operator's task on the table itself, with AWS credentials: no staff session.
  if (command === 'rekey-learners') {
    const { formatRekeySummary, rekeyTarget, runRekey } = await import('./rekey-learners');
    const target = rekeyTarget(o, () => loadOutputs(o.outputs).outputs);
    const bar = progress();
    const summary = await runRekey(target, {
      ...(o.segments ? { segments: Number(o.segments) } : {}),
      ...(o.concurrency ? { concurrency: Number(o.concurrency) } : {}),
      progress: (s) => bar.update(`${s.issuances} issuances read, ${s.rekeyed} re-keyed`),
    });
    bar.done(`re-keyed ${target.tableName}`);
    out(o.json ? JSON.stringify(summary, null, 2) : formatRekeySummary(summary));
    return summary.conflicts.length ? 1 : 0;
  }

  const session = loadSession(o.api);
  switch (command) {
    case 'whoami': {
      const c = claimsOf(session.token);
      out(`${c['cognito:username'] ?? c.client_id ?? c.sub} at ${session.apiUrl}; roles: ${[c['cognito:groups'] ?? c.scope ?? []].flat().join(', ')}`);
      return 0;
    }
    case 'achievements': {
      if (sub === 'create') {
        const { body } = await call(session, 'POST', '/achievements', readDefinition(need(o.file, '--file')));
        if (o.json) print(body);
        else out(`created achievement ${body.id} (version ${body.version}): ${body.name}`);
        return 0;
      }
      if (sub === 'list') {
        const q = new URLSearchParams({ ...(o.status ? { status: o.status } : {}) });
        print((await call(session, 'GET', `/achievements?${q}`)).body, ['id', 'version', 'kind', 'name', 'lifecycle']);
        return 0;
      }
      if (sub === 'get') {
        print((await call(session, 'GET', `/achievements/${encodeURIComponent(need(arg, 'ID'))}`)).body);
        return 0;
      }
      break;
    }
    case 'issue': {
      const body = {
        achievementId: need(o.achievement, '--achievement'),
        recipient: { email: need(o.email, '--email'), ...(o.name ? { name: o.name } : {}) },
        ...(o.cohort ? { cohort: o.cohort } : {}),
        ...(o.campus ? { campus: o.campus } : {}),
        ...(o.programme ? { programme: o.programme } : {}),
        ...(o.result?.length
          ? {
              results: o.result.map((r) => {
                const [resultKey, value] = r.split('=');
                if (!resultKey || value === undefined) throw new UsageError(`--result takes key=value, not '${r}'.`);
                return { resultKey, value };
              }),
            }
          : {}),
      };
      const { body: issuance } = await call(session, 'POST', '/issuances', body);
      out(o.json ? JSON.stringify(issuance, null, 2) : `issuance ${issuance.id} ${issuance.status}`);
      if (o.wait) {
        const ended = await follow(session, issuance.id);
        if (ended.status === 'ISSUED') out(`credential ${ended.credentialId}`);
      }
      return 0;
    }
    case 'issuances': {
      if (sub === 'list') {
        const q = new URLSearchParams({
          ...(o.status ? { status: o.status } : {}),
          ...(o.achievement ? { achievementId: o.achievement } : {}),
          ...(o.cohort ? { cohort: o.cohort } : {}),
          ...(o.from ? { from: o.from } : {}),
          ...(o.to ? { to: o.to } : {}),
        });
        print((await call(session, 'GET', `/issuances?${q}`)).body, ['id', 'status', 'achievementId', 'cohort', 'requestedAt']);
        return 0;
      }
      if (sub === 'get') {
        const id = need(arg, 'ID');
        print(o.wait ? await follow(session, id) : (await call(session, 'GET', `/issuances/${encodeURIComponent(id)}`)).body);
        return 0;
      }
      break;
    }
    case 'approvals': {
      if (sub === 'list') {
        print((await call(session, 'GET', `/approvals?role=${encodeURIComponent(o.role ?? 'approver')}`)).body, ['issuanceId', 'achievementId', 'role', 'step', 'requestedBy', 'ageMinutes']);
        return 0;
      }
      break;
    }
    case 'approve':
    case 'reject': {
      const id = need(sub, 'ISSUANCE_ID');
      const body = command === 'approve' ? (o.comment ? { comment: o.comment } : {}) : { reason: need(o.reason, '--reason') };
      const { body: issuance } = await call(session, 'POST', `/issuances/${encodeURIComponent(id)}/${command}`, body);
      out(`issuance ${issuance.id} ${issuance.status}`);
      if (command === 'approve' && o.wait) await follow(session, id);
      return 0;
    }
    case 'batch': {
      const id = () => encodeURIComponent(need(arg, 'BATCH_ID'));
      const show = async (b: any) => {
        if (o.json) print(o.wait ? await followBatch(session, b.id) : b);
        else if (o.wait) await followBatch(session, b.id);
        else out(`batch ${b.id} ${b.status}: ${batchLine(b)}`);
      };
      switch (sub) {
        case 'template': {
          const { text: csv } = await call(session, 'GET', `/achievements/${encodeURIComponent(need(arg, 'ACHIEVEMENT_ID'))}/batch-template`, undefined, 'text/csv');
          if (o.out) {
            writeFileSync(o.out, csv);
            out(`wrote the template to ${o.out}`);
          } else out(csv.trimEnd());
          return 0;
        }
        case 'submit': {
          const file = need(o.file, '--file');
          if (!existsSync(file)) throw new UsageError(`No file ${file}.`);
          const bytes = readFileSync(file);
          const cohort = { ...(o.cohort ? { intake: o.cohort } : {}), ...(o.programme ? { programme: o.programme } : {}), ...(o.campus ? { campus: o.campus } : {}) };
          const { body: created } = await call(session, 'POST', '/batches', {
            achievementId: need(o.achievement, '--achievement'),
            ...(Object.keys(cohort).length ? { cohort } : {}),
            file: { name: path.basename(file), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') },
            ...(o['issue-valid'] ? { onInvalidRows: 'issue-valid' } : {}),
          });
          if (created.resubmitted) {
            // The same file for the same achievement: its batch, never a second issue.
            out(`already submitted: batch ${created.batch.id} ${created.batch.status}`);
            if (o.wait) await followBatch(session, created.batch.id);
            return 0;
          }
          const bar = progress();
          bar.update(`uploading ${path.basename(file)} (${bytes.length} bytes)`);
          const put = await fetch(created.upload.url, { method: 'PUT', headers: created.upload.headers, body: bytes });
          if (!put.ok) throw new Error(`the upload was refused: ${put.status} ${await put.text()}`);
          const { body: submitted } = await call(session, 'POST', `/batches/${encodeURIComponent(created.batch.id)}/submit`);
          bar.done(`uploaded; validating every row before anything is issued`);
          out(`batch ${submitted.id}`);
          if (o.wait) await show(submitted);
          return 0;
        }
        case 'get': {
          const { body } = await call(session, 'GET', `/batches/${id()}`);
          if (o.json && !o.wait) print(body);
          else if (o.wait) await show(body);
          else out(`batch ${body.id} ${body.status}: ${batchLine(body)}\n${batchOutcome(body)}`);
          return 0;
        }
        case 'start':
        case 'retry-failed':
        case 'cancel':
        case 'approve':
        case 'reject': {
          const body = sub === 'cancel' ? (o.reason ? { reason: o.reason } : {}) : sub === 'approve' ? (o.comment ? { comment: o.comment } : {}) : sub === 'reject' ? { reason: need(o.reason, '--reason') } : undefined;
          const { body: batch } = await call(session, 'POST', `/batches/${id()}/${sub}`, body);
          await show(batch);
          return 0;
        }
        case 'report': {
          const { text: csv } = await call(session, 'GET', `/batches/${id()}/report`, undefined, 'text/csv');
          if (o.out) {
            writeFileSync(o.out, csv);
            process.stderr.write(`wrote ${csv.trim().split(/\r?\n/).length - 1} rows to ${o.out}\n`);
          } else out(csv.trimEnd());
          return 0;
        }
      }
      break;
    }
    case 'revoke': {
      const id = need(sub, 'CREDENTIAL_ID');
      const { body } = await call(session, 'POST', `/credentials/${encodeURIComponent(id)}/revoke`, { reason: need(o.reason, '--reason') });
      out(`credential ${body.id} ${body.status}`);
      return 0;
    }
    case 'report': {
      const report = sub ?? 'issuances';
      const q = new URLSearchParams({ from: need(o.from, '--from'), ...(o.to ? { to: o.to } : {}), ...(o['group-by'] ? { groupBy: o['group-by'] } : {}) });
      const bar = progress();
      bar.update(`building the ${report} report`);
      if (o.out || !o.json) {
        const { text } = await call(session, 'GET', `/reports/${encodeURIComponent(report)}?${q}`, undefined, 'text/csv');
        if (o.out) {
          writeFileSync(o.out, text);
          bar.done(`wrote ${text.trim().split(/\r?\n/).length - 1} rows to ${o.out}`);
        } else {
          bar.done('done');
          out(text.trimEnd());
        }
      } else {
        const { body } = await call(session, 'GET', `/reports/${encodeURIComponent(report)}?${q}`);
        bar.done('done');
        print(body);
      }
      return 0;
    }
    case 'erase-learner': {
      if (o.get) {
        print((await call(session, 'GET', `/learners/erasures/${encodeURIComponent(o.get)}`)).body);
        return 0;
      }
      const erasure = await eraseUntilDone(session, o.continue, {
        ...(o.email ? { email: o.email } : {}),
        ...(o['student-id'] ? { studentId: o['student-id'] } : {}),
        reason: o.continue ? '' : need(o.reason, '--reason'),
      });
      out(o.json ? JSON.stringify(erasure, null, 2) : erasureSummary(erasure));
      return erasure.status === 'COMPLETED' ? 0 : 1;
    }
    case 'export-static': {
      const { exportStatic, formatSummary } = await import('./export-static');
      const publicApiUrl = o['public-api'] ?? need(loadOutputs(o.outputs).outputs.PublicApiUrl, '--public-api');
      const bar = progress();
      const summary = await exportStatic({ adminApiUrl: session.apiUrl, publicApiUrl, token: session.token, outDir: need(o.out, '--out'), concurrency: Number(o.concurrency ?? 8), progress: (line) => bar.update(line) });
      bar.done('exported');
      out(o.json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
      return 0;
    }
  }
  throw new UsageError(`Unknown command: ${positionals.join(' ')} (see laurel --help).`);
}

