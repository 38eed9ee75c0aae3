/**
 * Report periods: the CLI's period flags parsed into a PeriodRequest, and a
 * request resolved into a half-open Period in the team zone.
 *
 * Calendar arithmetic runs on day numbers (days since 1970-01-01 on the local
 * calendar), so it never depends on a day's length. Only the final boundaries
 * become instants, through the zone.
 */
import { daysFromCivil, daysInMonth } from '../time/civil.js';
import { zoneFor } from '../time/zone.js';
import type { Zone } from '../time/zone.js';
import type { Period } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A date on the local calendar; month is 1-12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A period as the command line requests it, before as-of and the zone fix its instants. */
export type PeriodRequest =
  /** `--week`: the last complete week before as-of. */
  | { kind: 'last-week' }
  /** `--week this`: from the start of the current week up to as-of. */
  | { kind: 'this-week' }
  /** `--week 2026-W44`. */
  | { kind: 'iso-week'; year: number; week: number }
  /** `--month`: the last complete month. */
  | { kind: 'last-month' }
  /** `--month 2026-11`. */
  | { kind: 'month'; year: number; month: number }
  /** `--quarter`: the last complete quarter. */
  | { kind: 'last-quarter' }
  /** `--quarter 2026-Q4`. */
  | { kind: 'quarter'; year: number; quarter: number }
  /** `--day`: the day before as-of's day. */
  | { kind: 'yesterday' }
  /** `--day 2026-11-02`. */
  | { kind: 'day'; date: LocalDate }
  /** `--from 2026-11-02 --to 2026-11-08`, both days included. */
  | { kind: 'range'; from: LocalDate; to: LocalDate };

/** The flags that choose a period. */
export type PeriodFlag = '--week' | '--month' | '--quarter' | '--day' | '--from';

/**
 * Parses one period flag and its value (undefined when the flag was given
 * alone) into a request. `--from` takes the `--to` value as its third argument.
 * Throws an Error naming the flag, the value and the expected form.
 */
export function parsePeriodArgument(flag: PeriodFlag, value: string | undefined, to?: string): PeriodRequest {
  const text = value?.trim() ?? '';
  checkYear(flag, text);
  if (flag === '--from') checkYear('--to', to?.trim() ?? '');

  switch (flag) {
    case '--week': {
      if (text === '') return { kind: 'last-week' };
      if (text.toLowerCase() === 'this') return { kind: 'this-week' };
      const match = /^(\d{4})-W(\d{2})$/i.exec(text);
      const week = match ? Number(match[2]) : 0;
      if (!match || week < 1 || week > 53) {
        throw new Error(`--week "${text}" is not a week; write 2026-W44, this, or nothing for last week`);
      }
      return { kind: 'iso-week', year: Number(match[1]), week };
    }

    case '--month': {
      if (text === '') return { kind: 'last-month' };
      const match = /^(\d{4})-(\d{2})$/.exec(text);
      const month = match ? Number(match[2]) : 0;
      if (!match || month < 1 || month > 12) {
        throw new Error(`--month "${text}" is not a month; write 2026-11, or nothing for last month`);
      }
      return { kind: 'month', year: Number(match[1]), month };
    }

    case '--quarter': {
      if (text === '') return { kind: 'last-quarter' };
      const match = /^(\d{4})-Q([1-4])$/i.exec(text);
      if (!match) {
        throw new Error(`--quarter "${text}" is not a quarter; write 2026-Q4, or nothing for last quarter`);
      }
      return { kind: 'quarter', year: Number(match[1]), quarter: Number(match[2]) };
    }

    case '--day': {
      if (text === '') return { kind: 'yesterday' };
      const date = parseLocalDate(text);
      if (date === null) {
        throw new Error(`--day "${text}" is not a date; write 2026-11-02, or nothing for yesterday`);
      }
      return { kind: 'day', date };
    }

    case '--from': {
      const toText = to?.trim() ?? '';
      if (text === '' || toText === '') {
        throw new Error('--from and --to go together; write --from 2026-11-02 --to 2026-11-08');
      }
      const from = parseLocalDate(text);
      if (from === null) throw new Error(`--from "${text}" is not a date; write 2026-11-02`);
      const until = parseLocalDate(toText);
      if (until === null) throw new Error(`--to "${toText}" is not a date; write 2026-11-08`);
      if (dayNumberOf(until) < dayNumberOf(from)) {
        throw new Error(`--to ${toText} is before --from ${text}; give the earlier date to --from`);
      }
      return { kind: 'range', from, to: until };
    }
  }
}

