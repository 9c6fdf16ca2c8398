import { describe, expect, it } from 'vitest';
import { localCloud, uniqueId } from '../support/cloud';

/**
 * Issue #18's badge designer, through the admin and public APIs of the local cloud: an
 * achievement created without an image gets a drawn one, served by the public API; a changed
 * design is a new version with a new image.
 */
const cloud = localCloud();

describe('badges Laurel draws', () => {
  it('draws one for an achievement created without an image, and another when its design changes', async () => {
    const designer = await cloud.as('dee.designer', ['designer']);
    const id = uniqueId('drawn');
    const created = await designer.request('POST', '/achievements', { id, kind: 'project', name: 'Capstone Project in Applied Data Science', description: 'd', criteria: 'c', approval: { mode: 'auto' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.design).toEqual({ shape: 'circle', title: 'Capstone Project in Applied Data Science', icon: 'code' });
    const imageUrl: string = created.body.image.id;
    expect(imageUrl.startsWith(`${cloud.outputs.PublicApiUrl}/images/${id}/`)).toBe(true);
    const image = await fetch(imageUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/svg+xml');
    expect(await image.text()).toContain('<title id="badge-title">Capstone Project in Applied Data Science</title>');

    const changed = await designer.request('PATCH', `/achievements/${id}`, { design: { shape: 'rosette', title: 'Capstone', subtitle: 'With distinction', color: '#fbbf24', icon: 'trophy' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ version: 2, image: { caption: 'Capstone, With distinction badge' } });
    expect(changed.body.image.id).not.toBe(imageUrl);
    const redrawn = await (await fetch(changed.body.image.id)).text();
    expect(redrawn).toContain('fill="#fbbf24"');
    // The first image stays: credentials issued under version 1 still show it.
    expect((await fetch(imageUrl)).status).toBe(200);

    const bad = await designer.request('PATCH', `/achievements/${id}`, { design: { shape: 'star', title: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.design.shape', 'body.design.title']);
  });
});
