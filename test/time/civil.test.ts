import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilTime, daysFromCivil, offsetFromLocalTime } from '../../src/time/civil.js';
import { zoneFor } from '../../src/time/zone.js';
import { createTimestampParser } from '../../src/values/timestamp.js';

const HOUR = 3_600_000;

describe('daysFromCivil', () => {
  it('matches Date.UTC from year 100 on', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (year, month, day) => {
        expect(daysFromCivil(year, month, day) * 86_400_000).toBe(Date.UTC(year, month - 1, day));
      }),
    );
  });

  it('counts years 0-99 as written', () => {
    // 0001-01-01T00:00:00Z is -62,135,596,800 seconds from the epoch.
    expect(civilTime(1, 1, 1)).toBe(-62_135_596_800_000);
    // Year 0 (1 BC) is a leap year of the proleptic calendar, so it has 366 days.
    expect(daysFromCivil(1, 1, 1) - daysFromCivil(0, 1, 1)).toBe(366);
    expect(daysFromCivil(0, 3, 1) - daysFromCivil(0, 2, 28)).toBe(2);
    expect(new Date(civilTime(50, 6, 15, 10)).toISOString()).toBe('0050-06-15T10:00:00.000Z');
  });
});

describe('offsetFromLocalTime', () => {
  it('reads a local time on the next day across a month end', () => {
    // 2026-01-31T20:00Z is 2026-02-01 05:00 at UTC+9.
    expect(offsetFromLocalTime(Date.UTC(2026, 0, 31, 20), 1, 5, 0, 0, 0)).toBe(9 * HOUR);
  });

  it('reads a local time on the previous day across a month start', () => {
    // 2026-03-01T02:00Z is 2026-02-28 21:00 at UTC-5.
    expect(offsetFromLocalTime(Date.UTC(2026, 2, 1, 2), 28, 21, 0, 0, 0)).toBe(-5 * HOUR);
  });

  it('keeps seconds and milliseconds of the offset', () => {
    const instant = Date.UTC(1970, 5, 1, 12, 0, 0, 250);
    // Monrovia kept -0:44:30 until 1972: 12:00:00.250 UTC was 11:15:30.250 there.
    expect(offsetFromLocalTime(instant, 1, 11, 15, 30, 250)).toBe(-(44 * 60 + 30) * 1000);
  });
});

describe('timestamps before year 100', () => {
  it('reads year 1 in a zone as year 1', () => {
    const parse = createTimestampParser({ zone: zoneFor('America/New_York') });
    // New York kept local mean time, -4:56:02, until 1883.
    expect(parse('0001-01-01 00:00:00')).toBe(civilTime(1, 1, 1, 4, 56, 2));
  });

  it('reads 31 December of year 0 before year 1', () => {
    const parse = createTimestampParser({ zone: zoneFor('UTC') });
    expect(parse('0000-12-31 23:00:00')).toBe(civilTime(1, 1, 1) - HOUR);
  });
});

describe('Zone.formatIso far from now', () => {
  it('keeps the seconds of a year before 1 BC', () => {
    // Year -1 (2 BC) needs the six-digit, signed year form of ISO 8601.
    expect(zoneFor('UTC').formatIso(civilTime(-1, 12, 31, 23, 0, 5))).toBe('-000001-12-31T23:00:05+00:00');
  });

  it('writes year 1 with four digits', () => {
    expect(zoneFor('UTC').formatIso(civilTime(1, 1, 1, 0, 0, 7))).toBe('0001-01-01T00:00:07+00:00');
  });
});