/** Years a period may fall in; outside them a year is almost surely a typo such as 0226 for 2026. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;

function checkYear(flag: string, text: string): void {
  const match = /^(\d{4})-/.exec(text);
  if (match === null) return;
  const year = Number(match[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new Error(`${flag} "${text}" has the year ${match[1]}, outside ${FIRST_YEAR} to ${LAST_YEAR}; check it for a typo`);
  }
}

/** Parses `YYYY-MM-DD` into a date that exists on the calendar, or returns null. */
export function parseLocalDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;

  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isValidDate(date) ? date : null;
}

/**
 * Resolves a request into a period in the team zone. `asOf` is the instant
 * treated as now (epoch ms). `weekStartsOn` is an ISO weekday (1 = Monday ...
 * 7 = Sunday, and 0 is accepted as Sunday too). Throws RangeError for an
 * unknown zone, a date or week that does not exist, or a range that ends
 * before it starts.
 */
export function resolvePeriod(request: PeriodRequest, asOf: number, timezone: string, weekStartsOn = 1): Period {
  const zone = zoneFor(timezone);
  const weekStart = normalizeWeekStart(weekStartsOn);
  const today = zone.dayNumber(asOf);

  switch (request.kind) {
    case 'last-week': {
      const start = startOfWeek(today, weekStart) - 7;
      return wholeDays(zone, weekLabel(start, weekStart), start, start + 7);
    }

    case 'this-week': {
      const start = startOfWeek(today, weekStart);
      const partialDay = { wholeDays: today - start, ...elapsedPartOfDay(zone, today, asOf) };
      return {
        label: weekLabel(start, weekStart),
        start: startOfLocalDay(zone, start),
        end: asOf,
        timezone: zone.name,
        days: partialDay.wholeDays + partialDay.elapsedMs / partialDay.dayMs,
        partialDay,
      };
    }

    case 'iso-week': {
      const { year, week } = request;
      if (!Number.isInteger(year) || !Number.isInteger(week) || week < 1 || week > isoWeeksInYear(year)) {
        throw new RangeError(
          `${formatIsoWeek(year, week)} does not exist: ${year} has ${isoWeeksInYear(year)} ISO weeks`,
        );
      }
      // With another start day, the week is the one that contains the ISO week's Monday.
      const monday = isoWeekOneMonday(year) + (week - 1) * 7;
      const start = startOfWeek(monday, weekStart);
      return wholeDays(zone, weekLabel(start, weekStart), start, start + 7);
    }

    case 'last-month': {
      const local = fromDayNumber(today);
      const month = local.month === 1 ? { year: local.year - 1, month: 12 } : { year: local.year, month: local.month - 1 };
      return monthPeriod(zone, month.year, month.month);
    }

    case 'month': {
      checkDate({ year: request.year, month: request.month, day: 1 }, `${request.year}-${pad2(request.month)}`);
      return monthPeriod(zone, request.year, request.month);
    }

    case 'last-quarter': {
      const local = fromDayNumber(today);
      const current = Math.floor((local.month - 1) / 3) + 1;
      const previous = current === 1 ? { year: local.year - 1, quarter: 4 } : { year: local.year, quarter: current - 1 };
      return quarterPeriod(zone, previous.year, previous.quarter);
    }

    case 'quarter': {
      const { year, quarter } = request;
      if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
        throw new RangeError(`${year}-Q${quarter} does not exist: a quarter is Q1 to Q4`);
      }
      checkDate({ year, month: 1, day: 1 }, `${year}-Q${quarter}`);
      return quarterPeriod(zone, year, quarter);
    }

    case 'yesterday': {
      const day = today - 1;
      return wholeDays(zone, formatDate(fromDayNumber(day)), day, day + 1);
    }

    case 'day': {
      checkDate(request.date, formatDate(request.date));
      const day = dayNumberOf(request.date);
      return wholeDays(zone, formatDate(request.date), day, day + 1);
    }

    case 'range': {
      const fromLabel = formatDate(request.from);
      const toLabel = formatDate(request.to);
      checkDate(request.from, fromLabel);
      checkDate(request.to, toLabel);
      const from = dayNumberOf(request.from);
      const to = dayNumberOf(request.to);
      if (to < from) {
        throw new RangeError(`the period ${fromLabel}..${toLabel} ends before it starts; give the earlier date first`);
      }
      return wholeDays(zone, `${fromLabel}..${toLabel}`, from, to + 1);
    }
  }
}

/** Returns the number of ISO weeks (52 or 53) in an ISO week-numbering year. */
export function isoWeeksInYear(year: number): number {
  // 28 December always lies in the last ISO week of its year.
  return isoWeekOf(dayNumberOf({ year, month: 12, day: 28 })).week;
}

