import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';
import { learnerSession, linkFromMail } from '../support/learner';

/**
 * The issuer's public directory (README "The directory") on the local cloud: enabled through the
 * admin API, joined and left from the claim page's form, searched as a page and as JSON, each
 * credential's status read live, and nothing about the learner but the name.
 */
const cloud = localCloud();
const base = cloud.outputs.PublicApiUrl;
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

// An issuer of its own, so turning its directory on changes nothing for the other suites' issuer.
const issuerId = uniqueId('assoc').toLowerCase();
const directoryUrl = `${base}/directory/${issuerId}`;
const people = { ada: { name: 'Zoë Ada Müller', email: `${uniqueId('ada')}@example.edu` }, sam: { name: 'Sam Okafor', email: `${uniqueId('sam')}@example.edu` } };
const claimed: Record<string, { credentialId: string; session: ReturnType<typeof learnerSession> }> = {};

const getHtml = async (query = '') => {
  const res = await fetch(`${directoryUrl}${query}`, { headers: { accept: HTML } });
  return { status: res.status, headers: res.headers, html: await res.text() };
};
const getJson = async (query = '') => {
  const res = await fetch(`${directoryUrl}${query}`, { headers: { accept: 'application/json' } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};
const namesIn = (body: any) => (body.people as { name: string }[]).map((p) => p.name).sort();

describe('the public directory', () => {
  beforeAll(async () => {
    const staff = await cloud.as('dir.designer', ['designer', 'issuer']);
    expect((await staff.request('POST', '/issuers', { issuerId, name: 'Example Lifesaving Association', url: 'https://lifesaving.example.org' })).status).toBe(201);
    const achievements = [
      { name: 'Pool Lifeguard', skill: 'Water rescue' },
      { name: 'First Aid Responder', skill: 'Cardiopulmonary resuscitation' },
    ];
    const ids: string[] = [];
    for (const a of achievements) {
      const id = uniqueId('dir');
      const created = await staff.request('POST', '/achievements', {
        id,
        issuerId,
        kind: 'microcredential',
        name: a.name,
        description: `${a.name}, certified by the association.`,
        criteria: 'Passed the practical assessment.',
        approval: { mode: 'auto' },
        alignments: [{ targetName: a.skill, targetUrl: 'https://framework.example.org/skill' }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(id);
    }
    const issue = async (achievementId: string, p: { name: string; email: string }) => {
      const { body } = await staff.request('POST', '/issuances', { achievementId, recipient: { email: p.email, name: p.name, publishName: true } });
      const done = await staff.waitForIssuance(body.id, (i) => ['ISSUED', 'FAILED', 'REJECTED'].includes(i.status));
      expect(done.status).toBe('ISSUED');
      return done.credentialId as string;
    };
    const adaCredential = await issue(ids[0]!, people.ada);
    const samCredential = await issue(ids[1]!, people.sam);
    for (const [who, credentialId] of [['ada', adaCredential], ['sam', samCredential]] as const) {
      const session = learnerSession(cloud);
      await session.open(await linkFromMail(cloud, people[who].email));
      claimed[who] = { credentialId, session };
    }
  }, 120_000);

  it('is off by default: 404 (problem+json for machines), and the claim page offers no checkbox', async () => {
    const off = await getJson();
    expect(off.status).toBe(404);
    expect(off.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await getHtml()).status).toBe(404);
    expect((await claimed.ada!.session.page()).html).not.toContain('name="directory"');
    // Asking anyway (a hand-made form) lists nothing.
    expect((await claimed.ada!.session.submit('privacy', { visibility: 'public', directory: 'yes' })).status).toBe(303);
    const record = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `CREDENTIAL#${claimed.ada!.credentialId}`, SK: 'CREDENTIAL' } }));
    expect(record.Item?.visibility).toMatchObject({ directory: false });
  });

  it('is turned on through the admin API, and lists those who opt in on their claim page, searchable in HTML and JSON', async () => {
    const designer = await cloud.as('dir.designer', ['designer']);
    const on = await designer.request('PATCH', `/issuers/${issuerId}`, { directory: { enabled: true, searchEngines: false } });
    expect(on.status).toBe(200);
    expect(on.body.directory).toEqual({ enabled: true, searchEngines: false });
    expect((await designer.request('GET', `/issuers/${issuerId}`)).body.directory).toEqual({ enabled: true, searchEngines: false });

    const empty = await getJson();
    expect(empty.status).toBe(200);
    expect(empty.body.people).toEqual([]);

    for (const who of ['ada', 'sam'] as const) {
      const page = await claimed[who]!.session.page();
      expect(page.html).toContain('name="directory"');
      expect((await claimed[who]!.session.submit('privacy', { visibility: 'public', directory: 'yes' })).status).toBe(303);
    }
    const all = await getJson();
    expect(all.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60');
    expect(all.headers.get('x-robots-tag')).toBe('noindex');
    expect(namesIn(all.body)).toEqual(['Sam Okafor', 'Zoë Ada Müller']);
    const ada = all.body.people.find((p: any) => p.name === 'Zoë Ada Müller');
    expect(ada.credentials).toEqual([
      expect.objectContaining({ credentialId: claimed.ada!.credentialId, achievementName: 'Pool Lifeguard', skills: ['Water rescue'], status: 'active', url: `${base}/credentials/${claimed.ada!.credentialId}` }),
    ]);
    // Its verification URL verifies.
    expect((await fetch(ada.credentials[0].url, { headers: { accept: HTML } })).status).toBe(200);

    // By name (folded), achievement and skill, as JSON and as the page.
    expect(namesIn((await getJson('?q=zoe%20ada')).body)).toEqual(['Zoë Ada Müller']);
    expect(namesIn((await getJson('?achievement=first%20aid')).body)).toEqual(['Sam Okafor']);
    expect(namesIn((await getJson('?skill=RESCUE')).body)).toEqual(['Zoë Ada Müller']);
    expect(namesIn((await getJson('?q=nobody')).body)).toEqual([]);
    const page = await getHtml('?skill=resuscitation');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-robots-tag')).toBe('noindex');
    expect(page.html).toContain('<meta name="robots" content="noindex">');
    expect(page.html).toContain('Sam Okafor');
    expect(page.html).not.toContain('Müller');
    expect(page.html).toContain('First Aid Responder');

    // The learners' email addresses appear nowhere, in the page or the JSON.
    const everything = JSON.stringify(all.body) + (await getHtml()).html;
    for (const p of Object.values(people)) expect(everything.toLowerCase()).not.toContain(p.email.toLowerCase());
    expect(everything).not.toMatch(/@example\.edu/);
    // Each entry carries its learner's pseudonym (keyed through KMS by the claim function), which nothing shows.
    const entryOf = async (who: 'ada' | 'sam') =>
      (await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `DIRECTORY#${issuerId}`, SK: `ENTRY#${claimed[who]!.credentialId}` } }))).Item!;
    const [adaKey, samKey] = [(await entryOf('ada')).personKey, (await entryOf('sam')).personKey];
    expect(adaKey).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(samKey).not.toBe(adaKey);
    expect(everything).not.toContain(adaKey);
  });

  it('lets search engines index it only when the issuer allows it', async () => {
    const designer = await cloud.as('dir.designer', ['designer']);
    await designer.request('PATCH', `/issuers/${issuerId}`, { directory: { enabled: true, searchEngines: true } });
    const page = await getHtml();
    expect(page.headers.get('x-robots-tag')).toBeNull();
    expect(page.html).not.toContain('noindex');
    await designer.request('PATCH', `/issuers/${issuerId}`, { directory: { enabled: true, searchEngines: false } });
    expect((await getHtml()).headers.get('x-robots-tag')).toBe('noindex');
  });

  it('shows a suspension at once, and the credential again when it is reinstated', async () => {
    const registrar = await cloud.as('dir.registrar', ['registrar']);
    expect((await registrar.request('POST', `/credentials/${claimed.sam!.credentialId}/suspend`, { reason: 'Licence under review' })).status).toBe(200);
    const sam = (await getJson('?q=okafor')).body.people[0];
    expect(sam.credentials[0].status).toBe('suspended');
    expect((await getHtml('?q=okafor')).html).toMatch(/Status: <\/span>Suspended/);
    expect((await registrar.request('POST', `/credentials/${claimed.sam!.credentialId}/reinstate`, {})).status).toBe(200);
    expect((await getJson('?q=okafor')).body.people[0].credentials[0].status).toBe('active');
  });

  it('drops a learner at once when they opt out, and when they make the credential private (private wins)', async () => {
    expect((await claimed.sam!.session.submit('privacy', { visibility: 'public' })).status).toBe(303);
    expect(namesIn((await getJson()).body)).toEqual(['Zoë Ada Müller']);
    expect((await getHtml()).html).not.toContain('Sam Okafor');
    const entry = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `DIRECTORY#${issuerId}`, SK: `ENTRY#${claimed.sam!.credentialId}` } }));
    expect(entry.Item).toBeUndefined();

    expect((await claimed.ada!.session.submit('privacy', { visibility: 'private', directory: 'yes' })).status).toBe(303);
    expect((await getJson()).body.people).toEqual([]);
    const record = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `CREDENTIAL#${claimed.ada!.credentialId}`, SK: 'CREDENTIAL' } }));
    expect(record.Item?.visibility).toMatchObject({ private: true, directory: false });
    // Back in.
    expect((await claimed.ada!.session.submit('privacy', { visibility: 'public', directory: 'yes' })).status).toBe(303);
    expect(namesIn((await getJson()).body)).toEqual(['Zoë Ada Müller']);
  });

  it('answers a bad query with 400 naming the field, and an issuer with the directory off with 404', async () => {
    const long = await getJson(`?q=${'a'.repeat(101)}`);
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ errors: [expect.objectContaining({ path: 'query.q' })] });
    const skill = await getJson(`?skill=${'b'.repeat(500)}`);
    expect(skill.body.errors[0].path).toBe('query.skill');
    const cursor = await getJson('?cursor=not*a*cursor');
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].path).toBe('query.cursor');
    const forged = await getJson(`?cursor=${Buffer.from(JSON.stringify({ PK: 'DIRECTORY#main', SK: 'ENTRY#x' })).toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].path).toBe('query.cursor');
    expect((await fetch(`${base}/directory/Not_An_Id`, { headers: { accept: 'application/json' } })).status).toBe(400);
    expect((await fetch(`${base}/directory/main`, { headers: { accept: 'application/json' } })).status).toBe(404);
    const designer = await cloud.as('dir.designer', ['designer']);
    await designer.request('PATCH', `/issuers/${issuerId}`, { directory: { enabled: false, searchEngines: false } });
    expect((await getJson()).status).toBe(404);
    await designer.request('PATCH', `/issuers/${issuerId}`, { directory: { enabled: true, searchEngines: false } });
    expect((await getJson()).status).toBe(200);
  });

  it('drops a learner at once when they withdraw their name (the credential superseded), and cannot list the nameless successor', async () => {
    expect(namesIn((await getJson()).body)).toEqual(['Zoë Ada Müller']);
    const withdrawn = await claimed.ada!.session.submit('name');
    expect(withdrawn.status).toBe(303);
    expect((await getJson()).body.people).toEqual([]);
    expect((await getHtml()).html).not.toContain('Müller');
    const entry = await cloud.table.send(new GetCommand({ TableName: cloud.outputs.TableName, Key: { PK: `DIRECTORY#${issuerId}`, SK: `ENTRY#${claimed.ada!.credentialId}` } }));
    expect(entry.Item).toBeUndefined();
    // The claim page now opens the successor, which carries no name: no checkbox, and a hand-made form is refused.
    const page = await claimed.ada!.session.page();
    expect(page.html).not.toContain('name="directory"');
    expect(page.html).toContain('carries none, so it cannot be listed');
    expect((await claimed.ada!.session.submit('privacy', { visibility: 'public', directory: 'yes' })).status).toBe(409);
    expect((await getJson()).body.people).toEqual([]);
  });
});
