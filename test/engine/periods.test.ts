import { describe, expect, it } from 'vitest';
import { isoWeekOf, isoWeeksInYear, dayNumberOf, parsePeriodArgument, resolvePeriod } from '../../src/engine/periods.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

// Monday 2026-11-02 09:00 in New York, after the fall-back on Sunday 2026-11-01 (EST, UTC-5).
const MONDAY_MORNING_NY = at('2026-11-02T14:00:00Z');

describe('resolvePeriod in America/New_York', () => {
  const zone = 'America/New_York';

  it('takes the week that just ended from a Monday morning', () => {
    const period = resolvePeriod({ kind: 'last-week' }, MONDAY_MORNING_NY, zone);
    // Monday 2026-10-26 00:00 EDT (UTC-4) = 04:00Z
    expect(period.start).toBe(at('2026-10-26T04:00:00Z'));
  });

  it('ends the last week at this Monday midnight', () => {
    const period = resolvePeriod({ kind: 'last-week' }, MONDAY_MORNING_NY, zone);
    // Monday 2026-11-02 00:00 EST (UTC-5) = 05:00Z
    expect(period.end).toBe(at('2026-11-02T05:00:00Z'));
  });

  it('labels the last week with its ISO week', () => {
    const period = resolvePeriod({ kind: 'last-week' }, MONDAY_MORNING_NY, zone);
    expect(period.label).toBe('2026-W44');
  });

  it('makes a fall-back week 169 hours long', () => {
    const period = resolvePeriod({ kind: 'iso-week', year: 2026, week: 44 }, MONDAY_MORNING_NY, zone);
    // 7 × 24 h + the repeated 01:00 hour on 2026-11-01 = 169 h
    expect((period.end - period.start) / HOUR).toBe(169);
  });

  it('counts a fall-back week as 7 days', () => {
    const period = resolvePeriod({ kind: 'iso-week', year: 2026, week: 44 }, MONDAY_MORNING_NY, zone);
    expect(period.days).toBe(7);
  });

  it('makes a spring-forward week 167 hours long', () => {
    // 2026-03-08 is the second Sunday of March, the US spring-forward, in ISO week 10.
    const period = resolvePeriod({ kind: 'iso-week', year: 2026, week: 10 }, MONDAY_MORNING_NY, zone);
    // 7 × 24 h − 1 h = 167 h
    expect((period.end - period.start) / HOUR).toBe(167);
  });

  it('takes last month from a Monday morning', () => {
    const period = resolvePeriod({ kind: 'last-month' }, MONDAY_MORNING_NY, zone);
    // 2026-10-01 00:00 EDT = 04:00Z to 2026-11-01 00:00 EDT = 04:00Z
    expect([period.label, period.start, period.end, period.days]).toEqual([
      '2026-10',
      at('2026-10-01T04:00:00Z'),
      at('2026-11-01T04:00:00Z'),
      31,
    ]);
  });

  it('takes last quarter from a Monday morning', () => {
    const period = resolvePeriod({ kind: 'last-quarter' }, MONDAY_MORNING_NY, zone);
    // Q3 = July 31 + August 31 + September 30 = 92 days, all in EDT
    expect([period.label, period.start, period.end, period.days]).toEqual([
      '2026-Q3',
      at('2026-07-01T04:00:00Z'),
      at('2026-10-01T04:00:00Z'),
      92,
    ]);
  });

  it('takes yesterday as a 25-hour fall-back day', () => {
    const period = resolvePeriod({ kind: 'yesterday' }, MONDAY_MORNING_NY, zone);
    // 2026-11-01 00:00 EDT = 04:00Z to 2026-11-02 00:00 EST = 05:00Z: 25 h
    expect([period.label, period.start, period.end]).toEqual([
      '2026-11-01',
      at('2026-11-01T04:00:00Z'),
      at('2026-11-02T05:00:00Z'),
    ]);
  });

  it('runs this week up to as-of', () => {
    // Wednesday 2026-11-04 12:00 EST = 17:00Z
    const asOf = at('2026-11-04T17:00:00Z');
    const period = resolvePeriod({ kind: 'this-week' }, asOf, zone);
    expect([period.label, period.start, period.end]).toEqual(['2026-W45', at('2026-11-02T05:00:00Z'), asOf]);
  });

  it('counts the elapsed part of the last day this week', () => {
    const asOf = at('2026-11-04T17:00:00Z');
    const period = resolvePeriod({ kind: 'this-week' }, asOf, zone);
    // Monday and Tuesday whole, Wednesday 12 h of 24 = 2 + 0.5
    expect(period.days).toBe(2.5);
    expect(period.partialDay).toEqual({ wholeDays: 2, elapsedMs: 12 * 3_600_000, dayMs: 24 * 3_600_000 });
  });

  it('ends last week at an as-of of Monday midnight', () => {
    // Monday 2026-11-09 00:00 EST = 05:00Z: the week that just ended is 2026-W45.
    const period = resolvePeriod({ kind: 'last-week' }, at('2026-11-09T05:00:00Z'), zone);
    expect([period.label, period.end]).toEqual(['2026-W45', at('2026-11-09T05:00:00Z')]);
  });

  it('has no days this week at Monday midnight', () => {
    const period = resolvePeriod({ kind: 'this-week' }, at('2026-11-09T05:00:00Z'), zone);
    // 0 whole days + 0 h of the Monday
    expect(period.days).toBe(0);
  });

  it('names the resolved zone', () => {
    const period = resolvePeriod({ kind: 'last-week' }, MONDAY_MORNING_NY, zone);
    expect(period.timezone).toBe('America/New_York');
  });

  it('labels a Sunday-start week by its first day', () => {
    // Sunday 2026-11-08 10:00 EST: the last complete Sunday week is 2026-11-01..2026-11-07.
    const period = resolvePeriod({ kind: 'last-week' }, at('2026-11-08T15:00:00Z'), zone, 7);
    expect(period.label).toBe('week of 2026-11-01');
  });

  it('maps an ISO week onto a Sunday-start week', () => {
    // 2026-W45 starts Monday 2026-11-02; the Sunday week containing it starts 2026-11-01.
    const period = resolvePeriod({ kind: 'iso-week', year: 2026, week: 45 }, 0, 'UTC', 7);
    expect([period.label, period.start]).toEqual(['week of 2026-11-01', at('2026-11-01T00:00:00Z')]);
  });

  it('starts a Sunday-start week on Sunday midnight', () => {
    const period = resolvePeriod({ kind: 'last-week' }, at('2026-11-08T15:00:00Z'), zone, 7);
    // Sunday 2026-11-01 00:00 EDT = 04:00Z (before the 02:00 fall-back)
    expect(period.start).toBe(at('2026-11-01T04:00:00Z'));
  });
});