/** Returns the ISO week-numbering year and week of a local day number. */
export function isoWeekOf(dayNumber: number): { year: number; week: number } {
  // An ISO week belongs to the year that contains its Thursday.
  const thursday = dayNumber - isoWeekday(dayNumber) + 4;
  const year = fromDayNumber(thursday).year;
  return { year, week: Math.floor((thursday - isoWeekOneMonday(year)) / 7) + 1 };
}

/** Returns the instant of local midnight that starts a local day number. */
export function startOfLocalDay(zone: Zone, dayNumber: number): number {
  const date = fromDayNumber(dayNumber);
  const midnight = zone.toInstant(date.year, date.month, date.day);
  if (midnight !== null) return midnight;

  // Midnight falls in a spring-forward gap in a few zones, so the day starts
  // at the transition: wall midnight read with the offset in force before it.
  const wall = dayNumber * DAY_MS;
  return wall - zone.offsetAt(wall - DAY_MS);
}

/** Returns the local calendar date of a day number. */
export function fromDayNumber(dayNumber: number): LocalDate {
  const date = new Date(dayNumber * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Returns the day number (days since 1970-01-01) of a local calendar date. */
export function dayNumberOf(date: LocalDate): number {
  return daysFromCivil(date.year, date.month, date.day);
}

/** Returns the ISO weekday (1 = Monday ... 7 = Sunday) of a day number. */
export function isoWeekday(dayNumber: number): number {
  // Day 0, 1970-01-01, was a Thursday.
  return (((dayNumber + 3) % 7) + 7) % 7 + 1;
}

/** Formats a local date as `YYYY-MM-DD`. */
export function formatDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

function wholeDays(zone: Zone, label: string, firstDay: number, endDay: number): Period {
  const start = startOfLocalDay(zone, firstDay);
  const end = startOfLocalDay(zone, endDay);
  // Only a period of skipped days is empty: Pacific/Apia went from 2011-12-29 to 2011-12-31.
  if (end <= start) throw new RangeError(`${label} does not exist in ${zone.name}, whose clocks skipped it; choose another day`);
  return { label, start, end, timezone: zone.name, days: endDay - firstDay };
}

function monthPeriod(zone: Zone, year: number, month: number): Period {
  const first = dayNumberOf({ year, month, day: 1 });
  const end = dayNumberOf({ year, month: month + 1, day: 1 });
  return wholeDays(zone, `${year}-${pad2(month)}`, first, end);
}

function quarterPeriod(zone: Zone, year: number, quarter: number): Period {
  const firstMonth = (quarter - 1) * 3 + 1;
  const first = dayNumberOf({ year, month: firstMonth, day: 1 });
  const end = dayNumberOf({ year, month: firstMonth + 3, day: 1 });
  return wholeDays(zone, `${year}-Q${quarter}`, first, end);
}

/**
 * Returns the ms of its local day that have elapsed at an instant, and the
 * day's real length in ms, both measured in absolute time.
 */
function elapsedPartOfDay(zone: Zone, dayNumber: number, instant: number): { elapsedMs: number; dayMs: number } {
  // NOTE: on a DST day this is elapsed time over 23 or 25 hours, not the wall
  // clock's hour over 24. The two differ only after the transition on that day.
  const start = startOfLocalDay(zone, dayNumber);
  const end = startOfLocalDay(zone, dayNumber + 1);
  return { elapsedMs: instant - start, dayMs: end - start };
}

function startOfWeek(dayNumber: number, weekStart: number): number {
  return dayNumber - ((isoWeekday(dayNumber) - weekStart + 7) % 7);
}

function weekLabel(firstDay: number, weekStart: number): string {
  if (weekStart !== 1) return `week of ${formatDate(fromDayNumber(firstDay))}`;
  const { year, week } = isoWeekOf(firstDay);
  return formatIsoWeek(year, week);
}

function formatIsoWeek(year: number, week: number): string {
  return `${year}-W${pad2(week)}`;
}

function isoWeekOneMonday(year: number): number {
  // 4 January always lies in ISO week 1.
  const january4 = dayNumberOf({ year, month: 1, day: 4 });
  return january4 - isoWeekday(january4) + 1;
}

function normalizeWeekStart(weekStartsOn: number): number {
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 7) {
    throw new RangeError(`week start ${weekStartsOn} is not a weekday; use 1 (Monday) to 7 (Sunday)`);
  }
  return weekStartsOn === 0 ? 7 : weekStartsOn;
}

function isValidDate(date: LocalDate): boolean {
  const { year, month, day } = date;
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function checkDate(date: LocalDate, label: string): void {
  if (!isValidDate(date)) throw new RangeError(`${label} is not a date on the calendar`);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
