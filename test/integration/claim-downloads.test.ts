import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';
import { runTool } from '../support/document-tools';
import { issueAndClaim, learnerSession } from '../support/learner';

const cloud = localCloud();
const base = cloud.outputs.PublicApiUrl;
const dir = mkdtempSync(join(tmpdir(), 'laurel-claim-downloads-'));

async function download(learner: ReturnType<typeof learnerSession>, file: string) {
  const res = await learner.send('GET', `/claim/credential/download/${file}`);
  expect(res.status, file).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="credential-[0-9a-f-]+/);
  return { type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('the claim page’s downloads', () => {
  it('the credential JSON, and the badge with the credential baked in (PNG, SVG), which POST /verify reads as valid', async () => {
    const { token, credentialId } = await issueAndClaim(cloud, uniqueId);
    const learner = learnerSession(cloud);
    await learner.open(token);
    const json = await download(learner, 'credential.json');
    expect(json.type).toBe('application/ld+json');
    const published = await (await fetch(`${base}/credentials/${credentialId}`, { headers: { accept: 'application/ld+json' } })).text();
    expect(json.bytes.toString('utf8')).toBe(published);

    for (const [file, type] of [
      ['badge.png', 'image/png'],
      ['badge.svg', 'image/svg+xml'],
    ] as const) {
      const badge = await download(learner, file);
      expect(badge.type).toBe(type);
      const verified = await fetch(`${base}/verify`, { method: 'POST', headers: { 'content-type': type }, body: badge.bytes });
      expect(verified.status, file).toBe(200);
      expect(await verified.json(), file).toMatchObject({ status: 'valid', format: file.slice(-3), issuedHere: true, credential: { id: `${base}/credentials/${credentialId}` } });
    }
    // Nothing for anyone without the session, nor a file that is not offered.
    expect((await fetch(`${base}/claim/credential/download/badge.png`)).status).toBe(401);
    expect((await learner.send('GET', '/claim/credential/download/secrets.txt')).status).toBe(400);
  });

  it('a PDF certificate (A4 and Letter) whose text holds the names and the URL and whose QR code decodes to the verification URL', async () => {
    const { token, credentialId } = await issueAndClaim(cloud, uniqueId, { name: 'Zoë Ångström-Дмитриев' });
    const learner = learnerSession(cloud);
    await learner.open(token);
    const url = `${base}/credentials/${credentialId}`;
    for (const [file, size] of [
      ['certificate-a4.pdf', /Page size:\s+841.89 x 595.28 pts \(A4\)/],
      ['certificate-letter.pdf', /Page size:\s+792 x 612 pts \(letter\)/],
    ] as const) {
      const pdf = await download(learner, file);
      expect(pdf.type).toBe('application/pdf');
      const path = join(dir, file);
      writeFileSync(path, pdf.bytes);
      const text = runTool('pdftotext', ['-enc', 'UTF-8', path, '-']);
      expect(text).toContain('Applied Cryptography');
      expect(text).toContain('Zoë Ångström-Дмитриев');
      expect(text).toContain('Example University');
      expect(text.replace(/\s+/g, '')).toContain(url);
      const info = runTool('pdfinfo', [path]);
      expect(info).toMatch(/Tagged:\s+yes/);
      expect(info).toMatch(size);
      runTool('pdftoppm', ['-r', '150', '-png', '-singlefile', path, join(dir, file)]);
      expect(statSync(`${join(dir, file)}.png`).size).toBeGreaterThan(30_000);
      expect(runTool('zbarimg', ['--raw', '-q', `${join(dir, file)}.png`]).trim()).toBe(url);
    }
  });
});
