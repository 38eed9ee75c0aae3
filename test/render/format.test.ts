import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  escapeControl,
  formatCount,
  formatDuration,
  formatPercent,
  formatTarget,
  formatValue,
  plainNumber,
  roundDecimal,
  wrapSegments,
} from '../../src/render/format.js';
import type { MetricUnit, Target } from '../../src/engine/types.js';

describe('formatDuration', () => {
  it.each([
    [287.4, '4:47'], // 287 s = 4 × 60 + 47
    [287.5, '4:48'], // half rounds up to 288 s = 4 × 60 + 48
    [0, '0:00'],
    [59.4, '0:59'],
    [59.5, '1:00'], // 59.5 rounds to 60 s
    [3599.4, '59:59'], // 3599 s = 59 × 60 + 59
    [3600, '1:00:00'],
    [3661, '1:01:01'], // 3600 + 60 + 1
    [36000, '10:00:00'], // 10 × 3600
  ])('%d seconds shows as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0.8123, '81.2%'], // 81.23
    [0.8125, '81.3%'], // 81.25, half away from zero
    [0.0005, '0.1%'], // 0.05, half away from zero
    [0.00049, '0.0%'], // 0.049
    [1, '100.0%'],
    [-0.0125, '-1.3%'], // -1.25, half away from zero
    [-0.0004, '0.0%'], // -0.04 rounds to zero, shown without a sign
  ])('%d shows as %s', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });
});

describe('roundDecimal', () => {
  it.each([
    [8.05, 1, '8.1'], // the double is 8.04999…, but its shortest form 8.05 rounds up
    [8.15, 1, '8.2'],
    [0.05, 1, '0.1'],
    [0.04999, 1, '0.0'],
    [-8.05, 1, '-8.1'],
    [2.675, 2, '2.68'], // toFixed(2) gives 2.67 from the binary value
    [1.005, 2, '1.01'],
    [123.456, 0, '123'],
    [9.96, 1, '10.0'], // the carry reaches a new digit
    [1e21, 0, '1000000000000000000000'],
    [1.5e-7, 1, '0.0'],
  ])('%d to %d places is %s', (value, places, expected) => {
    expect(roundDecimal(value, places)).toBe(expected);
  });

  it('rejects NaN', () => {
    expect(() => roundDecimal(Number.NaN, 1)).toThrow(RangeError);
  });

  it('rejects infinity', () => {
    expect(() => roundDecimal(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
  });
});

describe('formatValue', () => {
  it.each<[number | null, MetricUnit, string]>([
    [287.4, 'seconds', '4:47'],
    [0.8123, 'ratio', '81.2%'],
    [4.625, 'score 1–5', '4.63'], // half away from zero at the second decimal
    [4.5, 'score 1–5', '4.50'],
    [9.090909, 'calls per hour', '9.1'],
    [5.25, 'bookings per shift', '5.3'],
    [1.45, 'leads per week', '1.5'],
    [null, 'ratio', '—'],
  ])('%s %s shows as %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('formatTarget', () => {
  it.each<[Target, MetricUnit, string]>([
    [{ op: '<', value: 300 }, 'seconds', '< 5:00'],
    [{ op: '<=', value: 30 }, 'seconds', '≤ 0:30'],
    [{ op: '>', value: 0.8 }, 'ratio', '> 80.0%'],
    [{ op: 'between', min: 8, max: 12 }, 'calls per hour', '8.0–12.0'],
    [{ op: '>=', value: 4.5 }, 'score 1–5', '≥ 4.50'],
  ])('%j in %s shows as %s', (target, unit, expected) => {
    expect(formatTarget(target, unit)).toBe(expected);
  });
});

describe('plainNumber', () => {
  it.each([
    [287.4, '287.4'],
    [0, '0'],
    [-0, '0'],
    [-0.25, '-0.25'],
    [1e-7, '0.0000001'], // String() would give 1e-7
    [1.5e21, '1500000000000000000000'], // String() would give 1.5e+21
    [9.090909090909092, '9.090909090909092'],
  ])('%d is written %s', (value, expected) => {
    expect(plainNumber(value)).toBe(expected);
  });

  it('rejects NaN', () => {
    expect(() => plainNumber(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1204, '1,204'],
    [1000000, '1,000,000'],
  ])('%d shows as %s', (count, expected) => {
    expect(formatCount(count)).toBe(expected);
  });
});

describe('escapeControl', () => {
  it.each([
    ['Ana Lima', 'Ana Lima'],
    ['\u001b[31m', '\\x1b[31m'],
    ['a\rb', 'a\\rb'],
    ['a\nb', 'a\\nb'],
    ['a\tb', 'a\\tb'],
    ['\u0000', '\\x00'],
    ['\u007f', '\\x7f'], // DEL
    ['\u009b', '\\x9b'], // C1 control sequence introducer
    ['\u202e', '\\u202e'], // right-to-left override
    ['a\u200bb', 'a\\u200bb'], // zero-width space
    ['\ufeffAna', '\\ufeffAna'], // byte order mark inside a field
    ['a\u200cb', 'a\\u200cb'], // zero-width non-joiner
    ['a\u00adb', 'a\\xadb'], // soft hyphen
    ['a\u200db', 'a\\u200db'], // zero-width joiner between letters
    ['\u{1f469}\u200d\u{1f4bb} Ana', '\u{1f469}\u200d\u{1f4bb} Ana'], // joiner inside an emoji sequence
    ['Zoë 漢字', 'Zoë 漢字'],
  ])('%j shows as %s', (text, expected) => {
    expect(escapeControl(text)).toBe(expected);
  });

  it('escapes every control in one string', () => {
    // Two ESC, one CR: checks the global pattern is not stuck after the first call.
    expect(escapeControl('\u001bx\u001by\r')).toBe('\\x1bx\\x1by\\r');
  });
});

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['\u001b[32mok\u001b[39m', 2], // colour codes take no columns
    ['漢字', 4], // wide characters take two columns each
    ['4:47 ✓', 6],
    ['e\u0301', 1], // e and a combining acute accent
  ])('%j is %d columns', (text, expected) => {
    expect(displayWidth(text)).toBe(expected);
  });
});

describe('wrapSegments', () => {
  it('breaks between segments', () => {
    // 'aaa · bbb' is 9 columns; adding ' · ccc' would make 15.
    expect(wrapSegments(['aaa', 'bbb', 'ccc'], ' · ', 9)).toEqual(['aaa · bbb', 'ccc']);
  });

  it('indents continuation lines', () => {
    expect(wrapSegments(['aaa', 'bbb'], '; ', 6, '  ')).toEqual(['aaa', '  bbb']);
  });

  it('breaks a long segment at spaces', () => {
    expect(wrapSegments(['one two three'], ' ', 8)).toEqual(['one two', 'three']);
  });
});
