/** How the console writes times, ages and counts: plain, in the reader's locale. */
export const dateTime = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export const date = (iso: string | undefined) => (iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—');

export function age(minutes: number | undefined): string {
  if (minutes === undefined) return '—';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} days`;
}

/** How long until a deadline, in words, and whether it is close (a day or less). */
export function dueIn(iso: string | undefined, now = Date.now()): { text: string; soon: boolean } {
  if (!iso) return { text: '—', soon: false };
  const minutes = Math.floor((Date.parse(iso) - now) / 60_000);
  if (minutes <= 0) return { text: 'expiring now', soon: true };
  return { text: `in ${age(minutes)}`, soon: minutes <= 24 * 60 };
}

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'unknown';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Roles that are Laurel's own; any other group is an approval role (assessor, programme-lead…). */
export const LAUREL_ROLES = ['admin', 'designer', 'issuer', 'approver', 'registrar', 'auditor'];
/** The approval roles a person answers for: their own (assessor…) first, then the general approver. */
export const approvalRolesOf = (groups: readonly string[]) => [...new Set([...groups.filter((g) => !LAUREL_ROLES.includes(g)), 'approver'])];

/** Saves a Blob as a file (reports, evidence packs, templates). */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
