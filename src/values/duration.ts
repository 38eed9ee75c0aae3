import { ValueError } from './errors.js';
import { isAsciiDigit, isAsciiLetter } from '../ascii.js';

/** The unit of a bare number in a duration column; colon and unit forms carry their own. */
export type DurationUnit = 'seconds' | 'minutes' | 'hours';

export interface DurationOptions {
  /** Read `245,5` as 245.5, for exports written with a European decimal comma. */
  decimalComma?: boolean;
}

const SECONDS_PER_UNIT: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600 };

const CODE_0 = 48;
const CODE_COLON = 58;
const CODE_DOT = 46;
const CODE_COMMA = 44;
const CODE_SPACE = 32;

function expected(unit: DurationUnit, decimalComma: boolean): string {
  const fraction = decimalComma ? '245,5' : '245.5';
  return `expected a duration such as 245 (${unit}), ${fraction}, 4:05 (m:ss), 1:02:03 (h:mm:ss) or 4m 5s`;
}

/**
 * Parses a duration cell and returns seconds. Accepted forms:
 * - a bare number (`245`, `245.5`) in `unit`;
 * - `m:ss`, where minutes may pass 59 (`65:30`);
 * - `h:mm:ss`, where hours may pass 23 (`25:00:00`) and seconds may have a fraction;
 * - unit forms (`4m 5s`, `1h 2m 3s`, `90s`, `1.5h`).
 *
 * Throws ValueError for an empty cell, a negative value (a signed zero reads
 * as 0), minutes or seconds of 60 or more in a colon form, and anything else.
 */
export function parseDuration(text: string, unit: DurationUnit = 'seconds', options: DurationOptions = {}): number {
  const decimalComma = options.decimalComma === true;
  const value = text.trim();

  if (value.length === 0) {
    throw new ValueError(text, `missing duration; ${expected(unit, decimalComma)}`);
  }
  if (value.charCodeAt(0) === 45) {
    // A signed zero ("-0", "-0:00") is 0: printf-style formatting writes -0 for a small negative rounded to 0.
    const magnitude = unsignedDuration(value.slice(1), unit, options);
    if (magnitude === 0) return 0;
    // Text after the minus that is no duration at all ("-x", "-") is unreadable rather than negative.
    throw new ValueError(text, Number.isNaN(magnitude) ? expected(unit, decimalComma) : `negative durations are invalid; ${expected(unit, decimalComma)}`);
  }

  // Whole seconds are the most common form, so they skip the general scan.
  const wholeNumber = parseWholeNumber(value);
  if (wholeNumber >= 0) return wholeNumber * SECONDS_PER_UNIT[unit];

  if (value.includes(':')) return parseClock(text, value, unit, decimalComma);

  for (let i = 0; i < value.length; i++) {
    if (isAsciiLetter(value.charCodeAt(i))) return parseWithUnits(text, value, unit, decimalComma);
  }

  const decimalCode = decimalComma ? CODE_COMMA : CODE_DOT;
  if (scanDecimal(value, 0, decimalCode) !== value.length) {
    throw new ValueError(text, expected(unit, decimalComma));
  }
  return decimalNumber(value, 0, value.length, decimalComma) * SECONDS_PER_UNIT[unit];
}

/** Returns the duration `text` reads as, or NaN when it is empty, signed or unreadable. */
function unsignedDuration(text: string, unit: DurationUnit, options: DurationOptions): number {
  if (text.trim().length === 0 || text.charCodeAt(0) === 45) return Number.NaN;
  try {
    return parseDuration(text, unit, options);
  } catch {
    return Number.NaN;
  }
}

/** Returns the value of a text of at most 15 digits, or -1 for any other text. */
function parseWholeNumber(text: string): number {
  if (text.length > 15) return -1;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isAsciiDigit(code)) return -1;
    value = value * 10 + (code - CODE_0);
  }
  return value;
}

/**
 * Returns the index after a decimal number starting at `start` (digits, then
 * optionally the decimal separator and more digits), or -1 when none is there.
 */
function scanDecimal(text: string, start: number, decimalCode: number): number {
  let i = start;
  while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
  if (i === start) return -1;
  if (i < text.length && text.charCodeAt(i) === decimalCode) {
    const fractionStart = i + 1;
    i = fractionStart;
    while (i < text.length && isAsciiDigit(text.charCodeAt(i))) i++;
    if (i === fractionStart) return -1;
  }
  return i;
}

