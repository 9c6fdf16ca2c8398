import { execFileSync } from 'node:child_process';

/**
 * The tools a person reads a PDF with: poppler (text, fonts, tagging, a page image) and zbar (the
 * QR code scanned from the rendered page, as a phone would). CI installs both; without them the
 * tests that use them fail rather than skip, naming the package to install.
 */
export const PACKAGES = { pdftotext: 'poppler-utils', pdffonts: 'poppler-utils', pdfinfo: 'poppler-utils', pdftoppm: 'poppler-utils', zbarimg: 'zbar-tools' } as const;

export function runTool(tool: keyof typeof PACKAGES, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${tool} not found: install the Debian package ${PACKAGES[tool]} (apt-get install ${PACKAGES[tool]})`);
    throw error;
  }
}
