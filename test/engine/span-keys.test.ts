import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SpanKeys } from '../../src/engine/span-keys.js';

const SECOND = 1000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 8);

describe('SpanKeys', () => {
  it('keeps rows in time order', () => {
    const keys = new SpanKeys();
    expect(keys.isDuplicate(0, 1, T0, T0 + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0 + HOUR, T0 + 2 * HOUR)).toBe(false);
    expect(keys.isDuplicate(1, 1, T0, T0 + HOUR)).toBe(false);
  });

  it('flags a row repeated at once', () => {
    const keys = new SpanKeys();
    keys.isDuplicate(0, 1, T0, T0 + HOUR);
    expect(keys.isDuplicate(0, 1, T0, T0 + HOUR)).toBe(true);
  });

  it('flags a row repeated after later rows', () => {
    const keys = new SpanKeys();
    for (let i = 0; i < 10; i++) keys.isDuplicate(0, 2, T0 + i * HOUR, T0 + (i + 1) * HOUR);
    expect(keys.isDuplicate(0, 2, T0 + 3 * HOUR, T0 + 4 * HOUR)).toBe(true);
    expect(keys.isDuplicate(0, 2, T0, T0 + HOUR)).toBe(true);
  });

  it('tells apart rows that differ in one part', () => {
    const keys = new SpanKeys();
    keys.isDuplicate(0, 1, T0, T0 + HOUR);
    keys.isDuplicate(0, 1, T0 + 2 * HOUR, T0 + 3 * HOUR);
    expect(keys.isDuplicate(0, 2, T0, T0 + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0, T0 + HOUR + SECOND)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0 + SECOND, T0 + HOUR)).toBe(false);
    expect(keys.isDuplicate(1, 1, T0, T0 + HOUR)).toBe(false);
  });

  it('flags a repeat of a row that came out of order', () => {
    const keys = new SpanKeys();
    keys.isDuplicate(0, 1, T0 + 5 * HOUR, T0 + 6 * HOUR);
    expect(keys.isDuplicate(0, 1, T0, T0 + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0, T0 + HOUR)).toBe(true);
  });

  it('flags repeats of rows with milliseconds', () => {
    const keys = new SpanKeys();
    expect(keys.isDuplicate(0, 1, T0 + 250, T0 + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0 + HOUR, T0 + HOUR + 1)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0 + 250, T0 + HOUR)).toBe(true);
    expect(keys.isDuplicate(0, 1, T0 + HOUR, T0 + HOUR + 1)).toBe(true);
  });

  it('flags repeats of rows too long or too far to list', () => {
    const keys = new SpanKeys();
    const fiveYears = 5 * 365 * 24 * HOUR;
    const century = 100 * 365 * 24 * HOUR;
    keys.isDuplicate(0, 1, T0, T0 + HOUR);
    expect(keys.isDuplicate(0, 1, T0 + HOUR, T0 + HOUR + fiveYears)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0 + century, T0 + century + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0 - century, T0 - century + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 1, T0 + HOUR, T0 + HOUR + fiveYears)).toBe(true);
    expect(keys.isDuplicate(0, 1, T0 + century, T0 + century + HOUR)).toBe(true);
    expect(keys.isDuplicate(0, 1, T0 - century, T0 - century + HOUR)).toBe(true);
  });

  it('flags repeats of codes above 15', () => {
    const keys = new SpanKeys();
    expect(keys.isDuplicate(0, 16, T0, T0 + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 17, T0, T0 + HOUR)).toBe(false);
    expect(keys.isDuplicate(0, 16, T0, T0 + HOUR)).toBe(true);
  });

  it('finds rows in every chunk of a long list', () => {
    // 10,000 rows fill the first chunk (doubled from 8 up to 4,096 rows) and two more.
    const keys = new SpanKeys();
    const rows = 10_000;
    for (let i = 0; i < rows; i++) keys.isDuplicate(3, i % 5, T0 + i * 60 * SECOND, T0 + i * 60 * SECOND + 30 * SECOND);
    for (const i of [0, 1, 7, 8, 63, 64, 4095, 4096, 4097, 8191, 8192, 9999]) {
      expect(keys.isDuplicate(3, i % 5, T0 + i * 60 * SECOND, T0 + i * 60 * SECOND + 30 * SECOND)).toBe(true);
      expect(keys.isDuplicate(3, (i + 1) % 5, T0 + i * 60 * SECOND, T0 + i * 60 * SECOND + 30 * SECOND)).toBe(false);
    }
  });

  // The duplicates found must be those of the key texts, in any order:
  // sorted runs, runs repeated later (two exports that overlap), and shuffles.
  it('flags the duplicates of the key texts', () => {
    const row = fc.record({
      agent: fc.integer({ min: 0, max: 3 }),
      code: fc.integer({ min: 0, max: 17 }),
      start: fc.oneof(fc.integer({ min: 0, max: 200 }).map((k) => T0 + k * 15 * SECOND), fc.integer({ min: -1, max: 1 }).map((k) => T0 + k * 80 * 365 * 24 * HOUR)),
      length: fc.oneof(fc.integer({ min: 0, max: 40 }).map((k) => k * 15 * SECOND), fc.constantFrom(1, 999, 5 * 365 * 24 * HOUR)),
      milliseconds: fc.constantFrom(0, 0, 0, 1, 500),
    });
    const order = fc.constantFrom('sorted', 'repeated', 'shuffled');
    fc.assert(
      fc.property(fc.array(row, { maxLength: 300 }), order, (rows, how) => {
        let sequence = rows.map((r) => ({ ...r, start: r.start + r.milliseconds }));
        if (how !== 'shuffled') sequence.sort((a, b) => a.start - b.start);
        if (how === 'repeated') sequence = [...sequence, ...sequence.slice(sequence.length / 2)];
        const keys = new SpanKeys();
        const seen = new Set<string>();
        for (const { agent, code, start, length } of sequence) {
          const text = `${agent}/${code}/${start}/${start + length}`;
          expect(keys.isDuplicate(agent, code, start, start + length)).toBe(seen.has(text));
          seen.add(text);
        }
      }),
      { numRuns: 300 },
    );
  });
});
