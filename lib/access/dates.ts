/**
 * Calendar dates as "YYYY-MM-DD" strings, with no time zone attached.
 *
 * RERO+ gives dates without a zone (`expiration_date` is a local date of the
 * library, `birthdate` a plain date), so the access rules compare calendar
 * dates, never instants. The one place an instant meets a zone is
 * `localDate`: "what day is it now, in the library?". Only Intl is used.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function split(value: unknown): CalendarDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function parse(date: string): CalendarDate {
  const parts = split(date);
  if (!parts) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return parts;
}

function format({ year, month, day }: CalendarDate): string {
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`Year ${year} does not fit "YYYY-MM-DD"`);
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** True for a real "YYYY-MM-DD" date of the (proleptic) Gregorian calendar: "2027-02-29" is false. */
export function isCalendarDate(value: unknown): value is string {
  return split(value) !== undefined;
}

/**
 * Midnight UTC at the start of `date`, for formatting the date with Intl
 * (pass `timeZone: 'UTC'` so it never shifts to the day before).
 */
export function atUtcMidnight(date: string): Date {
  const { year, month, day } = parse(date);
  const instant = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  instant.setUTCFullYear(year, month - 1, day);
  return instant;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date, by arithmetic (no Date
 * object: every access decision compares several dates). The "days from civil"
 * algorithm of H. Hinnant, "chrono-Compatible Low-Level Date Algorithms".
 */
function daysFromCivil({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of daysFromCivil (same source). */
function civilFromDays(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day numbers of the dates met lately: every access decision compares the same few (expiry dates, today). */
const dayNumbers = new Map<string, number>();

function dayNumber(date: string): number {
  let day = dayNumbers.get(date);
  if (day === undefined) {
    day = daysFromCivil(parse(date));
    if (dayNumbers.size >= 10_000) dayNumbers.clear();
    dayNumbers.set(date, day);
  }
  return day;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The calendar date ("YYYY-MM-DD") of the instant `now` in `timeZone`
 * (an IANA name such as "Europe/Zurich"). Throws RangeError for an unknown
 * time zone or an invalid Date.
 */
export function localDate(now: Date, timeZone: string): string {
  // Asked on every access decision. Every zone's offset from UTC is a whole number of quarter
  // hours (IANA tz database, current rules), so a local date can only change at a UTC instant
  // that is a multiple of 15 minutes: within one such quarter the answer is the same.
  const quarter = Math.floor(now.getTime() / QUARTER_HOUR_MS);
  const cached = lastLocalDates.get(timeZone);
  if (cached && cached.quarter === quarter) return cached.date;
  const date = computeLocalDate(now, timeZone);
  if (Number.isFinite(quarter)) lastLocalDates.set(timeZone, { quarter, date });
  return date;
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const lastLocalDates = new Map<string, { quarter: number; date: string }>();

function computeLocalDate(now: Date, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value);
  return format({ year: part('year'), month: part('month'), day: part('day') });
}

/** `date` moved by `days` calendar days (negative moves back). Throws past year 9999. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return format(civilFromDays(dayNumber(date) + days));
}

/** Negative when `a` is before `b`, 0 when the same day, positive when after. */
export function compareDates(a: string, b: string): number {
  return Math.sign(dayNumber(a) - dayNumber(b));
}

/**
 * Age in whole years on `today` of someone born on `birthDate`.
 *
 * Someone born on 29 February has their birthday on 1 March in common years:
 * on 28 February (month and day before 02-29) they are not a year older yet.
 * A birth date after `today` gives a negative age.
 */
export function ageOn(birthDate: string, today: string): number {
  const born = parse(birthDate);
  const on = parse(today);
  const birthdayPassed = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (birthdayPassed ? 0 : 1);
}
