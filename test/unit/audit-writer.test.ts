import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { checkAnchors, eventHash, anchorOf, verifyAuditChain, type AuditAnchor, type AuditEvent, type AuditSubject } from '../../shared/entities/audit';
import { auditCommand, writeAuditEvent, type AuditCommand } from '../../shared/use-cases/audit-writer';
import { auditLogFor, lambdaAuditLog } from '../../shared/adapters/lambda-audit-log';
import { FunctionError, invokeFunction } from '../../shared/aws/lambda-invoke';
import { createLambdaServer } from '../../local/lambda-server';
import { LambdaError, type LambdaRuntime } from '../../local/lambda-runtime';
import { memoryAudit, memoryTable } from '../support/memory-repositories';
import * as z from '../../shared/zod';

const clock = { now: () => new Date('2026-12-05T10:00:00Z') };
const subject: AuditSubject = { type: 'issuance', id: 'i-1' };
const actor = { kind: 'staff' as const, id: 'u-1', name: 'Registrar' };
const command = (op: 'append' | 'begin', action = 'APPROVED'): Exclude<AuditCommand, { op: 'eraseDetails' }> => ({ op, subject, entry: { actor, action, reason: 'met every rule' }, at: clock.now().toISOString() });

function writer(failAnchors = false) {
  const table = memoryTable();
  const anchors = new Map<string, AuditAnchor>();
  const failures: AuditAnchor[] = [];
  const deps = {
    trail: memoryAudit(table, clock),
    anchors: {
      async put(a: AuditAnchor) {
        if (failAnchors) throw new Error('S3 is down');
        anchors.set(`${a.subject.id}/${a.seq}`, a);
      },
    },
    onAnchorFailure: (a: AuditAnchor) => failures.push(a),
  };
  return { deps, anchors, failures, trail: deps.trail };
}

