import { expect } from 'vitest';
import type { localCloud } from './cloud';
import { uniqueId } from './cloud';

/**
 * What the completions-in suites start from (test/integration/completions*.test.ts): an admin who
 * connects sources, a designer who maps courses and replays, and a course achievement — Computer
 * Science I, issued automatically when the mapped score is at least 50 — under a fresh id.
 */
export async function completionsWorld(cloud: ReturnType<typeof localCloud>, idPrefix: string) {
  const admin = await cloud.as('ada.admin', ['admin']);
  const designer = await cloud.as('dee.designer', ['designer', 'issuer', 'registrar']);
  const achievementId = uniqueId(idPrefix);
  const created = await designer.request('POST', '/achievements', {
    id: achievementId,
    kind: 'course',
    name: 'Computer Science I',
    description: 'Programming, data and algorithms.',
    criteria: 'Complete every module.',
    approval: { mode: 'auto' },
    resultDescriptions: [{ key: 'score', name: 'Score', resultType: 'Percent' }],
    rules: [{ kind: 'minimumScore', resultKey: 'score', minimum: 50 }],
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { admin, designer, achievementId };
}