function decimalNumber(text: string, start: number, end: number, decimalComma: boolean): number {
  const digits = text.slice(start, end);
  // Number() rounds the decimal correctly; it needs a dot as the separator.
  return Number(decimalComma ? digits.replace(',', '.') : digits);
}

/** Reads exactly two digits at `start`, or returns -1. */
function twoDigits(text: string, start: number): number {
  const tens = text.charCodeAt(start);
  const ones = text.charCodeAt(start + 1);
  if (!isAsciiDigit(tens) || !isAsciiDigit(ones)) return -1;
  return (tens - CODE_0) * 10 + (ones - CODE_0);
}

function invalid(original: string, unit: DurationUnit, decimalComma: boolean): ValueError {
  return new ValueError(original, expected(unit, decimalComma));
}

function parseClock(original: string, value: string, unit: DurationUnit, decimalComma: boolean): number {
  let leading = 0;
  let i = 0;
  while (i < value.length && isAsciiDigit(value.charCodeAt(i))) {
    leading = leading * 10 + (value.charCodeAt(i) - CODE_0);
    i++;
  }
  if (i === 0 || value.charCodeAt(i) !== CODE_COLON) throw invalid(original, unit, decimalComma);

  const middle = twoDigits(value, i + 1);
  if (middle < 0) throw invalid(original, unit, decimalComma);
  i += 3;

  // Two parts are m:ss and three are h:mm:ss; only the last part may have a fraction.
  const hasHours = value.charCodeAt(i) === CODE_COLON;
  const hours = hasHours ? leading : 0;
  const minutes = hasHours ? middle : leading;
  let wholeSeconds = middle;
  let secondsStart = i - 2;
  if (hasHours) {
    if (middle >= 60) {
      throw new ValueError(original, `minutes must be below 60 in h:mm:ss, but are ${middle}`);
    }
    wholeSeconds = twoDigits(value, i + 1);
    if (wholeSeconds < 0) throw invalid(original, unit, decimalComma);
    secondsStart = i + 1;
  }

  const decimalCode = decimalComma ? CODE_COMMA : CODE_DOT;
  const end = scanDecimal(value, secondsStart, decimalCode);
  if (end !== value.length) throw invalid(original, unit, decimalComma);

  const seconds = end === secondsStart + 2 ? wholeSeconds : decimalNumber(value, secondsStart, end, decimalComma);
  if (seconds >= 60) {
    const form = hasHours ? 'h:mm:ss' : 'm:ss';
    throw new ValueError(original, `seconds must be below 60 in ${form}, but are ${value.slice(secondsStart, end)}`);
  }
  return hours * 3600 + minutes * 60 + seconds;
}

/** Seconds per unit word, with the rank that fixes their order (hours, then minutes, then seconds). */
const UNIT_WORDS = new Map<string, { seconds: number; rank: number }>();
for (const word of ['h', 'hr', 'hrs', 'hour', 'hours']) UNIT_WORDS.set(word, { seconds: 3600, rank: 0 });
for (const word of ['m', 'min', 'mins', 'minute', 'minutes']) UNIT_WORDS.set(word, { seconds: 60, rank: 1 });
for (const word of ['s', 'sec', 'secs', 'second', 'seconds']) UNIT_WORDS.set(word, { seconds: 1, rank: 2 });

function parseWithUnits(original: string, value: string, unit: DurationUnit, decimalComma: boolean): number {
  const decimalCode = decimalComma ? CODE_COMMA : CODE_DOT;

  let total = 0;
  let lastRank = -1;
  let i = 0;
  while (i < value.length) {
    const numberEnd = scanDecimal(value, i, decimalCode);
    if (numberEnd < 0) throw invalid(original, unit, decimalComma);
    const amount = decimalNumber(value, i, numberEnd, decimalComma);

    i = numberEnd;
    while (value.charCodeAt(i) === CODE_SPACE) i++;
    const wordStart = i;
    while (i < value.length && isAsciiLetter(value.charCodeAt(i))) i++;
    const word = UNIT_WORDS.get(value.slice(wordStart, i).toLowerCase());

    // Each unit once and from largest to smallest, so `5s 4m` is not read as 4m 5s by accident.
    if (word === undefined || word.rank <= lastRank) throw invalid(original, unit, decimalComma);
    lastRank = word.rank;
    total += amount * word.seconds;

    while (value.charCodeAt(i) === CODE_SPACE) i++;
  }
  return total;
}