describe('resolvePeriod at ISO year edges', () => {
  it('puts 2026-01-01 in 2026-W01', () => {
    // Monday 2026-01-05: the week before is Monday 2025-12-29 to Sunday 2026-01-04.
    const period = resolvePeriod({ kind: 'last-week' }, at('2026-01-05T12:00:00Z'), 'UTC');
    expect([period.label, period.start]).toEqual(['2026-W01', at('2025-12-29T00:00:00Z')]);
  });

  it('puts 2027-01-01 in 2026-W53', () => {
    // 2026 starts on a Thursday, so it has 53 ISO weeks; W53 is 2026-12-28 to 2027-01-03.
    const period = resolvePeriod({ kind: 'last-week' }, at('2027-01-04T12:00:00Z'), 'UTC');
    expect([period.label, period.start, period.end]).toEqual([
      '2026-W53',
      at('2026-12-28T00:00:00Z'),
      at('2027-01-04T00:00:00Z'),
    ]);
  });

  it('resolves 2020-W53', () => {
    // 2020 starts on a Wednesday and is a leap year: W53 is 2020-12-28 to 2021-01-03.
    const period = resolvePeriod({ kind: 'iso-week', year: 2020, week: 53 }, 0, 'UTC');
    expect(period.start).toBe(at('2020-12-28T00:00:00Z'));
  });

  it('rejects 2025-W53, which does not exist', () => {
    // 2025 starts on a Wednesday and is not a leap year: 52 weeks.
    expect(() => resolvePeriod({ kind: 'iso-week', year: 2025, week: 53 }, 0, 'UTC')).toThrow(RangeError);
  });

  it('names the missing week in the error', () => {
    expect(() => resolvePeriod({ kind: 'iso-week', year: 2027, week: 53 }, 0, 'UTC')).toThrow(/2027-W53/);
  });

  it('counts 53 weeks in 2026', () => {
    expect(isoWeeksInYear(2026)).toBe(53);
  });

  it('counts 52 weeks in 2027', () => {
    expect(isoWeeksInYear(2027)).toBe(52);
  });

  it('finds the ISO week of 2027-01-01', () => {
    expect(isoWeekOf(dayNumberOf({ year: 2027, month: 1, day: 1 }))).toEqual({ year: 2026, week: 53 });
  });

  it('takes last month across a year boundary', () => {
    const period = resolvePeriod({ kind: 'last-month' }, at('2027-01-04T12:00:00Z'), 'UTC');
    expect(period.label).toBe('2026-12');
  });

  it('takes last quarter across a year boundary', () => {
    const period = resolvePeriod({ kind: 'last-quarter' }, at('2027-01-04T12:00:00Z'), 'UTC');
    expect([period.label, period.start, period.end]).toEqual([
      '2026-Q4',
      at('2026-10-01T00:00:00Z'),
      at('2027-01-01T00:00:00Z'),
    ]);
  });
});

