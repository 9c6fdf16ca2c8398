import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The staff console's build: one HTML page, one script and one stylesheet with hashed names, no
 * inline script or style (the console's CSP allows only its own files), no source maps shipped.
 * `npm run console:build` and the CDK app (infra/constructs/staff-console.ts) run it offline.
 */
const root = path.dirname(fileURLToPath(import.meta.url));
export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Vite's preload polyfill is an inline script: the CSP would refuse it, and every browser the
    // console supports has modulepreload.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
