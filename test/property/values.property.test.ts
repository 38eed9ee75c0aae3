import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/render/format.js';
import { zoneFor } from '../../src/time/zone.js';
import { parseDuration } from '../../src/values/duration.js';
import { createTimestampParser } from '../../src/values/timestamp.js';

const ZONES = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
// Whole seconds between 1990 and 2040.
const instant = fc.integer({ min: 631_152_000, max: 2_208_988_800 }).map((s) => s * 1000);

describe('value round trips', () => {
  it('parses a formatted duration back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), (seconds) => {
        expect(parseDuration(formatDuration(seconds))).toBe(seconds);
      }),
    );
  });

  it('parses an ISO instant with offset back', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, name) => {
        const zone = zoneFor(name);
        const parse = createTimestampParser({ zone });
        expect(parse(zone.formatIso(at))).toBe(at);
      }),
    );
  });

  it('parses local wall time to the same wall time', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, name) => {
        const zone = zoneFor(name);
        const parse = createTimestampParser({ zone });
        const wall = zone.formatIso(at).slice(0, 19).replace('T', ' ');
        const parsed = parse(wall);
        // In a fall-back hour the earlier of the two instants comes back; both show the same wall time.
        expect(zone.formatIso(parsed).slice(0, 19).replace('T', ' ')).toBe(wall);
        expect(parsed).toBeLessThanOrEqual(at);
      }),
    );
  });
});
