import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zoneFor } from '../../src/time/zone.js';
import { createTimestampParser } from '../../src/values/timestamp.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Parses, or returns the error message, so a rejected value compares too. */
function outcome(parse: (text: string) => number, text: string): number | string {
  try {
    return parse(text);
  } catch (error) {
    return (error as Error).message;
  }
}

// Values around 2026's two New York offset changes, with some out of range.
const wallTime = fc.record({
  year: fc.constantFrom(2024, 2026),
  month: fc.integer({ min: 1, max: 13 }),
  day: fc.integer({ min: 1, max: 32 }),
  hour: fc.integer({ min: 0, max: 24 }),
  minute: fc.integer({ min: 0, max: 60 }),
  second: fc.integer({ min: 0, max: 60 }),
  separator: fc.constantFrom('T', ' ', 't'),
  zone: fc.constantFrom('', 'Z', '-05:00', '+0130', '-04:00', '+23:59', '+24:00'),
});

describe('fixed-width ISO fast path', () => {
  it('matches the general parser', () => {
    const parse = createTimestampParser({ zone: zoneFor('America/New_York') });
    fc.assert(
      fc.property(wallTime, (t) => {
        const date = `${t.year}-${pad(t.month)}-${pad(t.day)}${t.separator}${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`;
        // A ".000" fraction makes the text variable-width, so the general path reads it.
        expect(outcome(parse, `${date}${t.zone}`)).toEqual(outcome(parse, `${date}.000${t.zone}`));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches on the spring-forward day', () => {
    const parse = createTimestampParser({ zone: zoneFor('America/New_York') });
    for (let minute = 0; minute < 24 * 60; minute += 7) {
      const date = `2026-03-08T${pad(Math.floor(minute / 60))}:${pad(minute % 60)}:00`;
      expect(outcome(parse, date)).toEqual(outcome(parse, `${date}.000`));
    }
  });
});
