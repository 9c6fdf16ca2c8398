import { describe, expect, it } from 'vitest';
import { diffAchievements } from '../../shared/domain/achievement-diff';

const v1 = {
  id: 'data-literacy',
  version: 1,
  kind: 'course',
  name: 'Data Literacy',
  description: 'Reads data.',
  criteria: 'Score 50.',
  rules: [{ kind: 'minimumScore', resultKey: 'score', minimum: 50 }],
  approval: { mode: 'single', role: 'approver' },
  createdBy: 'dee',
};

describe('what changed between two versions of an achievement', () => {
  it('names each defining field that differs, with both values whole', () => {
    const v2 = { ...v1, version: 2, createdBy: 'ann', criteria: 'Score 60.', rules: [{ kind: 'minimumScore', resultKey: 'score', minimum: 60 }], validityDays: 365 };
    expect(diffAchievements(v1, v2)).toEqual([
      { field: 'criteria', before: 'Score 50.', after: 'Score 60.' },
      { field: 'validityDays', after: 365 },
      { field: 'rules', before: v1.rules, after: v2.rules },
    ]);
  });

  it('sees no change in key order, nor in version, authorship or lifecycle', () => {
    const reordered = { ...v1, version: 2, createdBy: 'ann', lifecycle: 'archived', approval: { role: 'approver', mode: 'single' } };
    expect(diffAchievements(v1, reordered)).toEqual([]);
  });

  it('reads a field removed as a change to nothing', () => {
    const { criteria: _criteria, ...without } = v1;
    expect(diffAchievements(v1, without)).toEqual([{ field: 'criteria', before: 'Score 50.' }]);
  });
});
