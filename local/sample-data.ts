import type { CreateAchievementInput, RequestIssuanceInput } from '../shared/api/schemas';

/**
 * The embedded sample institution's achievement and award: a realistic credential with skill
 * alignments, a result description, results, evidence and credits. Used by the demo, the tests
 * and the benchmarks, so all three exercise the whole model.
 */
export const dataLiteracyAchievement = {
  id: 'data-literacy',
  kind: 'microcredential',
  name: 'Data Literacy',
  description: 'Demonstrated foundational data literacy: sourcing, cleaning, analysing and presenting data responsibly.',
  criteria: 'Completed four modules and a capstone project assessed at 70% or above, with an attendance of at least 80%.',
  // Drawn by Laurel (shared/domain/badge-design.ts) and served by the public API: the demo's page shows it.
  design: { shape: 'shield', title: 'Data Literacy', subtitle: 'Microcredential', icon: 'book' },
  tags: ['data', 'analytics', 'digital skills'],
  alignments: [
    {
      targetName: 'Data literacy',
      targetUrl: 'https://esco.ec.europa.eu/en/classification/skill?uri=http%3A%2F%2Fdata.europa.eu%2Fesco%2Fskill%2Fdata-literacy',
      targetFramework: 'ESCO',
      targetCode: 'S1.2.3',
      targetType: 'ceasn:Competency',
    },
    {
      targetName: 'Data analysis',
      targetUrl: 'https://sfia-online.org/en/sfia-8/skills/data-analytics',
      targetFramework: 'SFIA 8',
      targetCode: 'DAAN',
      targetType: 'ext:SFIA',
    },
  ],
  creditsAvailable: 5,
  resultDescriptions: [{ key: 'capstone', name: 'Capstone project score', resultType: 'Percent', valueMin: '0', valueMax: '100', requiredValue: '70' }],
  fieldOfStudy: 'Data science',
  humanCode: 'DL-101',
  inLanguage: 'en',
  validityDays: 1095,
  // The rules behind the award, visible to everyone who issues or approves it.
  rules: [
    { kind: 'minimumScore', resultKey: 'capstone', minimum: 70 },
    { kind: 'minimumAttendance', percent: 80 },
    { kind: 'evidenceUrl' },
  ],
  approval: { mode: 'single', role: 'approver' },
} satisfies CreateAchievementInput;

export const sampleAward = (email = 'lee.learner@example.org') =>
  ({
    achievementId: 'data-literacy',
    recipient: { email, name: 'Lee Learner', publishName: true, studentId: 'S1234567', orcid: '0000-0002-1825-0097' },
    evidence: [
      {
        id: 'https://lms.example.edu/portfolio/lee/capstone',
        name: 'Capstone project: regional air quality dashboard',
        narrative: 'Built and presented a dashboard analysing five years of regional air-quality data.',
        genre: 'Project',
        audience: 'Assessors',
      },
    ],
    results: [{ resultKey: 'capstone', value: '82', status: 'Completed' }],
    creditsEarned: 5,
    activityStartDate: '2026-09-01T00:00:00Z',
    completedAt: '2026-11-20T16:00:00Z',
    attendancePercent: 92,
    term: 'Autumn 2026',
  }) satisfies RequestIssuanceInput;
