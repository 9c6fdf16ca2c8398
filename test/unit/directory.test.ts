import { beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../shared/clock';
import type { CredentialRecord } from '../../shared/entities/credential';
import { directoryKeys, directoryPersonKey, foldForSearch } from '../../shared/entities/directory-entry';
import { derivedLearnerKeyer } from '../../shared/entities/learner';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import { renderDirectoryPage } from '../../shared/page/directory-page';
import { PAGE_TEXTS } from '../../shared/page/texts';
import { readDirectory, type DirectoryDeps } from '../../shared/use-cases/directory';
import { setVisibility, type Claim } from '../../shared/use-cases/learner-claims';
import { memoryRepositories } from '../support/memory-repositories';

/**
 * The issuer's public directory on in-memory repositories: the entry written and deleted with the
 * learner's choice, in one transaction; the read re-checking every entry against its record.
 */
const BASE = 'https://verify.example.edu/';
let now = new Date('2026-05-01T10:00:00.000Z');
const clock: Clock = { now: () => now };

const record = (id: string, over: Partial<CredentialRecord> = {}): CredentialRecord => ({
  id,
  issuanceId: `iss-${id}`,
  achievementId: 'first-aid',
  achievementVersion: 1,
  issuerId: 'assoc',
  status: 'ACTIVE',
  issuedAt: '2026-04-01T09:00:00.000Z',
  artifact: { key: `credentials/${id}.json`, sha256: 'x' },
  verificationMethod: 'https://verify.example.edu/issuers/assoc/keys/k1',
  signingKeyId: 'k1',
  statusPosition: { listNo: 0, index: 1 },
  ...over,
});

/** The signed document as the claim page reads it: the name only if the learner agreed. */
const signed = (name: string | undefined, achievement = 'First Aid Responder', skills = ['CPR', 'Wound care']) =>
  JSON.stringify({
    name: achievement,
    credentialSubject: {
      ...(name ? { name } : {}),
      achievement: { name: achievement, alignment: skills.map((s) => ({ type: ['Alignment'], targetName: s, targetUrl: 'https://skills.example/x' })) },
    },
  });

describe('the directory', () => {
  let repos: ReturnType<typeof memoryRepositories>;
  let documents: Map<string, string>;
  let invalidated: string[][];

  const claimDeps = () => ({
    credentials: repos.credentials,
    issuers: repos.issuers,
    claimLinks: repos.claimLinks,
    issuances: repos.issuances,
    artifacts: { read: async (key: string) => (documents.has(key) ? { body: documents.get(key)! } : undefined) } as never,
    mailer: { send: async () => undefined } as never,
    audit: { append: async () => undefined } as never,
    clock,
    settings: { publicBaseUrl: BASE, institutionName: 'Example Association' },
    edge: { invalidate: async (paths: string[]) => void invalidated.push(paths) },
    learnerKeys: derivedLearnerKeyer(async () => Buffer.alloc(32, 3)),
  });
  const readDeps = (): DirectoryDeps => ({
    issuers: repos.issuers,
    defaultIssuer: { issuerId: 'main', name: 'Example University', url: 'https://www.example.edu' },
    directory: repos.directory,
    credentials: repos.credentials,
    clock,
    publicBaseUrl: BASE,
  });
  /** Who each credential was issued to (the claim's issuance): by default, one learner per name. */
  const recipients = new Map<string, string>();
  const claimOf = async (id: string): Promise<Claim> => ({ record: (await repos.credentials.get(id))!, link: {} as never, issuance: { id: `iss-${id}`, recipient: { email: recipients.get(id)! } } as never });
  const choose = async (id: string, choice: { private: boolean; directory: boolean }) => setVisibility(claimDeps() as never, await claimOf(id), choice);
  const issue = async (id: string, name: string | undefined, over: Partial<CredentialRecord> = {}, achievement?: string, skills?: string[], email = `${(name ?? 'anon').replace(/\W+/g, '.')}@example.org`) => {
    recipients.set(id, email);
    await repos.credentials.putOnce(record(id, over));
    documents.set(`credentials/${id}.json`, signed(name, achievement, skills));
  };
  const names = async (q: Parameters<typeof readDirectory>[2] = {}) => (await readDirectory(readDeps(), 'assoc', q)).people.map((p) => p.name);

  beforeEach(async () => {
    now = new Date('2026-05-01T10:00:00.000Z');
    repos = memoryRepositories(clock);
    documents = new Map();
    invalidated = [];
    await repos.issuers.create({ issuerId: 'assoc', name: 'Example Association', url: 'https://assoc.example', createdAt: now.toISOString(), createdBy: 'test', directory: { enabled: true, searchEngines: false } });
  });

  it('folds names for searching: lower case, no diacritics, spaces collapsed', () => {
    expect(foldForSearch('  Zoë   MÜLLER-Ångström ')).toBe('zoe muller-angstrom');
    expect(foldForSearch('Łukasz')).toBe('łukasz');
  });

  it('lists a learner who opts in — name, achievement, skills, live status, verification URL — and never their email', async () => {
    await issue('c1', 'Zoë Müller');
    await choose('c1', { private: false, directory: true });
    const entry = repos.table.get(directoryKeys.entry('assoc', 'c1'))!;
    expect(entry).toMatchObject({ name: 'Zoë Müller', nameKey: 'zoe muller', achievementName: 'First Aid Responder', skills: ['CPR', 'Wound care'] });
    expect(JSON.stringify(entry)).not.toMatch(/@|email/i);
    const page = await readDirectory(readDeps(), 'assoc', {});
    expect(page.people).toEqual([
      {
        name: 'Zoë Müller',
        credentials: [{ credentialId: 'c1', achievementId: 'first-aid', achievementName: 'First Aid Responder', skills: ['CPR', 'Wound care'], issuedAt: '2026-04-01T09:00:00.000Z', status: 'active', url: `${BASE}credentials/c1` }],
      },
    ]);
    expect(page.searchEngines).toBe(false);
    // The directory's pages are dropped at the edge.
    expect(invalidated).toContainEqual(['/directory/assoc*']);
  });

  it('searches by name, achievement and skill, folded; one person with each of their credentials', async () => {
    await issue('c1', 'Zoë Müller');
    await issue('c2', 'Zoë Müller', {}, 'Lifeguard', ['Swimming']);
    await issue('c3', 'Sam Okafor', {}, 'Lifeguard', ['Swimming', 'CPR']);
    for (const id of ['c1', 'c2', 'c3']) await choose(id, { private: false, directory: true });
    expect(await names()).toEqual(['Zoë Müller', 'Sam Okafor']);
    expect((await readDirectory(readDeps(), 'assoc', {})).people[0]!.credentials.map((c) => c.credentialId)).toEqual(['c1', 'c2']);
    expect(await names({ name: 'ZOE muller' })).toEqual(['Zoë Müller']);
    expect(await names({ achievement: 'lifeguard' })).toEqual(['Zoë Müller', 'Sam Okafor']);
    expect(await names({ skill: 'cpr' })).toEqual(['Zoë Müller', 'Sam Okafor']);
    expect(await names({ skill: 'swim', name: 'okafor' })).toEqual(['Sam Okafor']);
    expect(await names({ name: 'nobody' })).toEqual([]);
  });

  it('keeps two people of the same name apart, by a pseudonym never shown; an entry from before it stands alone', async () => {
    await issue('c1', 'Sam Okafor', {}, undefined, undefined, 'sam@example.org');
    await issue('c2', 'Sam Okafor', {}, 'Lifeguard', ['Swimming'], 'sam@example.org');
    await issue('c3', 'Sam Okafor', {}, 'Lifeguard', ['Swimming'], 'samuel.okafor@example.net');
    for (const id of ['c1', 'c2', 'c3']) await choose(id, { private: false, directory: true });
    const page = await readDirectory(readDeps(), 'assoc', {});
    expect(page.people.map((p) => [p.name, p.credentials.map((c) => c.credentialId)])).toEqual([
      ['Sam Okafor', ['c1', 'c2']],
      ['Sam Okafor', ['c3']],
    ]);
    // Stored, 22 characters, the same for one learner's two entries; never in what the directory answers.
    const keyOf = (id: string) => repos.table.get(directoryKeys.entry('assoc', id))!.personKey as string;
    expect(keyOf('c1')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(keyOf('c2')).toBe(keyOf('c1'));
    expect(keyOf('c3')).not.toBe(keyOf('c1'));
    expect(JSON.stringify(page)).not.toContain(keyOf('c1'));
    // Another issuer's directory would know the same learner by another pseudonym.
    expect(directoryPersonKey('other', 'email:x')).not.toBe(directoryPersonKey('assoc', 'email:x'));
    // An entry listed before pseudonyms existed is shown on its own, never merged on the name.
    const { personKey: _listedBefore, ...old } = repos.table.get(directoryKeys.entry('assoc', 'c2'))!;
    repos.table.putAll([old]);
    expect((await readDirectory(readDeps(), 'assoc', {})).people.map((p) => p.credentials.map((c) => c.credentialId))).toEqual([['c1'], ['c2'], ['c3']]);
  });

  it('shows suspended, revoked and expired credentials with their status, read live', async () => {
    await issue('c1', 'Ada Lovelace', { validUntil: '2026-06-01T00:00:00.000Z' });
    await choose('c1', { private: false, directory: true });
    const status = async () => (await readDirectory(readDeps(), 'assoc', {})).people[0]?.credentials[0]?.status;
    expect(await status()).toBe('active');
    await repos.credentials.suspend('c1', { by: 'r', at: now.toISOString(), reason: 'audit' });
    expect(await status()).toBe('suspended');
    await repos.credentials.reinstate('c1');
    now = new Date('2026-07-01T00:00:00.000Z');
    expect(await status()).toBe('expired');
    await repos.credentials.revoke('c1', { by: 'r', at: now.toISOString(), reason: 'lapsed' });
    expect(await status()).toBe('revoked');
  });

  it('drops the entry at once on opt-out, and private wins over the directory', async () => {
    await issue('c1', 'Ada Lovelace');
    await choose('c1', { private: false, directory: true });
    await choose('c1', { private: false, directory: false });
    expect(repos.table.get(directoryKeys.entry('assoc', 'c1'))).toBeUndefined();
    expect(await names()).toEqual([]);
    await choose('c1', { private: false, directory: true });
    const privately = await choose('c1', { private: true, directory: true });
    expect(privately.visibility).toMatchObject({ private: true, directory: false });
    expect(repos.table.get(directoryKeys.entry('assoc', 'c1'))).toBeUndefined();
    expect(await names()).toEqual([]);
  });

  it('leaves a superseded credential out at once (the name withdrawn, a correction), and an erased learner', async () => {
    await issue('c1', 'Ada Lovelace');
    await issue('c2', 'Grace Hopper');
    await choose('c1', { private: false, directory: true });
    await choose('c2', { private: false, directory: true });
    await repos.credentials.markSuperseded('c1', { credentialId: 'c1b', at: now.toISOString(), reason: 'name withdrawn' });
    expect(repos.table.get(directoryKeys.entry('assoc', 'c1'))).toBeUndefined();
    await repos.credentials.leaveDirectory((await repos.credentials.get('c2'))!, now.toISOString());
    expect(repos.table.get(directoryKeys.entry('assoc', 'c2'))).toBeUndefined();
    expect((await repos.credentials.get('c2'))!.visibility).toMatchObject({ directory: false });
    expect(await names()).toEqual([]);
  });

  it('re-checks every entry against its record: a stale entry is never shown (fails closed)', async () => {
    await issue('c1', 'Ada Lovelace');
    await choose('c1', { private: false, directory: true });
    const entry = repos.table.get(directoryKeys.entry('assoc', 'c1'))!;
    // The record says otherwise while the entry stays (written behind the repository's back).
    for (const stale of [{ visibility: { private: false, directory: false, at: 'x' } }, { visibility: { private: true, directory: true, at: 'x' } }, { supersededBy: { credentialId: 'n', at: 'x', reason: 'r' } }, { issuerId: 'other' }]) {
      repos.table.putAll([{ ...repos.table.get({ PK: 'CREDENTIAL#c1', SK: 'CREDENTIAL' })!, visibility: { private: false, directory: true, at: 'x' }, ...stale }]);
      expect(await names(), JSON.stringify(stale)).toEqual([]);
    }
    // The record gone altogether.
    repos.table.write({ delete: { PK: 'CREDENTIAL#c1', SK: 'CREDENTIAL' } });
    repos.table.putAll([entry]);
    expect(await names()).toEqual([]);
  });

  it('refuses to list a credential without a name, and offers nothing when the issuer has no directory', async () => {
    await issue('c1', undefined);
    await expect(choose('c1', { private: false, directory: true })).rejects.toBeInstanceOf(ConflictError);
    expect(repos.table.get(directoryKeys.entry('assoc', 'c1'))).toBeUndefined();
    await issue('c2', 'Ada Lovelace', { issuerId: 'main' });
    const updated = await choose('c2', { private: false, directory: true });
    expect(updated.visibility).toMatchObject({ directory: false });
    expect(repos.table.get(directoryKeys.entry('main', 'c2'))).toBeUndefined();
    await expect(readDirectory(readDeps(), 'main', {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(readDirectory(readDeps(), 'nobody', {})).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages with a cursor bound to the issuer’s partition', async () => {
    for (let i = 0; i < 30; i++) {
      const id = `c${String(i).padStart(2, '0')}`;
      await issue(id, `Person ${i}`);
      await choose(id, { private: false, directory: true });
    }
    const first = await readDirectory(readDeps(), 'assoc', {});
    expect(first.people.length).toBeGreaterThanOrEqual(25);
    const rest = first.cursor ? (await readDirectory(readDeps(), 'assoc', { cursor: first.cursor })).people : [];
    expect(first.people.length + rest.length).toBe(30);
    const forged = Buffer.from(JSON.stringify({ PK: 'DIRECTORY#other', SK: 'ENTRY#x' })).toString('base64url');
    await expect(readDirectory(readDeps(), 'assoc', { cursor: forged })).rejects.toBeInstanceOf(ValidationError);
  });

  it('renders an accessible page: a labelled GET search form, a list, status in words, noindex unless allowed', async () => {
    await issue('c1', 'Ada <Lovelace>');
    await choose('c1', { private: false, directory: true });
    await repos.credentials.suspend('c1', { by: 'r', at: now.toISOString(), reason: 'x' });
    const page = await readDirectory(readDeps(), 'assoc', { name: 'ada' });
    const branding = { institutionName: 'Example Association', primaryColor: '#1d3557' };
    const { html, contentSecurityPolicy } = renderDirectoryPage({ page, texts: PAGE_TEXTS.en!, branding, pageUrl: `${BASE}directory/assoc` });
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toMatch(/<form class="search" role="search" method="get"/);
    expect(html).toContain('<label for="q">Name</label>');
    expect(html).toContain('value="ada"');
    expect(html).toContain('Ada &lt;Lovelace&gt;');
    expect(html).toMatch(/Status: <\/span>Suspended/);
    expect(html).not.toContain('<script');
    expect(contentSecurityPolicy).toContain("form-action 'self'");
    const indexed = renderDirectoryPage({ page: { ...page, searchEngines: true }, texts: PAGE_TEXTS.en!, branding, pageUrl: `${BASE}directory/assoc` });
    expect(indexed.html).not.toContain('noindex');
  });
});
