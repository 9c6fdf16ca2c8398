import type { AdminClient } from './admin-client';
import { callClock } from './clock';

/**
 * The demo's credentials that live (issue #20), on the local cloud's clock: a pathway that awards
 * the bigger credential by itself, a reminder before an expiry, and a renewal. The clock is first
 * set 40 days back, so everything is issued in the past and nothing is signed with a `validFrom`
 * in the real future; moving it on fires the daily reminder sweep as EventBridge Scheduler would.
 */
export interface LifecycleDemo {
  staff: AdminClient;
  approver: AdminClient;
  outputs: { PublicApiUrl: string; MailboxUrl: string; EventsUrl: string; ClockUrl: string };
  log: (line: string) => void;
}

const DAY = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function define(staff: AdminClient, body: Record<string, unknown>) {
  const res = await staff.request('POST', '/achievements', body);
  if (res.status !== 201) throw new Error(`defining ${String(body.id)} failed: ${JSON.stringify(res.body)}`);
}

async function issue(staff: AdminClient, achievementId: string, learner: { email: string; name: string }) {
  const { status, body } = await staff.request('POST', '/issuances', { achievementId, recipient: { ...learner, publishName: true } });
  if (status !== 202) throw new Error(`requesting ${achievementId} failed: ${JSON.stringify(body)}`);
  const done = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
  if (done.status !== 'ISSUED') throw new Error(`${achievementId} ended ${done.status}`);
  return done as { id: string; credentialId: string };
}

