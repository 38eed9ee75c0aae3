import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/values/duration.js';
import { ValueError } from '../../src/values/errors.js';

/** Returns the ValueError a call throws, failing the test when it throws nothing or something else. */
function valueError(call: () => unknown): ValueError {
  try {
    call();
  } catch (error) {
    if (error instanceof ValueError) return error;
    throw error;
  }
  throw new Error('expected a ValueError, but the call returned');
}

describe('parseDuration', () => {
  it.each([
    ['245', 245],
    ['245.5', 245.5],
    [' 245 ', 245],
    ['0', 0],
    ['4:05', 245], // 4 * 60 + 5
    ['65:30', 3930], // 65 * 60 + 30: minutes may pass 59
    ['0:02:23', 143], // 2 * 60 + 23
    ['00:02:23', 143],
    ['1:02:03', 3723], // 3600 + 2 * 60 + 3
    ['25:00:00', 90000], // 25 * 3600: hours may pass 23
    ['0:02:23.5', 143.5],
    ['4m 5s', 245], // 4 * 60 + 5
    ['4m5s', 245],
    ['1h 2m 3s', 3723], // 3600 + 120 + 3
    ['1h 30m', 5400], // 3600 + 30 * 60
    ['90s', 90],
    ['2 min', 120],
    ['1.5h', 5400], // 1.5 * 3600
    ['1H 2M 3S', 3723],
  ])('reads %j', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it('reads bare minutes', () => {
    expect(parseDuration('245', 'minutes')).toBe(14700); // 245 * 60
  });

  it('reads bare hours', () => {
    expect(parseDuration('1.5', 'hours')).toBe(5400); // 1.5 * 3600
  });

  it('ignores the unit for colon forms', () => {
    expect(parseDuration('4:05', 'minutes')).toBe(245); // still 4 min 5 s
  });

  it('ignores the unit for unit forms', () => {
    expect(parseDuration('4m 5s', 'hours')).toBe(245);
  });

  it('reads a decimal comma when asked', () => {
    expect(parseDuration('245,5', 'seconds', { decimalComma: true })).toBe(245.5);
  });

  it('reads a decimal comma in h:mm:ss', () => {
    expect(parseDuration('0:02:23,5', 'seconds', { decimalComma: true })).toBe(143.5);
  });
});

describe('parseDuration rejections', () => {
  it.each(['abc', '4:5', '245,5', '5s 4m', '4m 4m', '1:02:03:04', '4m 5x', '1.', '.5', ':30', '4:05:', '12:3x', '1,5h'])(
    'rejects %j',
    (text) => {
      expect(valueError(() => parseDuration(text)).message).toBe(
        'expected a duration such as 245 (seconds), 245.5, 4:05 (m:ss), 1:02:03 (h:mm:ss) or 4m 5s',
      );
    },
  );

  it('rejects a negative number', () => {
    expect(valueError(() => parseDuration('-5')).message).toMatch(/^negative durations are invalid; expected a duration/);
  });

  it('reads a signed zero as 0', () => {
    expect(parseDuration('-0')).toBe(0);
    expect(parseDuration('-0:00')).toBe(0);
    expect(parseDuration('-0.0', 'minutes')).toBe(0);
  });

  it('calls only a readable duration negative', () => {
    expect(valueError(() => parseDuration('-1:05')).message).toMatch(/^negative durations are invalid/);
    for (const text of ['--0', '-', '-x', '- ']) {
      expect(valueError(() => parseDuration(text)).message, text).toMatch(/^expected a duration such as 245/);
    }
  });

  it('rejects a negative clock time', () => {
    expect(valueError(() => parseDuration('-0:30')).message).toMatch(/^negative durations are invalid/);
  });

  it('rejects an empty cell', () => {
    expect(valueError(() => parseDuration('  ')).message).toMatch(/^missing duration; expected a duration/);
  });

  it('rejects 60 seconds in m:ss', () => {
    expect(valueError(() => parseDuration('4:75')).message).toBe('seconds must be below 60 in m:ss, but are 75');
  });

  it('rejects 60 seconds in h:mm:ss', () => {
    expect(valueError(() => parseDuration('1:00:60')).message).toBe('seconds must be below 60 in h:mm:ss, but are 60');
  });

  it('rejects 60 minutes in h:mm:ss', () => {
    expect(valueError(() => parseDuration('1:60:00')).message).toBe('minutes must be below 60 in h:mm:ss, but are 60');
  });

  it('names the unit in the message', () => {
    expect(valueError(() => parseDuration('x', 'minutes')).message).toContain('245 (minutes)');
  });

  it('shows the decimal comma in the message', () => {
    expect(valueError(() => parseDuration('x', 'seconds', { decimalComma: true })).message).toContain('245,5');
  });

  it('rejects a decimal point in comma mode', () => {
    expect(() => parseDuration('245.5', 'seconds', { decimalComma: true })).toThrow(ValueError);
  });

  it('keeps the text on the error', () => {
    expect(valueError(() => parseDuration(' 4:75')).value).toBe(' 4:75');
  });
});
