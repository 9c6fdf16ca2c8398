#!/usr/bin/env node
/**
 * Fails when a tracked file names a relative path that leaves the repository (for example the
 * standards kit beside the clone, three levels up from test/unit): a user's clone has nothing beside it, so a
 * test or build step reading such a path passes here and fails there. Each `..` path is
 * resolved from the folder of the file that names it. Anything a test needs is copied into the
 * repository instead (test/fixtures/standards, with its origin noted).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
// This file is skipped: it describes the paths it looks for.
const SKIP = /(^|\/)package-lock\.json$|^\.ci\/no-outside-paths\.mjs$|\.(png|jpe?g|gif|ico|pdf|woff2?|zip|gz)$/;
// A run of `../` segments and what follows it, not preceded by a name character or a dot.
const RELATIVE = /(?<![\w.])\.\.\/(?:\.\.\/)*[\w@.+-]*(?:\/[\w@.+-]+)*/g;

const problems = [];
for (const file of files) {
  if (SKIP.test(file)) continue;
  const text = readFileSync(path.join(root, file), 'utf8');
  const base = path.dirname(path.join(root, file));
  for (const [i, line] of text.split('\n').entries()) {
    for (const match of line.matchAll(RELATIVE)) {
      const target = path.resolve(base, match[0]);
      if (target !== root && !target.startsWith(root + path.sep)) problems.push(`${file}:${i + 1}: ${match[0]} leaves the repository (${target})`);
    }
  }
}
if (problems.length) {
  console.error(`Paths outside the repository (a clone of the repository alone has none of them):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`no path outside the repository: ${files.length} tracked files read`);