export async function demoCredentialLifecycle({ staff, approver, outputs, log }: LifecycleDemo): Promise<void> {
  const clock = (body: unknown) => callClock(outputs.ClockUrl, 'POST', '/clock', body);
  const events = async () => (await (await fetch(outputs.EventsUrl)).json()) as { 'detail-type': string; detail: Record<string, any> }[];
  const mail = async () => ((await (await fetch(`${outputs.MailboxUrl}/store`)).json()) as { emails: { subject: string; destination: { to: string[] }; body: { text?: string } }[] }).emails;
  const learner = { email: 'grace.hopper@example.org', name: 'Grace Hopper' };
  const set = await clock({ set: '-40d' });
  log(`  the local clock is set to ${day(set.now)} (40 days back: npm run clock -- set -40d)`);

  // A pathway: first aid and fire safety, in any order, award "Workplace safety lead".
  const auto = { approval: { mode: 'auto' } };
  await define(staff, {
    id: 'first-aid',
    kind: 'assessment',
    name: 'First aid at work',
    description: 'Emergency first aid in the workplace.',
    criteria: 'Passed the practical assessment.',
    validityDays: 30,
    reminders: { daysBefore: [14, 7, 0] },
    renewal: { rules: [{ kind: 'minimumCredits', minimum: 6 }, { kind: 'evidenceUrl' }], approval: { mode: 'single', role: 'approver' }, validFrom: 'previousExpiry', opensDaysBefore: 30, graceDays: 14 },
    ...auto,
  });
  await define(staff, { id: 'fire-safety', kind: 'course', name: 'Fire safety', description: 'Fire prevention and evacuation.', criteria: 'Completed the course.', ...auto });
  await define(staff, { id: 'safety-lead', kind: 'microcredential', name: 'Workplace safety lead', description: 'Leads safety at work.', criteria: 'Holds first aid and fire safety.', ...auto });
  const pathway = await staff.request('POST', '/pathways', {
    id: 'workplace-safety',
    name: 'Workplace safety',
    targetAchievementId: 'safety-lead',
    requirements: [{ kind: 'all', achievementIds: ['first-aid', 'fire-safety'] }],
    onRevoke: 'suspend',
  });
  if (pathway.status !== 201) throw new Error(`defining the pathway failed: ${JSON.stringify(pathway.body)}`);
  log('  a designer defines the pathway "Workplace safety": all of {First aid at work (valid 30 days, reminders 14 and 7 days before and on the day), Fire safety} → "Workplace safety lead"');

  const firstAid = await issue(staff, 'first-aid', learner);
  log(`  First aid at work issued to ${learner.name}: ${outputs.PublicApiUrl}/credentials/${firstAid.credentialId}`);
  const progressed = await waitFor('PathwayProgressed', async () => (await events()).find((e) => e['detail-type'] === 'PathwayProgressed' && e.detail.credentialId === firstAid.credentialId)?.detail);
  log(`  PathwayProgressed: ${progressed.counted} of ${progressed.required} toward "Workplace safety lead"`);
  const fire = await issue(staff, 'fire-safety', learner);
  log(`  Fire safety issued: ${outputs.PublicApiUrl}/credentials/${fire.credentialId}`);
  const completed = await waitFor('PathwayCompleted', async () => (await events()).find((e) => e['detail-type'] === 'PathwayCompleted' && e.detail.pathwayId === 'workplace-safety')?.detail);
  const award = await waitFor('the pathway award', async () => {
    const i = (await staff.request('GET', `/issuances/${completed.issuanceId}`)).body;
    return ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status) ? i : undefined;
  });
  if (award.status !== 'ISSUED') throw new Error(`the pathway award ended ${award.status}`);
  const lead: any = await (await fetch(`${outputs.PublicApiUrl}/credentials/${award.credentialId}`)).json();
  log(`  PathwayCompleted → "Workplace safety lead" awarded by itself, once: ${outputs.PublicApiUrl}/credentials/${award.credentialId}`);
  log(`    its evidence: ${(lead.evidence as { id?: string }[]).map((e) => e.id).filter(Boolean).join(', ')}`);

  // 17 days on: the 14-day reminder falls due, and the daily sweep sends it.
  const moved = await clock({ advance: '17d' });
  log(`  the clock moves 17 days (npm run clock -- advance 17d): ${moved.fired.map((f: { schedule: string; result?: unknown }) => `${f.schedule} fired ${JSON.stringify(f.result)}`).join('; ')}`);
  const reminder = (await mail()).filter((m) => m.destination.to.includes(learner.email) && /expires on/.test(m.subject)).at(-1);
  if (!reminder) throw new Error('no reminder was emailed');
  log(`  reminder to ${learner.email}: "${reminder.subject}"`);
  const expiring = (await events()).find((e) => e['detail-type'] === 'CredentialExpiring' && e.detail.credentialId === firstAid.credentialId)?.detail;
  log(`  CredentialExpiring: ${expiring?.daysBefore} days before ${expiring?.validUntil}`);

  // Renewal: continuing education credits and a CPD log, approved by an approver.
  const renewal = await staff.request('POST', `/credentials/${firstAid.credentialId}/renewals`, { creditsEarned: 8, evidence: [{ id: 'https://cpd.example.org/grace-hopper', name: 'CPD log' }] });
  if (renewal.status !== 202) throw new Error(`renewing failed: ${JSON.stringify(renewal.body)}`);
  await staff.waitForIssuance(renewal.body.id, (i) => i.status === 'AWAITING_APPROVAL');
  await approver.request('POST', `/issuances/${renewal.body.id}/approve`, { comment: '8 CPD credits logged.' });
  const renewed = await staff.waitForIssuance(renewal.body.id, (i) => ['ISSUED', 'FAILED'].includes(i.status));
  if (renewed.status !== 'ISSUED') throw new Error(`the renewal ended ${renewed.status}`);
  const [before, after]: any[] = await Promise.all([firstAid.credentialId, renewed.credentialId].map(async (id) => (await fetch(`${outputs.PublicApiUrl}/credentials/${id}`)).json()));
  log(`  renewed (rules: 6 credits and evidence; one approver): ${outputs.PublicApiUrl}/credentials/${renewed.credentialId}`);
  log(`    valid until ${day(after.validUntil)}: 30 days from the old expiry, ${day(before.validUntil)} (+${(Date.parse(after.validUntil) - Date.parse(before.validUntil)) / DAY} days); the old one is superseded, not revoked`);
  await clock({ reset: true });
  log('  the clock is back at the real time (npm run clock -- reset)');
}
