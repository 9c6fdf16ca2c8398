import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROLES } from '../shared/http/auth';
import { PROJECT_ROOT } from './cloud';
import { mintToken, type IdentityState } from './identity-provider';

/**
 * `npm run token -- --user NAME --groups issuer,approver` prints a bearer token for the running
 * local cloud's admin API. Plural group names ("issuers") are accepted for the roles.
 */
export function parseGroups(list: string): string[] {
  return list
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
    .map((g) => {
      if ((ROLES as readonly string[]).includes(g)) return g;
      const singular = g.replace(/s$/, '');
      if ((ROLES as readonly string[]).includes(singular)) return singular;
      throw new Error(`unknown group '${g}' (roles: ${ROLES.join(', ')})`);
    });
}

if (import.meta.url.endsWith(process.argv[1]!.split('/').pop()!)) {
  const { values } = parseArgs({
    options: { user: { type: 'string' }, groups: { type: 'string', default: '' }, ttl: { type: 'string', default: '3600' }, state: { type: 'string', default: '.local' } },
  });
  try {
    if (!values.user) throw new Error('--user NAME is required');
    const identity = JSON.parse(readFileSync(path.resolve(PROJECT_ROOT, values.state!, 'identity.json'), 'utf8')) as IdentityState;
    console.log(await mintToken(identity, values.user, parseGroups(values.groups!), Number(values.ttl)));
  } catch (e) {
    console.error(`token: ${(e as Error).message}${(e as NodeJS.ErrnoException).code === 'ENOENT' ? ' (is `npm start` running?)' : ''}`);
    process.exit(2);
  }
}
