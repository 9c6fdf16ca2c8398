import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../shared/batches/rows';

/** A cohort file in the SIS's own words: staff map its headers at upload (`columns` on POST /batches). */
const achievement = { rules: [{ kind: 'minimumScore' as const, resultKey: 'final', minimum: 50 }], resultDescriptions: [{ key: 'final', name: 'Final', resultType: 'Percent' as const }] };

describe('mapping a file’s own headers', () => {
  const headers = ['E-mail Address', 'Learner', 'Mark', 'Tutor Notes'];

  it('refuses headers Laurel does not know, when nothing maps them', () => {
    const { problems } = mapHeader(headers, achievement);
    // Mark is one of score's own aliases; the others are the SIS's words.
    expect(problems.map((p) => p.column)).toEqual(['E-mail Address', 'Learner', 'Tutor Notes', 'email']);
  });

  it('reads each mapped header as the column it names, and skips ignored ones', () => {
    const map = mapHeader(headers, achievement, 1, { 'E-mail Address': 'email', Learner: 'name', Mark: 'score', 'Tutor Notes': 'ignore' });
    expect(map.problems).toEqual([]);
    expect(map.columns).toEqual(['email', 'name', 'score', undefined]);
  });

  it('matches mapped headers as headers are matched: case, spaces and dashes aside', () => {
    expect(mapHeader(headers, achievement, 1, { 'e-mail address': 'email', LEARNER: 'name', MARK: 'score', 'tutor  notes': 'ignore' }).columns).toEqual(['email', 'name', 'score', undefined]);
  });

  it('checks what a mapping names like any header: an unknown column, a column twice, an unknown result', () => {
    const map = mapHeader(headers, achievement, 1, { 'E-mail Address': 'email', Learner: 'email', Mark: 'result:nope', 'Tutor Notes': 'shoe_size' });
    expect(map.problems.map((p) => p.problem)).toEqual([
      'the column email appears twice',
      "'nope' is not a result of this achievement (known: final)",
      expect.stringContaining('unknown column'),
      'a required column is missing from the header',
    ]);
  });
});
