/**
 * The two string formats the OB credential schema uses, `date` and `date-time`, as ajv-formats'
 * full formats check them (RFC 3339 full-date and date-time, the time zone required, a leap
 * second only at 23:59 UTC), for the generated validator (validator-source.ts).
 *
 * Ported from ajv-formats 3.0.1, dist/formats.js (MIT License, Copyright (c) 2020 Evgeny
 * Poberezkin). The validator imported that module instead: a CommonJS module, which esbuild
 * keeps in a bundle with everything it builds at load even where nothing validates — 8 KB of 20
 * functions that never do. test/unit/ob-validator-annotations.test.ts checks these against
 * ajv-formats' own.
 */

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function date(str: string): boolean {
  const matches = DATE.exec(str);
  if (!matches) return false;
  const year = +matches[1]!;
  const month = +matches[2]!;
  const day = +matches[3]!;
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!);
}

const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;

/** A full-time with its time zone (ajv-formats' time with strictTimeZone). */
function time(str: string): boolean {
  const matches = TIME.exec(str);
  if (!matches) return false;
  const hr = +matches[1]!;
  const min = +matches[2]!;
  const sec = +matches[3]!;
  const tz = matches[4];
  const tzSign = matches[5] === '-' ? -1 : 1;
  const tzH = +(matches[6] || 0);
  const tzM = +(matches[7] || 0);
  if (tzH > 23 || tzM > 59 || !tz) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  // A leap second: 23:59:60 in UTC.
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

const DATE_TIME_SEPARATOR = /t|\s/i;

function dateTime(str: string): boolean {
  const parts = str.split(DATE_TIME_SEPARATOR);
  return parts.length === 2 && date(parts[0]!) && time(parts[1]!);
}

/** In the shape of ajv-formats' fullFormats, as Ajv's standalone code reads them (`.validate`). */
export const obFormats = {
  date: { validate: date },
  'date-time': { validate: dateTime },
};
