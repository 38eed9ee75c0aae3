import { describe, expect, it } from 'vitest';
import { createBusinessCalendar } from '../../src/engine/business-days.js';
import type { BusinessHours } from '../../src/engine/types.js';

const at = (iso: string) => Date.parse(iso);
const WEEKDAYS_9_TO_5: BusinessHours = { days: [1, 2, 3, 4, 5], open: 9 * 60, close: 17 * 60 };
// 2026-12-25 is a Friday.
const calendar = createBusinessCalendar(WEEKDAYS_9_TO_5, ['2026-12-25'], 'America/New_York');

describe('businessDayOf', () => {
  it('keeps a ticket created during opening hours on its day', () => {
    // Tuesday 2026-11-03 10:00 EST = 15:00Z; closes 17:00 EST = 22:00Z
    expect(calendar.businessDayOf(at('2026-11-03T15:00:00Z')).closesAt).toBe(at('2026-11-03T22:00:00Z'));
  });

  it('keeps a ticket created before opening on its day', () => {
    // Tuesday 07:00 EST = 12:00Z
    expect(calendar.businessDayOf(at('2026-11-03T12:00:00Z')).closesAt).toBe(at('2026-11-03T22:00:00Z'));
  });

  it('keeps a ticket created just before closing on its day', () => {
    // Tuesday 16:59:59 EST
    expect(calendar.businessDayOf(at('2026-11-03T21:59:59Z')).closesAt).toBe(at('2026-11-03T22:00:00Z'));
  });

  it('closes at midnight for 24:00', () => {
    const untilMidnight = createBusinessCalendar({ days: [1, 2, 3, 4, 5], open: 9 * 60, close: 24 * 60 }, [], 'America/New_York');

    // Tuesday 23:30 EST = 04:30Z on Wednesday; the day closes at Wednesday 00:00 EST = 05:00Z.
    expect(untilMidnight.businessDayOf(at('2026-11-04T04:30:00Z')).closesAt).toBe(at('2026-11-04T05:00:00Z'));
  });

  it('moves a ticket created at closing to the next day', () => {
    // Tuesday 17:00:00 EST belongs to Wednesday, closing 2026-11-04 22:00Z
    expect(calendar.businessDayOf(at('2026-11-03T22:00:00Z')).closesAt).toBe(at('2026-11-04T22:00:00Z'));
  });

  it('moves a weekend ticket to Monday', () => {
    // Saturday 2026-11-07 10:00 EST → Monday 2026-11-09 17:00 EST = 22:00Z
    expect(calendar.businessDayOf(at('2026-11-07T15:00:00Z')).closesAt).toBe(at('2026-11-09T22:00:00Z'));
  });

  it('skips a holiday after closing on the day before', () => {
    // Thursday 2026-12-24 18:00 EST: Friday is a holiday, then the weekend → Monday 2026-12-28 17:00 EST
    expect(calendar.businessDayOf(at('2026-12-24T23:00:00Z')).closesAt).toBe(at('2026-12-28T22:00:00Z'));
  });

  it('reads the created day on the team-zone calendar', () => {
    // 2026-11-04T02:00Z is Tuesday 21:00 EST, after closing → Wednesday, not Thursday
    expect(calendar.businessDayOf(at('2026-11-04T02:00:00Z')).closesAt).toBe(at('2026-11-04T22:00:00Z'));
  });

  it('closes by the zone offset in force that day', () => {
    // Friday 2026-10-30 is still EDT (UTC-4): 17:00 EDT = 21:00Z
    expect(calendar.businessDayOf(at('2026-10-30T14:00:00Z')).closesAt).toBe(at('2026-10-30T21:00:00Z'));
  });
});

describe('createBusinessCalendar', () => {
  it('rejects hours with no business day', () => {
    expect(() => createBusinessCalendar({ days: [], open: 540, close: 1020 }, [], 'UTC')).toThrow(/no weekday/);
  });

  it('rejects a holiday that is not a date', () => {
    expect(() => createBusinessCalendar(WEEKDAYS_9_TO_5, ['25/12/2026'], 'UTC')).toThrow(/holiday "25\/12\/2026"/);
  });

  it('rejects closing before opening', () => {
    expect(() => createBusinessCalendar({ days: [1], open: 1020, close: 540 }, [], 'UTC')).toThrow(RangeError);
  });

  it('rejects weekday 8', () => {
    expect(() => createBusinessCalendar({ days: [8], open: 540, close: 1020 }, [], 'UTC')).toThrow(/weekday/);
  });
});
