import { describe, expect, it } from 'vitest';
import { intlOffset, Zone } from '../../src/time/zone.js';

const QUARTER_HOUR = 15 * 60 * 1000;

function intlFormat(name: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone: name, hourCycle: 'h23', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
}

describe('Zone.offsetAt', () => {
  // Zones with unusual changes: a spring-forward at midnight (Santiago), a
  // half-hour change (Lord Howe), a two-hour change (Troll), an offset that
  // drops for Ramadan (Casablanca), and a summer offset that is standard time (Dublin).
  it.each(['America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Antarctica/Troll', 'Africa/Casablanca', 'Europe/Dublin', 'Asia/Kathmandu'])(
    'matches Intl through 2026 in %s',
    (name) => {
      const zone = new Zone(name);
      const format = intlFormat(name);
      const mismatches: string[] = [];
      for (let instant = Date.UTC(2026, 0, 1); instant < Date.UTC(2027, 0, 1); instant += QUARTER_HOUR) {
        // Minutes before the end of each quarter hour too, where a cached day would hide a change inside it.
        for (const probe of [instant, instant + QUARTER_HOUR - 60_000]) {
          if (zone.offsetAt(probe) !== intlOffset(format, probe)) mismatches.push(new Date(probe).toISOString());
        }
      }
      expect(mismatches).toEqual([]);
    },
  );

  it('reads both sides of a change', () => {
    // New York springs forward at 2026-03-08 07:00Z. Each zone reads the
    // instants next to the change in another order.
    const change = Date.UTC(2026, 2, 8, 7);
    const later = new Zone('America/New_York');
    expect(later.offsetAt(change + 1)).toBe(-4 * 3600_000);
    expect(later.offsetAt(change - 1)).toBe(-5 * 3600_000);
    const earlier = new Zone('America/New_York');
    expect(earlier.offsetAt(Date.UTC(2026, 2, 8))).toBe(-5 * 3600_000);
    expect(earlier.offsetAt(change)).toBe(-4 * 3600_000);
  });

  it('keeps the configured zone name', () => {
    // ICU lists Asia/Kolkata and Europe/Kyiv as aliases of their older names.
    expect(new Zone('Asia/Kolkata').name).toBe('Asia/Kolkata');
    expect(new Zone('Europe/Kyiv').name).toBe('Europe/Kyiv');
    expect(new Zone('US/Eastern').name).toBe('US/Eastern');
    expect(new Zone('america/new_york').name).toBe('America/New_York');
  });
});
