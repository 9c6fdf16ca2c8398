import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../local/cloud';
import { localCloud, uniqueId } from '../support/cloud';

const cloud = localCloud();

/** The functions' stdout, where Powertools writes JSON logs and CloudWatch Embedded Metric Format. */
const functionLog = () =>
  readFileSync(path.join(PROJECT_ROOT, '.local/test/logs/functions.log'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, any>;
      } catch {
        return {};
      }
    });

describe('observability', () => {
  it('counts business events as CloudWatch metrics and logs JSON with the acting user, never the learner email', async () => {
    const staff = await cloud.as('olga.observer', ['designer', 'issuer']);
    const achievementId = uniqueId('obs');
    await staff.request('POST', '/achievements', { id: achievementId, kind: 'badge', name: 'Observed', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    const email = `${uniqueId('o')}@example.org`;
    const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email } });
    await staff.waitForIssuance(body.id, (i) => i.status === 'ISSUED');
    await new Promise((r) => setTimeout(r, 300)); // let the worker's stdout reach the log file

    const lines = functionLog();
    const emf = lines.filter((l) => l._aws?.CloudWatchMetrics);
    const issued = emf.filter((l) => l._aws.CloudWatchMetrics[0].Metrics.some((m: any) => m.Name === 'CredentialIssued'));
    expect(issued.length).toBeGreaterThan(0);
    expect(issued[0]!._aws.CloudWatchMetrics[0].Namespace).toBe('Laurel');
    expect(emf.some((l) => l._aws.CloudWatchMetrics[0].Metrics.some((m: any) => m.Name === 'ColdStart'))).toBe(true);

    const requestLogs = lines.filter((l) => l.actor === 'olga.observer');
    expect(requestLogs.length).toBeGreaterThan(0);
    expect(requestLogs[0]).toMatchObject({ level: expect.any(String), function_request_id: expect.any(String) });
    expect(readFileSync(path.join(PROJECT_ROOT, '.local/test/logs/functions.log'), 'utf8')).not.toContain(email);
  });
});
