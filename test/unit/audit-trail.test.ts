import { describe, expect, it } from 'vitest';
import { chunkSubject, eventHash, genesisHash, type AuditEntry, type AuditEvent, type AuditSubject } from '../../shared/entities/audit';
import { collectTrail, type AuditTrailDeps } from '../../shared/use-cases/audit';

/** A trail as the repository would hold it: each event linked to the previous one's hash. */
function chain(subject: AuditSubject, entries: AuditEntry[]): AuditEvent[] {
  let prev = genesisHash(subject);
  return entries.map((entry, i) => {
    const base = { ...entry, subject, seq: i + 1, at: `2026-11-0${i + 1}T00:00:00Z`, prevHash: prev };
    prev = eventHash(base);
    return { ...base, hash: prev };
  });
}

const workflow = { kind: 'system' as const, name: 'issuance workflow' };
const chunk = chunkSubject('b-1', 0, 2);
const rows = [
  { line: 2, issuanceId: 'i-2', credentialId: 'c-2', sha256: 'aa' },
  { line: 3, issuanceId: 'i-3', credentialId: 'c-3', sha256: 'bb' },
];

function deps(trails: Map<string, AuditEvent[]>, issuedInChunk: string | null = chunk.id): AuditTrailDeps {
  return {
    audit: { list: async (s) => trails.get(`${s.type}:${s.id}`) ?? [] },
    issuances: { get: async (id) => (id.startsWith('i-') ? ({ id, credentialId: id.replace('i-', 'c-'), issuedInChunk: issuedInChunk ?? undefined } as never) : undefined) },
    credentials: { get: async (id) => (id.startsWith('c-') ? ({ id, issuanceId: id.replace('c-', 'i-') } as never) : undefined) },
  };
}

describe("a cohort row's audit trail", () => {
  const issuance: AuditSubject = { type: 'issuance', id: 'i-3' };
  const trails = () =>
    new Map([
      [`chunk:${chunk.id}`, chain(chunk, [{ actor: workflow, action: 'ISSUED_IN_BATCH', after: { batchId: 'b-1', rows } }])],
      ['issuance:i-3', chain(issuance, [{ actor: workflow, action: 'DELIVERED', after: { messageId: 'm-1' } }])],
    ]);

  it("starts with its chunk's event, names its row, and verifies both chains", async () => {
    const trail = await collectTrail(deps(trails()), issuance);
    expect(trail.events.map((e) => [e.subject.type, e.action])).toEqual([
      ['chunk', 'ISSUED_IN_BATCH'],
      ['issuance', 'DELIVERED'],
    ]);
    expect(trail.chain).toEqual({ valid: true, length: 2 });
    expect(trail.issuedIn).toEqual({ subject: chunk, row: rows[1] });
    // The credential's trail: nothing of its own yet, the chunk's event all the same.
    const credential = await collectTrail(deps(trails()), { type: 'credential', id: 'c-2' });
    expect(credential).toMatchObject({ chain: { valid: true, length: 1 }, issuedIn: { row: rows[0] } });
  });

  it('fails the verdict when the chunk event was altered or does not record the row', async () => {
    const altered = trails();
    const [event] = altered.get(`chunk:${chunk.id}`)!;
    altered.set(`chunk:${chunk.id}`, [{ ...event!, after: { batchId: 'b-1', rows: [rows[0], { ...rows[1], sha256: 'cc' }] } }]);
    expect((await collectTrail(deps(altered), issuance)).chain).toMatchObject({ valid: false, problem: `chunk ${chunk.id}: event 1 was altered` });

    const stranger: AuditSubject = { type: 'issuance', id: 'i-9' };
    expect((await collectTrail(deps(trails()), stranger)).chain).toMatchObject({ valid: false, problem: `chunk ${chunk.id} does not record this issuance` });
  });

  it('is just the record\'s own trail for an issuance outside a cohort', async () => {
    const own = chain(issuance, [{ actor: workflow, action: 'REQUESTED' }]);
    const trail = await collectTrail(deps(new Map([['issuance:i-3', own]]), null), issuance);
    expect(trail).toEqual({ subject: issuance, chain: { valid: true, length: 1 }, events: own });
  });
});
