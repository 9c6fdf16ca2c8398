import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CompletionSource } from '../../shared/entities/completion-source';
import { ValidationError, UnauthorizedError } from '../../shared/errors';
import { completionOfRecordedEvent, eventIdOf } from '../../shared/integrations/completion-recorded';
import { eventBridgeSource } from '../../shared/use-cases/completion-sources';
import { matchesPattern } from '../../local/eventbridge-server';

/**
 * CompletionRecorded on Laurel's bus (functions/inbound/consume-completion-recorded.ts): the
 * sample event read as the webhook's completion would be, what is refused (and that a refusal
 * names fields, never their values), which sources an event may name, and the rule's pattern
 * (any source but Laurel's own) as the local cloud's EventBridge matches it.
 */
const sample = JSON.parse(readFileSync(new URL('../../events/samples/completion-recorded.v1.json', import.meta.url), 'utf8')) as Record<string, any>;
const withDetail = (change: (d: Record<string, any>) => void) => {
  const event = structuredClone(sample);
  change(event.detail);
  return event;
};

describe('reading a CompletionRecorded event', () => {
  it('reads the sample as the completion the webhook would carry', () => {
    expect(completionOfRecordedEvent(sample)).toEqual({
      eventId: sample.id,
      completion: {
        sourceId: 'student-records',
        via: 'eventbridge',
        courseId: 'CS-101.2026',
        courseName: 'Computer Science I',
        learner: { email: 'grace.hopper@example.edu', name: 'Grace Hopper', studentNumber: 'S1234', externalId: undefined },
        completedAt: '2026-11-30T10:00:00Z',
        score: 91,
        evidenceUrl: 'https://lms.example.edu/courses/565',
      },
    });
    // Evidence named apart from the course wins over the course's page.
    expect(completionOfRecordedEvent(withDetail((d) => (d.evidence = { url: 'https://lms.example.edu/portfolio/1' }))).completion.evidenceUrl).toBe('https://lms.example.edu/portfolio/1');
  });

  it.each([
    ['no version', withDetail((d) => delete d.version), 'event.detail.version'],
    ['another version', withDetail((d) => (d.version = '2')), 'event.detail.version'],
    ['no source id', withDetail((d) => delete d.source), 'event.detail.source'],
    ['no learner to name', withDetail((d) => (d.learner = { name: 'Grace Hopper' })), 'event.detail.learner'],
    ['a malformed address', withDetail((d) => (d.learner.email = 'grace at example')), 'event.detail.learner.email'],
    ['an unknown field', withDetail((d) => (d.grade = 'A')), 'event.detail'],
    ["Laurel's own source", { ...sample, source: 'laurel.issuance' }, 'event.source'],
    ['another detail type', { ...sample, 'detail-type': 'CredentialIssued' }, 'event.detail-type'],
  ])('refuses %s, naming the field and never its value', (_, event, path) => {
    let error: unknown;
    try {
      completionOfRecordedEvent(event);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((i) => i.path)).toContain(path);
    expect(JSON.stringify({ message: (error as Error).message, errors: (error as ValidationError).errors })).not.toMatch(/grace|Hopper|S1234/i);
  });

  it('refuses what is not an event at all, and finds its id only if it has one', () => {
    for (const event of [null, 'CompletionRecorded', 42, {}]) expect(() => completionOfRecordedEvent(event)).toThrow(ValidationError);
    expect(eventIdOf(sample)).toBe(sample.id);
    expect(eventIdOf(null)).toBeUndefined();
  });
});

describe('the source an event names', () => {
  const source = (over: Partial<CompletionSource>): CompletionSource => ({ id: 'student-records', name: 'SIS', kind: 'eventbridge', status: 'active', secretVersion: 1, createdAt: 'x', createdBy: { id: 'a', name: 'a' }, updatedAt: 'x', ...over });
  const deps = (s: CompletionSource | undefined) => ({ sources: { get: async () => s } });

  it('is an active source of kind eventbridge, and nothing else', async () => {
    await expect(eventBridgeSource(deps(source({})), 'student-records')).resolves.toMatchObject({ id: 'student-records' });
    // A signing source's id on the bus would let anyone who may put events speak for it.
    await expect(eventBridgeSource(deps(source({ kind: 'webhook' })), 'student-records')).rejects.toThrow(UnauthorizedError);
    await expect(eventBridgeSource(deps(source({ status: 'disabled' })), 'student-records')).rejects.toThrow(UnauthorizedError);
    await expect(eventBridgeSource(deps(undefined), 'student-records')).rejects.toThrow(UnauthorizedError);
  });
});

describe("the rule's pattern", () => {
  // As CDK renders Match.anythingBut(EVENT_SOURCE) (infra/constructs/completion-events.ts).
  const pattern = { source: [{ 'anything-but': 'laurel.issuance' }], 'detail-type': ['CompletionRecorded'] };

  it("matches CompletionRecorded from any source but Laurel's", () => {
    expect(matchesPattern(pattern, sample)).toBe(true);
    expect(matchesPattern(pattern, { ...sample, source: 'laurel.issuance' })).toBe(false);
    expect(matchesPattern(pattern, { ...sample, 'detail-type': 'CredentialIssued' })).toBe(false);
    expect(matchesPattern({ source: [{ 'anything-but': ['laurel.issuance', 'aws.ses'] }] }, { source: 'aws.ses' })).toBe(false);
    expect(matchesPattern(pattern, { 'detail-type': 'CompletionRecorded' })).toBe(false);
  });
});
