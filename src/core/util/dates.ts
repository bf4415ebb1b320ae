/**
 * Calendar dates as ISO 8601 strings (`YYYY-MM-DD`). The core never reads the clock: hosts take the date
 * once per run and pass it in, so that every report can be reproduced with a fixed date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An ISO 8601 date, optionally followed by a time (`2026-03-12T09:30Z`): the date part is what counts. */
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether a text is exactly a calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** The `YYYY-MM-DD` date of an ISO 8601 date or date-time written in a document, or undefined when it is not one. */
export function isoDatePart(text: string): string | undefined {
  const date = ISO_DATE_TIME.exec(text.trim())?.[1];
  return date !== undefined && isIsoDate(date) ? date : undefined;
}

/** The local calendar date of a host's clock reading, as `YYYY-MM-DD`. */
export function isoDateOf(date: Date): string {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

/** When a test result was produced, for messages: `2026-09-14 08:53 UTC`, from ms since the epoch. */
export function resultTimeText(time: number): string {
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function utcOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** Whole days from one `YYYY-MM-DD` date to another (negative when `to` is earlier); calendar days, so month ends and leap years count as they fall. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcOf(to) - utcOf(from)) / DAY_MS);
}

/** The `YYYY-MM-DD` date `days` calendar days after `date` (before it when negative). */
export function addDays(date: string, days: number): string {
  return new Date(utcOf(date) + days * DAY_MS).toISOString().slice(0, 10);
}
