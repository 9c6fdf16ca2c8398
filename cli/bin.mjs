#!/usr/bin/env node
// `npx laurel`: runs the TypeScript CLI through tsx, as the rest of the project's tools do.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./laurel.ts');
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`laurel: ${e.message}\n`);
    process.exit(e.name === 'UsageError' || e.name === 'TypeError' ? 2 : 1);
  },
);
