/**
 * Wall-clock arithmetic in an IANA time zone, fast enough to run once per row.
 *
 * Intl.DateTimeFormat costs several microseconds a call, so the UTC offset is
 * cached per UTC day far from an offset change, and otherwise per 15-minute
 * bucket of UTC time: every transition of a current zone falls on a quarter
 * hour, so one bucket never spans two offsets. The CLI
 * reads offsets through Date's local time instead, which starts faster and
 * gives the same offsets (src/time/process-clock.ts).
 */
import { civilTime, offsetFromLocalTime } from './civil.js';
import { processClockOffsets } from './process-clock.js';

const BUCKET_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Local calendar fields of an instant. Month is 1-12, weekday is ISO (1 = Monday). */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
}

export class Zone {
  readonly name: string;
  private readonly readOffset: (probe: number) => number;
  private readonly offsets = new Map<number, number>();
  /** Offset of each UTC day read so far (by day number), or NaN for a day near an offset change. */
  private readonly dayOffsets = new Map<number, number>();

  constructor(name: string) {
    const viaClock = processClockOffsets(name);
    if (viaClock !== null) {
      this.name = name;
      this.readOffset = viaClock;
      return;
    }

    // Throws RangeError for a name the tz database does not know.
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    // ICU resolves some current names to older ones (Asia/Kolkata to Asia/Calcutta,
    // Europe/Kyiv to Europe/Kiev), so only its capitalization is kept.
    const resolved = format.resolvedOptions().timeZone;
    this.name = resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
    this.readOffset = (probe) => intlOffset(format, probe);
  }

  /**
   * Returns the zone's UTC offset in milliseconds at an instant (east of UTC
   * is positive). A UTC day whose offset is the same a day before it and a
   * day after it keeps that offset throughout. That assumes at most one
   * offset change within three days, as toInstant() does, and ICU's data
   * has no zone with two from 1970 to 2040 (checked at 15-minute steps).
   * Such a day costs two reads instead of one per quarter hour, and an Intl
   * read takes about 1.4 µs.
   */
  offsetAt(instant: number): number {
    const day = Math.floor(instant / DAY_MS);
    let dayOffset = this.dayOffsets.get(day);
    if (dayOffset === undefined) {
      const before = this.bucketOffset((day - 1) * DAY_MS);
      dayOffset = before === this.bucketOffset((day + 2) * DAY_MS) ? before : Number.NaN;
      this.dayOffsets.set(day, dayOffset);
    }
    return Number.isNaN(dayOffset) ? this.bucketOffset(instant) : dayOffset;
  }

  /** Returns the offset at an instant, read once per 15-minute bucket. */
  private bucketOffset(instant: number): number {
    const bucket = Math.floor(instant / BUCKET_MS);
    const cached = this.offsets.get(bucket);
    if (cached !== undefined) return cached;

    const offset = this.readOffset(bucket * BUCKET_MS);
    this.offsets.set(bucket, offset);
    return offset;
  }

  /**
   * Converts a local wall time to an instant. In a fall-back hour the earlier
   * of the two instants is returned; a wall time inside a spring-forward gap
   * does not exist and gives null.
   */
  toInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number | null {
    const wall = civilTime(year, month, day, hour, minute, second, millisecond);

    // The offsets a day either side bracket any single transition near this wall time.
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const first = wall - before;
    const second_ = wall - after;
    const firstValid = this.offsetAt(first) === before;
    const secondValid = this.offsetAt(second_) === after;

    if (firstValid && secondValid) return Math.min(first, second_);
    if (firstValid) return first;
    if (secondValid) return second_;
    return null;
  }

  /** Returns the local calendar fields of an instant. */
  toLocal(instant: number): LocalTime {
    const shifted = new Date(instant + this.offsetAt(instant));
    const weekday = shifted.getUTCDay();
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
      millisecond: shifted.getUTCMilliseconds(),
      weekday: weekday === 0 ? 7 : weekday,
    };
  }

  /** Returns the instant of local midnight starting the calendar day that contains an instant. */
  startOfDay(instant: number): number {
    const local = this.toLocal(instant);
    return this.startOfDate(local.year, local.month, local.day);
  }

  /** Returns the instant a local calendar date starts: its midnight, or the end of the gap when the clocks skip midnight. */
  startOfDate(year: number, month: number, day: number): number {
    const midnight = this.toInstant(year, month, day);
    if (midnight !== null) return midnight;

    // Some zones spring forward at 00:00, so midnight does not exist and the
    // day starts at the transition: wall midnight under the offset before it.
    const wall = civilTime(year, month, day);
    return wall - this.offsetAt(wall - DAY_MS);
  }

  /** Returns a day number (days since 1970-01-01 on the local calendar) for an instant. */
  dayNumber(instant: number): number {
    return Math.floor((instant + this.offsetAt(instant)) / DAY_MS);
  }

  /** Formats an instant as ISO 8601 with this zone's offset, e.g. `2026-11-02T09:00:00-05:00`. */
  formatIso(instant: number): string {
    const offset = this.offsetAt(instant);
    // Dropping ".sssZ" rather than keeping 19 characters keeps the seconds of a year written with six digits and a sign.
    const shifted = new Date(instant + offset).toISOString().slice(0, -5);
    const sign = offset < 0 ? '-' : '+';
    // Local mean time before 1900 has offsets in seconds, which ISO 8601 cannot write; round to the minute.
    const minutes = Math.round(Math.abs(offset) / 60000);
    const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
    const mm = String(minutes % 60).padStart(2, '0');
    return `${shifted}${sign}${hh}:${mm}`;
  }
}

/** Reads an offset from the wall time Intl formats for an instant (to the second, as Intl formats it). */
export function intlOffset(format: Intl.DateTimeFormat, instant: number): number {
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of format.formatToParts(instant)) {
    const n = Number(part.value);
    switch (part.type) {
      case 'day': day = n; break;
      case 'hour': hour = n; break;
      case 'minute': minute = n; break;
      case 'second': second = n; break;
      default: break;
    }
  }
  return offsetFromLocalTime(Math.floor(instant / 1000) * 1000, day, hour, minute, second, 0);
}

const zones = new Map<string, Zone>();

/** Returns a shared Zone for an IANA name; throws RangeError for an unknown name. */
export function zoneFor(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = new Zone(name);
    zones.set(name, zone);
  }
  return zone;
}