describe('the audit writer', () => {
  it('appends and anchors each event: its sequence number and hash, outside the table', async () => {
    const w = writer();
    const first = await writeAuditEvent(w.deps, command('append', 'REQUESTED'));
    const second = await writeAuditEvent(w.deps, command('append', 'APPROVED'));
    expect([first.event.seq, second.event.seq]).toEqual([1, 2]);
    expect(second.event.prevHash).toBe(first.event.hash);
    expect([...w.anchors.values()]).toEqual([anchorOf(first.event), anchorOf(second.event)]);
    // The anchor names no one: ids, the sequence number, the hash and the time.
    expect(Object.keys(w.anchors.get('i-1/2')!).sort()).toEqual(['at', 'hash', 'seq', 'subject']);
  });

  it('begins a trail once; a repeated begin anchors the first event again and says it was not begun', async () => {
    const w = writer();
    const first = await writeAuditEvent(w.deps, command('begin'));
    const again = await writeAuditEvent(w.deps, { ...command('begin'), at: '2026-12-06T00:00:00Z' });
    expect(first.begun).toBe(true);
    expect(again).toEqual({ event: first.event, begun: false });
    expect((await w.trail.list(subject)).length).toBe(1);
  });

  it('keeps the event when its anchor cannot be written, and reports it (a retry would append twice)', async () => {
    const w = writer(true);
    const { event } = await writeAuditEvent(w.deps, command('append'));
    expect((await w.trail.list(subject)).map((e) => e.hash)).toEqual([event.hash]);
    expect(w.failures).toEqual([anchorOf(event)]);
  });

  it("erases a trail's sealed details on a learner's erasure: the events stay, verify, and say their details were erased", async () => {
    const w = writer();
    await writeAuditEvent(w.deps, command('append', 'REQUESTED'));
    await writeAuditEvent(w.deps, command('append', 'APPROVED'));
    expect((await w.trail.list(subject)).map((e) => e.reason)).toEqual(['met every rule', 'met every rule']);
    expect(await writeAuditEvent(w.deps, { op: 'eraseDetails', subject: { type: 'issuance', id: subject.id } })).toEqual({ erased: 2 });
    const after = await w.trail.list(subject);
    expect(after.map((e) => [e.action, e.reason, e.details])).toEqual([['REQUESTED', undefined, 'erased'], ['APPROVED', undefined, 'erased']]);
    expect(verifyAuditChain(subject, after)).toEqual({ valid: true, length: 2 });
    // Again: nothing left to erase, and no anchor written for an erasure (it adds no event).
    expect(await writeAuditEvent(w.deps, { op: 'eraseDetails', subject: { type: 'issuance', id: subject.id } })).toEqual({ erased: 0 });
    expect(w.anchors.size).toBe(2);
    // Only an issuance's or a credential's details: a cohort's trail holds none about one learner.
    expect(z.safeParse(auditCommand, { op: 'eraseDetails', subject: { type: 'batch', id: 'b-1' } }).success).toBe(false);
  });

  it('refuses a malformed command, naming the field', () => {
    const parsed = z.safeParse(auditCommand, { op: 'append', subject: { type: 'learner', id: 'x' }, entry: { actor, action: 'X' }, at: 'yesterday' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['at', 'subject.type']);
  });
});

describe('a trail against its anchors', () => {
  const trail = (n: number): AuditEvent[] => {
    const events: AuditEvent[] = [];
    let prev = 'genesis';
    for (let seq = 1; seq <= n; seq++) {
      const base = { subject, seq, at: `2026-12-0${seq}T00:00:00Z`, actor, action: `A${seq}`, prevHash: prev };
      prev = eventHash(base);
      events.push({ ...base, hash: prev });
    }
    return events;
  };

  it('agrees when every anchored event is there unchanged, and counts the events after the last anchor', () => {
    const events = trail(4);
    expect(checkAnchors(events, events.slice(0, 3).map(anchorOf))).toEqual({ valid: true, anchors: 3, unanchored: 1 });
    // A missing anchor in between is covered by a later one (each event links to the one before).
    expect(checkAnchors(events, [anchorOf(events[3]!)])).toEqual({ valid: true, anchors: 1, unanchored: 0 });
  });

  it('finds a trail cut short', () => {
    const events = trail(4);
    const check = checkAnchors(events.slice(0, 2), events.map(anchorOf));
    expect(check).toMatchObject({ valid: false, problem: expect.stringMatching(/^event 3 was anchored on .* but is not in the trail \(2 events\): the trail was cut$/) });
  });

  it('finds a trail rewritten and recomputed, although its own chain is consistent', () => {
    const original = trail(3);
    const anchors = original.map(anchorOf);
    // Event 2 edited and every hash from there recomputed: the chain alone would verify.
    const rewritten: AuditEvent[] = [original[0]!];
    for (const e of original.slice(1)) {
      const { hash: _h, ...rest } = e;
      const base = { ...rest, action: e.seq === 2 ? 'REJECTED' : e.action, prevHash: rewritten.at(-1)!.hash };
      rewritten.push({ ...base, hash: eventHash(base) });
    }
    expect(checkAnchors(rewritten, anchors)).toMatchObject({ valid: false, problem: expect.stringContaining('event 2 differs from its anchor') });
  });
});

describe('appending through the writer (Lambda Invoke, SigV4 without the Lambda client)', () => {
  let server: Server;
  const invoked: unknown[] = [];
  const env = { ...process.env };

  beforeAll(async () => {
    const w = writer();
    const runtime = {
      has: (id: string) => id === 'AuditWriterFn',
      invoke: async (_id: string, event: unknown) => {
        invoked.push(event);
        const parsed = z.safeParse(auditCommand, event);
        if (!parsed.success) throw new LambdaError('PermanentError', 'invalid step input');
        return writeAuditEvent(w.deps, parsed.data);
      },
    } as unknown as LambdaRuntime;
    server = createLambdaServer(runtime);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_LAMBDA: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
  });
  afterAll(async () => {
    process.env = env;
    await new Promise((r) => server.close(r));
  });

  it('appends and begins through the writer, with the caller’s time, and reads the table itself', async () => {
    const reads: AuditSubject[] = [];
    const log = lambdaAuditLog('arn:aws:lambda:us-east-1:111122223333:function:AuditWriterFn', { list: async (s) => (reads.push(s), []) }, clock);
    const event = await log.append(subject, { actor, action: 'APPROVED' });
    expect(event).toMatchObject({ seq: 1, action: 'APPROVED', at: '2026-12-05T10:00:00.000Z' });
    expect(await log.begin({ type: 'batch', id: 'b-1' }, { actor, action: 'VALIDATED' })).toBe(true);
    expect(await log.begin({ type: 'batch', id: 'b-1' }, { actor, action: 'VALIDATED' })).toBe(false);
    await log.list(subject);
    expect(reads).toEqual([subject]);
  });

  it("surfaces the writer's failure as a FunctionError, and an unknown function as an error", async () => {
    await expect(invokeFunction('AuditWriterFn', { op: 'erase-everything' })).rejects.toSatisfy((e) => e instanceof FunctionError && e.errorType === 'PermanentError');
    await expect(invokeFunction('SomeOtherFn', {})).rejects.toThrow(/answered 404/);
  });

  it('refuses to append from a function not wired to the writer, and still reads', async () => {
    const log = auditLogFor(undefined, { list: async () => [] });
    await expect(log.append(subject, { actor, action: 'X' })).rejects.toThrow(/does not declare AUDIT_WRITER_FUNCTION/);
    expect(await log.list(subject)).toEqual([]);
    expect(invoked.length).toBe(4);
  });
});