describe('resolvePeriod for named days and ranges', () => {
  it('makes a spring-forward day 23 hours long', () => {
    // Europe/London springs forward on Sunday 2026-03-29 at 01:00 GMT.
    const period = resolvePeriod({ kind: 'day', date: { year: 2026, month: 3, day: 29 } }, 0, 'Europe/London');
    // 00:00 GMT = 00:00Z to 2026-03-30 00:00 BST = 2026-03-29T23:00Z: 23 h
    expect((period.end - period.start) / HOUR).toBe(23);
  });

  it('counts a spring-forward day as 1 day', () => {
    const period = resolvePeriod({ kind: 'day', date: { year: 2026, month: 3, day: 29 } }, 0, 'Europe/London');
    expect(period.days).toBe(1);
  });

  it('starts a day at the transition when midnight is skipped', () => {
    // America/Santiago springs forward at 2026-09-06 00:00 (UTC-4) to 01:00 (UTC-3) = 04:00Z.
    const period = resolvePeriod({ kind: 'day', date: { year: 2026, month: 9, day: 6 } }, 0, 'America/Santiago');
    // 04:00Z to 2026-09-07 00:00 UTC-3 = 03:00Z: 23 h
    expect([period.start, period.end]).toEqual([at('2026-09-06T04:00:00Z'), at('2026-09-07T03:00:00Z')]);
  });

  it('labels a day', () => {
    const period = resolvePeriod({ kind: 'day', date: { year: 2026, month: 11, day: 2 } }, 0, 'UTC');
    expect(period.label).toBe('2026-11-02');
  });

  it('labels a month', () => {
    const period = resolvePeriod({ kind: 'month', year: 2026, month: 11 }, 0, 'UTC');
    // November has 30 days
    expect([period.label, period.days]).toEqual(['2026-11', 30]);
  });

  it('labels a quarter', () => {
    const period = resolvePeriod({ kind: 'quarter', year: 2026, quarter: 4 }, 0, 'UTC');
    // 31 + 30 + 31 = 92 days
    expect([period.label, period.days]).toEqual(['2026-Q4', 92]);
  });

  it('includes both days of a range', () => {
    const period = resolvePeriod(
      { kind: 'range', from: { year: 2026, month: 11, day: 2 }, to: { year: 2026, month: 11, day: 8 } },
      0,
      'UTC',
    );
    // 2 to 8 inclusive = 7 days, ending at the start of the 9th
    expect([period.label, period.days, period.end]).toEqual([
      '2026-11-02..2026-11-08',
      7,
      at('2026-11-09T00:00:00Z'),
    ]);
  });

  it('rejects a range that ends before it starts', () => {
    const request = {
      kind: 'range',
      from: { year: 2026, month: 11, day: 8 },
      to: { year: 2026, month: 11, day: 2 },
    } as const;
    expect(() => resolvePeriod(request, 0, 'UTC')).toThrow(RangeError);
  });

  it('rejects a day that is not on the calendar', () => {
    expect(() => resolvePeriod({ kind: 'day', date: { year: 2026, month: 2, day: 29 } }, 0, 'UTC')).toThrow(
      /2026-02-29/,
    );
  });

  it('rejects an unknown zone', () => {
    expect(() => resolvePeriod({ kind: 'last-week' }, 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('parsePeriodArgument', () => {
  it('reads a bare --week as last week', () => {
    expect(parsePeriodArgument('--week', undefined)).toEqual({ kind: 'last-week' });
  });

  it('reads --week this', () => {
    expect(parsePeriodArgument('--week', 'this')).toEqual({ kind: 'this-week' });
  });

  it('reads an ISO week', () => {
    expect(parsePeriodArgument('--week', '2026-W44')).toEqual({ kind: 'iso-week', year: 2026, week: 44 });
  });

  it('explains a week without the W', () => {
    expect(() => parsePeriodArgument('--week', '2026-44')).toThrow(
      '--week "2026-44" is not a week; write 2026-W44, this, or nothing for last week',
    );
  });

  it('rejects week 54', () => {
    expect(() => parsePeriodArgument('--week', '2026-W54')).toThrow(/--week "2026-W54"/);
  });

  it('reads a month', () => {
    expect(parsePeriodArgument('--month', '2026-11')).toEqual({ kind: 'month', year: 2026, month: 11 });
  });

  it('reads a bare --month as last month', () => {
    expect(parsePeriodArgument('--month', undefined)).toEqual({ kind: 'last-month' });
  });

  it('rejects month 13', () => {
    expect(() => parsePeriodArgument('--month', '2026-13')).toThrow(/--month "2026-13" is not a month; write 2026-11/);
  });

  it('reads a quarter', () => {
    expect(parsePeriodArgument('--quarter', '2026-Q4')).toEqual({ kind: 'quarter', year: 2026, quarter: 4 });
  });

  it('rejects quarter 5', () => {
    expect(() => parsePeriodArgument('--quarter', '2026-Q5')).toThrow(/--quarter "2026-Q5"/);
  });

  it('reads a bare --day as yesterday', () => {
    expect(parsePeriodArgument('--day', undefined)).toEqual({ kind: 'yesterday' });
  });

  it('reads a day', () => {
    expect(parsePeriodArgument('--day', '2026-11-02')).toEqual({
      kind: 'day',
      date: { year: 2026, month: 11, day: 2 },
    });
  });

  it('rejects a day that does not exist', () => {
    expect(() => parsePeriodArgument('--day', '2026-02-30')).toThrow(/--day "2026-02-30" is not a date/);
  });

  it('reads a range', () => {
    expect(parsePeriodArgument('--from', '2026-11-02', '2026-11-08')).toEqual({
      kind: 'range',
      from: { year: 2026, month: 11, day: 2 },
      to: { year: 2026, month: 11, day: 8 },
    });
  });

  it('requires --to with --from', () => {
    expect(() => parsePeriodArgument('--from', '2026-11-02')).toThrow(/--from and --to go together/);
  });

  it('rejects --to before --from', () => {
    expect(() => parsePeriodArgument('--from', '2026-11-08', '2026-11-02')).toThrow(
      '--to 2026-11-02 is before --from 2026-11-08; give the earlier date to --from',
    );
  });
});

describe('periods at a skipped midnight', () => {
  it('starts yesterday at its midnight after a midnight gap', () => {
    // Santiago springs forward at 00:00 on Sunday 2048-09-06, so that day starts at 01:00 -03 (04:00Z).
    // As-of is that instant; yesterday, Saturday 2048-09-05, starts at 00:00 -04 = 04:00Z.
    const period = resolvePeriod({ kind: 'yesterday' }, Date.UTC(2048, 8, 6, 4), 'America/Santiago');

    expect(period.start).toBe(Date.UTC(2048, 8, 5, 4));
    expect(period.end).toBe(Date.UTC(2048, 8, 6, 4));
  });
});

describe('a day the zone skipped', () => {
  it('is rejected by name', () => {
    // Samoa moved across the date line and went from 2011-12-29 straight to 2011-12-31.
    expect(() => resolvePeriod({ kind: 'day', date: { year: 2011, month: 12, day: 30 } }, Date.UTC(2012, 0, 5), 'Pacific/Apia')).toThrow(
      '2011-12-30 does not exist in Pacific/Apia, whose clocks skipped it; choose another day',
    );
  });

  it('leaves the days around it their full length', () => {
    const period = resolvePeriod({ kind: 'range', from: { year: 2011, month: 12, day: 29 }, to: { year: 2011, month: 12, day: 31 } }, Date.UTC(2012, 0, 5), 'Pacific/Apia');
    // 29 December at UTC-10 and 31 December at UTC+14: 48 hours in all.
    expect(period.end - period.start).toBe(48 * 3_600_000);
  });
});
