/** Reading a cohort file in the browser: its header row (to offer a column mapping) and its SHA-256 (the API's guard against issuing one file twice). */

/** The fields of one CSV line, quotes and doubled quotes honoured (RFC 4180). */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cell), (cell = '');
    else cell += ch;
  }
  cells.push(cell);
  return cells.map((c) => c.replace(/^\uFEFF/, '').trim()).filter(Boolean);
}

/** The header row of a CSV file: only its first 64 KiB are read. */
export async function csvHeader(file: File): Promise<string[]> {
  if (/\.jsonl?$|\.ndjson$/i.test(file.name)) return [];
  const head = await file.slice(0, 64 * 1024).text();
  return parseCsvLine(head.split(/\r?\n/)[0] ?? '');
}
csvHeader.parse = parseCsvLine;

export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
