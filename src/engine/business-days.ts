/**
 * Business days for same-day ticket resolution: which business day a ticket
 * belongs to and the instant that day closes, in the team zone.
 */
import { zoneFor } from '../time/zone.js';
import type { Zone } from '../time/zone.js';
import { dayNumberOf, fromDayNumber, isoWeekday, parseLocalDate } from './periods.js';
import type { BusinessHours } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

/** The business day a ticket belongs to. */
export interface BusinessDay {
  /** Local day number (days since 1970-01-01 on the team-zone calendar). */
  day: number;
  /** The instant the day closes; a ticket resolved at or before it is resolved the same day. */
  closesAt: number;
}

export interface BusinessCalendar {
  /**
   * Returns the business day of a ticket created at an instant: the day of
   * creation when that is a business day and the ticket came in before closing
   * time (also before opening), else the next business day.
   */
  businessDayOf(createdAt: number): BusinessDay;
}

/**
 * Builds a calendar from opening hours and `YYYY-MM-DD` holiday dates. Throws
 * RangeError when the hours are invalid, a holiday is not a date, or no day of
 * the week is a business day (every ticket would wait forever).
 */
export function createBusinessCalendar(hours: BusinessHours, holidays: readonly string[], timezone: string): BusinessCalendar {
  const zone = zoneFor(timezone);
  const weekdays = checkWeekdays(hours.days);
  checkHours(hours);

  const holidayDays = new Set<number>();
  for (const text of holidays) {
    const date = parseLocalDate(text);
    if (date === null) throw new RangeError(`holiday "${text}" is not a date; write YYYY-MM-DD, e.g. 2026-12-25`);
    holidayDays.add(dayNumberOf(date));
  }

  // Each holiday removes at most one business day, so a business day turns up
  // within this many days of any date.
  const searchLimit = 7 * (holidayDays.size + 1);
  const closing = new Map<number, number>();

  function isBusinessDay(day: number): boolean {
    return weekdays.has(isoWeekday(day)) && !holidayDays.has(day);
  }

  function closesAt(day: number): number {
    let instant = closing.get(day);
    if (instant === undefined) {
      instant = localTime(zone, day, hours.close);
      closing.set(day, instant);
    }
    return instant;
  }

  return {
    businessDayOf(createdAt: number): BusinessDay {
      const created = zone.dayNumber(createdAt);
      // Business hours are half-open like periods: at closing time the day is already over.
      if (isBusinessDay(created) && createdAt < closesAt(created)) {
        return { day: created, closesAt: closesAt(created) };
      }

      for (let day = created + 1; day <= created + searchLimit; day++) {
        if (isBusinessDay(day)) return { day, closesAt: closesAt(day) };
      }
      // Unreachable while weekdays is non-empty. The bound keeps a bug from looping forever.
      throw new RangeError(`no business day within ${searchLimit} days after ${zone.formatIso(createdAt)}`);
    },
  };
}

/**
 * Returns the instant of a wall time (minutes after midnight) on a local day.
 * A time inside a spring-forward gap moves forward by the gap, as clocks do.
 */
function localTime(zone: Zone, day: number, minutes: number): number {
  const date = fromDayNumber(day);
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const instant = zone.toInstant(date.year, date.month, date.day, hour, minute);
  if (instant !== null) return instant;

  const wall = day * DAY_MS + minutes * MINUTE_MS;
  return wall - zone.offsetAt(wall - DAY_MS);
}

function checkWeekdays(days: readonly number[]): Set<number> {
  for (const day of days) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new RangeError(`business day ${day} is not an ISO weekday; use 1 (Monday) to 7 (Sunday)`);
    }
  }
  if (days.length === 0) {
    throw new RangeError('business hours name no weekday, so no ticket could ever be resolved the same day; list at least one day');
  }
  return new Set(days);
}

function checkHours(hours: BusinessHours): void {
  const { open, close } = hours;
  if (!Number.isInteger(open) || !Number.isInteger(close) || open < 0 || close > 24 * 60 || open >= close) {
    throw new RangeError(
      `business hours ${open}..${close} (minutes after midnight) are invalid; opening must come before closing within one day`,
    );
  }
}
