import type { Zone } from '../time/zone.js';
import { civilTime, daysFromCivil, daysInMonth } from '../time/civil.js';
import { ValueError } from './errors.js';
import { isAsciiDigit, isAsciiLetter } from '../ascii.js';
import { WordView } from '../word-view.js';

/** Order of the day and month in a numeric year-last date (`03/04/2024`). */
export type DateOrder = 'DMY' | 'MDY';

export interface TimestampParserOptions {
  /** Zone of wall times written without an offset. */
  zone: Zone;
  /** Order of numeric year-last dates; without it only values with a part above 12 parse. */
  dateOrder?: DateOrder;
  /** Whether to reject every numeric year-last date, for a column where such dates are strays among timestamps of other forms. */
  rejectYearLast?: boolean;
}

/** The advice that ends a message about an unknown date order, which the mapping may replace with the config key to set. */
export const DATE_ORDER_ADVICE = "set the column's date order to DMY or MDY in the config";

/**
 * Parses a timestamp cell to epoch milliseconds, or a date cell plus the cell
 * of a separate time column when `timeText` is given. Throws ValueError.
 */
export type TimestampParser = ((text: string, timeText?: string) => number) & {
  /** Reads the fixed-width ISO forms from bytes[start, end) and returns NaN for any other text (see createTimestampParser). */
  parseIsoBytes(bytes: Uint8Array, start: number, end: number): number;
  /** Reads the same forms from text that the caller has already trimmed. */
  parseIso(text: string): number;
};

const EXPECTED = 'expected a timestamp such as 2026-11-02 09:14:05, 2026-11-02T09:14:05-05:00 or 11/02/2026 9:14 AM';
const EXPECTED_DATE = 'expected a date such as 2026-11-02 or 11/02/2026 when the time is in a column of its own';
const EXPECTED_TIME = 'expected a time of day such as 09:14:05, 9:14 or 9:14 AM';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const BUCKET_MS = 15 * MINUTE_MS;

const CODE_0 = 48;
const CODE_SPACE = 32;
const CODE_COMMA = 44;
const CODE_MINUS = 45;
const CODE_DOT = 46;
const CODE_SLASH = 47;
const CODE_COLON = 58;
const CODE_PLUS = 43;
const CODE_PAREN = 40;

const MONTH_NAMES = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** UTC offsets in hours of the zone names RFC 2822 (section 4.3) allows in dates. */
const ZONE_NAME_HOURS = new Map<string, number>([
  ['z', 0],
  ['ut', 0],
  ['utc', 0],
  ['gmt', 0],
  ['est', -5],
  ['edt', -4],
  ['cst', -6],
  ['cdt', -5],
  ['mst', -7],
  ['mdt', -6],
  ['pst', -8],
  ['pdt', -7],
]);

/** Returns the index (0-11) of an English month name or its abbreviation, or -1. */
function monthIndex(word: string): number {
  return nameIndex(MONTH_NAMES, word, 'sept');
}

/** Returns the index of a full name or its 3-letter abbreviation (`extra` is one more accepted spelling), or -1. */
function nameIndex(names: readonly string[], word: string, extra?: string): number {
  if (word.length < 3) return -1;
  const lower = word.toLowerCase();
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (lower === name || lower === name.slice(0, 3) || (extra !== undefined && lower === extra && name.startsWith(extra))) {
      return i;
    }
  }
  return -1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Maps a 2-digit year the way POSIX strptime's %y does: 69-99 are 1969-1999
 * and 00-68 are 2000-2068.
 */
function expandYear(year: number, digits: number): number {
  if (digits !== 2) return year;
  return year >= 69 ? 1900 + year : 2000 + year;
}

/**
 * Returns the orders in which the two leading parts of a year-last date make
 * a real date of `year`: 'DMY' or 'MDY' when only one does, 'ambiguous' when
 * both do, and null when neither does (`31/04/2026`, `30/02/2026`, `00/05/2026`).
 */
function yearLastFits(first: number, second: number, year: number): DateOrder | 'ambiguous' | null {
  const dayFirst = second >= 1 && second <= 12 && first >= 1 && first <= daysInMonth(year, second);
  const monthFirst = first >= 1 && first <= 12 && second >= 1 && second <= daysInMonth(year, first);
  if (dayFirst && monthFirst) return 'ambiguous';
  if (dayFirst) return 'DMY';
  if (monthFirst) return 'MDY';
  return null;
}

/**
 * A cursor over one cell and the fields read from it. One scanner is reused
 * for every call of a parser, so a row allocates nothing here.
 */
class TimestampScanner {
  text = '';
  pos = 0;
  /** Number of digits the last digits() call consumed. */
  digitCount = 0;

  year = 0;
  month = 0;
  day = 0;
  hour = 0;
  minute = 0;
  second = 0;
  millisecond = 0;
  /** Explicit UTC offset in milliseconds, or NaN for a wall time in the parser's zone. */
  offset = Number.NaN;
  /** Message for text that matches no accepted form. */
  expected = EXPECTED;

  constructor(
    private readonly dateOrder: DateOrder | undefined,
    private readonly rejectYearLast: boolean,
  ) {}

  reset(text: string): void {
    this.text = text;
    this.pos = 0;
    this.hour = 0;
    this.minute = 0;
    this.second = 0;
    this.millisecond = 0;
    this.offset = Number.NaN;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  code(): number {
    return this.text.charCodeAt(this.pos);
  }

  /** Reads up to `max` digits and returns their value, or -1 when there is none. */
  digits(max: number): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let value = 0;
    while (pos - start < max) {
      const code = text.charCodeAt(pos);
      if (!isAsciiDigit(code)) break;
      value = value * 10 + (code - CODE_0);
      pos++;
    }
    this.pos = pos;
    this.digitCount = pos - start;
    return this.digitCount === 0 ? -1 : value;
  }

  word(): string {
    const start = this.pos;
    while (isAsciiLetter(this.code())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  skipSpaces(): void {
    while (this.code() === CODE_SPACE) this.pos++;
  }

  fail(message: string = this.expected): never {
    throw new ValueError(this.text, message);
  }

  /**
   * Reads a date at the cursor: year first (`2026-11-02`, `2023/09/19`),
   * year last (`11/02/2026`, `02.11.2026`), with a month name (`11/May/24`,
   * `27 Oct 2016`, `Mar 04 2024`), optionally after a weekday (`Thu, `).
   */
  readDate(): void {
    if (isAsciiLetter(this.code())) {
      this.readDateStartingWithWord();
    } else {
      this.readNumericDate();
    }
    // A digit or a letter other than ISO's `T` right after the date means the
    // text is no date at all (`2026-11-0a`), which the general message words
    // better than a range error about the part read so far.
    const next = this.code();
    if (isAsciiDigit(next) || (isAsciiLetter(next) && next !== 84 && next !== 116)) this.fail();
    this.checkDate();
  }

  private readNumericDate(): void {
    const first = this.digits(4);
    const firstDigits = this.digitCount;
    if (first < 0) this.fail();

    const separator = this.code();
    if (firstDigits === 4) {
      if (separator !== CODE_MINUS && separator !== CODE_SLASH && separator !== CODE_DOT) this.fail();
      this.pos++;
      this.year = first;
      this.month = this.digits(2);
      if (this.month < 0 || this.code() !== separator) this.fail();
      this.pos++;
      this.day = this.digits(2);
      if (this.day < 0) this.fail();
      return;
    }
    if (firstDigits > 2) this.fail();

    if (separator === CODE_SPACE || ((separator === CODE_MINUS || separator === CODE_SLASH || separator === CODE_DOT) && isAsciiLetter(this.text.charCodeAt(this.pos + 1)))) {
      // Day, then a month name: `11/May/24` (Jira), `27 Oct 2016`, `04-Mar-2024`.
      this.pos++;
      this.skipSpaces();
      const month = monthIndex(this.word());
      if (month < 0) this.fail();
      if (this.code() !== separator) this.fail();
      this.pos++;
      this.skipSpaces();
      this.day = first;
      this.month = month + 1;
      this.readYear();
      return;
    }

    if (separator !== CODE_MINUS && separator !== CODE_SLASH && separator !== CODE_DOT) this.fail();
    this.pos++;
    const second = this.digits(2);
    if (second < 0 || this.code() !== separator) this.fail();
    this.pos++;
    this.readYear();
    this.assignDayAndMonth(first, second, String.fromCharCode(separator));
  }

  private readYear(): void {
    const year = this.digits(4);
    if (year < 0 || (this.digitCount !== 2 && this.digitCount !== 4)) this.fail();
    this.year = expandYear(year, this.digitCount);
  }

  private assignDayAndMonth(first: number, second: number, separator: string): void {
    if (first === 0 || second === 0) {
      this.fail(`${pad2(first)}${separator}${pad2(second)} is no date: a day or a month cannot be 0`);
    }
    let order = this.dateOrder;
    if (order === undefined) {
      const fits = yearLastFits(first, second, this.year);
      if (fits === null) {
        this.fail(`${pad2(first)}${separator}${pad2(second)}${separator}${this.year} is no date, read day first or month first`);
      }
      if (this.rejectYearLast) {
        this.fail(`a date with the year last among values of other forms has no known day and month order; ${DATE_ORDER_ADVICE}`);
      }
      if (fits === 'ambiguous') {
        this.fail(
          `the day and month of ${pad2(first)}${separator}${pad2(second)} cannot be told apart (both are 12 or less); ${DATE_ORDER_ADVICE}`,
        );
      }
      order = fits;
    }
    if (order === 'DMY') {
      this.day = first;
      this.month = second;
    } else {
      this.month = first;
      this.day = second;
    }
    if (this.month > 12 && this.dateOrder !== undefined) {
      const reading = this.dateOrder === 'DMY' ? 'day first (DMY)' : 'month first (MDY)';
      this.fail(`month ${this.month} is out of range 1-12 when read ${reading}, the column's date order`);
    }
  }

  private readDateStartingWithWord(): void {
    let word = this.word();
    if (nameIndex(WEEKDAY_NAMES, word) >= 0) {
      // The weekday adds nothing, so it is skipped unchecked: `Thu, 27 Oct 2016`, `Mon Mar 04 2024`.
      if (this.code() === CODE_COMMA) this.pos++;
      this.skipSpaces();
      if (isAsciiDigit(this.code())) {
        this.readDayMonthNameYear();
        return;
      }
      word = this.word();
    }

    // Month name first: `Mar 04 2024`, `March 4, 2024`.
    const month = monthIndex(word);
    if (month < 0) this.fail();
    this.month = month + 1;
    this.skipSpaces();
    this.day = this.digits(2);
    if (this.day < 0) this.fail();
    if (this.code() === CODE_COMMA) this.pos++;
    this.skipSpaces();
    this.readYear();
  }

  /** Reads `27 Oct 2016` or `04-Mar-2024`, as RFC 2822 and some CRMs write dates. */
  private readDayMonthNameYear(): void {
    this.day = this.digits(2);
    const separator = this.code();
    if (separator !== CODE_SPACE && separator !== CODE_MINUS) this.fail();
    this.pos++;
    const month = monthIndex(this.word());
    if (month < 0 || this.code() !== separator) this.fail();
    this.pos++;
    this.month = month + 1;
    this.readYear();
  }

  private checkDate(): void {
    if (this.month < 1 || this.month > 12) this.fail(`month ${this.month} is out of range 1-12`);
    const days = daysInMonth(this.year, this.month);
    if (this.day < 1 || this.day > days) {
      const monthName = MONTH_NAMES[this.month - 1]!;
      const title = monthName.charAt(0).toUpperCase() + monthName.slice(1);
      this.fail(`${this.year}-${pad2(this.month)}-${pad2(this.day)} is not a valid date (${title} ${this.year} has ${days} days)`);
    }
  }

  /**
   * Reads a time of day at the cursor, `H:mm[:ss[.fff]]`, then an optional
   * AM/PM marker and an optional zone. Zones are `Z`, `UTC`, `GMT`, the US
   * names of RFC 2822 such as `EST`, `+hh:mm`, `+hhmm`, `+hh` and `GMT-0500`.
   * A zone name in brackets may follow and is ignored.
   */
  readTime(): void {
    const hour = this.digits(2);
    if (hour < 0 || this.code() !== CODE_COLON) this.fail();
    this.pos++;
    this.minute = this.digits(2);
    if (this.digitCount !== 2) this.fail();

    if (this.code() === CODE_COLON) {
      this.pos++;
      this.second = this.digits(2);
      if (this.digitCount !== 2) this.fail();
      const separator = this.code();
      if ((separator === CODE_DOT || separator === CODE_COMMA) && isAsciiDigit(this.text.charCodeAt(this.pos + 1))) {
        this.pos++;
        this.readFraction();
      }
    }

    this.hour = hour;
    this.readTimeSuffix();

    if (this.hour > 23) this.fail(`hour ${this.hour} is out of range 0-23`);
    if (this.minute > 59) this.fail(`minute ${this.minute} is out of range 0-59`);
    if (this.second > 59) this.fail(`second ${this.second} is out of range 0-59`);
  }

  /** Reads fraction digits as milliseconds, cutting (not rounding) digits past the third. */
  private readFraction(): void {
    let scale = 100;
    let millisecond = 0;
    while (isAsciiDigit(this.code())) {
      millisecond += (this.code() - CODE_0) * scale;
      scale /= 10;
      this.pos++;
    }
    this.millisecond = Math.floor(millisecond);
  }

  /** Reads what may follow the clock time; the caller checks that the text ends there. */
  private readTimeSuffix(): void {
    this.skipSpaces();
    let word = isAsciiLetter(this.code()) ? this.word() : '';
    const lower = word.toLowerCase();

    if (lower === 'am' || lower === 'pm') {
      if (this.hour < 1 || this.hour > 12) {
        this.fail(`hour ${this.hour} is not valid with ${word}; write 1-12 with AM/PM, or 0-23 without`);
      }
      if (lower === 'am' && this.hour === 12) this.hour = 0;
      if (lower === 'pm' && this.hour !== 12) this.hour += 12;
      this.skipSpaces();
      word = isAsciiLetter(this.code()) ? this.word() : '';
    }

    if (word !== '') {
      const zoneHours = ZONE_NAME_HOURS.get(word.toLowerCase());
      if (zoneHours === undefined) this.fail();
      this.offset = zoneHours * HOUR_MS;
    }

    const sign = this.code();
    if (sign === CODE_PLUS || sign === CODE_MINUS) {
      // An offset may follow GMT or UTC (`GMT-0500`), but after `Z` or `EST` it would contradict the zone already read.
      const zoneWord = word.toLowerCase();
      if (word !== '' && (zoneWord === 'z' || ZONE_NAME_HOURS.get(zoneWord) !== 0)) this.fail();
      this.pos++;
      this.offset = this.readOffset(sign === CODE_MINUS ? -1 : 1);
    }

    this.skipSpaces();
    if (this.code() === CODE_PAREN) {
      // `GMT-0500 (Eastern Standard Time)` from JavaScript's Date#toString: the offset already gives the zone.
      const close = this.text.indexOf(')', this.pos);
      if (close !== this.text.length - 1) this.fail();
      this.pos = this.text.length;
    }
  }

  private readOffset(sign: number): number {
    const hours = this.digits(2);
    if (this.digitCount !== 2) this.fail();
    if (this.code() === CODE_COLON) this.pos++;
    let minutes = 0;
    if (isAsciiDigit(this.code())) {
      minutes = this.digits(2);
      if (this.digitCount !== 2) this.fail();
    }
    if (hours > 23 || minutes > 59) {
      this.fail(`UTC offset ${sign < 0 ? '-' : '+'}${pad2(hours)}:${pad2(minutes)} is out of range; write it as ±hh:mm with hours up to 23 and minutes up to 59`);
    }
    return sign * (hours * HOUR_MS + minutes * MINUTE_MS);
  }
}

/** Reads 10 digits as epoch seconds and 13 as epoch milliseconds; returns NaN for any other text. */
function parseEpoch(text: string): number {
  if (text.length !== 10 && text.length !== 13) return Number.NaN;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isAsciiDigit(code)) return Number.NaN;
    value = value * 10 + (code - CODE_0);
  }
  return text.length === 10 ? value * 1000 : value;
}

/**
 * Builds the message for a wall time inside a spring-forward gap, naming the
 * skipped hours and the fix, e.g. `2026-03-08 02:30 does not exist in
 * America/New_York (clocks skip from 02:00 to 03:00); check the time, ...`.
 */
function describeGap(zone: Zone, scanner: TimestampScanner): string {
  const { year, month, day, hour, minute, second } = scanner;
  const wall = civilTime(year, month, day, hour, minute, second);
  const before = zone.offsetAt(wall - DAY_MS);
  const after = zone.offsetAt(wall + DAY_MS);

  // The transition lies between the two readings of the wall time, on a quarter hour.
  let transition = Math.floor((wall - after) / BUCKET_MS) * BUCKET_MS;
  while (transition < wall - before && zone.offsetAt(transition) !== after) transition += BUCKET_MS;

  // A gap of a day or more (Pacific/Apia skipped 2011-12-30) ends on another date, so both ends then show their dates.
  const from = transition + before;
  const to = transition + after;
  const sameDate = Math.floor(from / DAY_MS) === Math.floor(to / DAY_MS);
  const clock = (instant: number): string => {
    const date = new Date(instant);
    const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
    return sameDate ? time : `${date.toISOString().slice(0, 10)} ${time}`;
  };
  const seconds = second === 0 ? '' : `:${pad2(second)}`;
  const wallTime = `${year}-${pad2(month)}-${pad2(day)} ${pad2(hour)}:${pad2(minute)}${seconds}`;
  return `${wallTime} does not exist in ${zone.name} (clocks skip from ${clock(from)} to ${clock(to)}); check the time and the time zone it is read in`;
}

/**
 * Creates a parser for one timestamp column. Wall times without an offset are
 * read in `zone`: in a fall-back hour the earlier instant is returned, and a
 * time inside a spring-forward gap throws ValueError. Numeric year-last dates
 * follow `dateOrder`. Without one, a date whose day and month are both 12 or
 * less throws a ValueError whose message requests the column's date order.
 *
 * Accepted forms: ISO 8601 with `T` or a space, with or without seconds and
 * fraction, with `Z`, `±hh:mm`, `±hhmm` or no offset; `YYYY/MM/DD HH:mm:ss`;
 * `MM/DD/YYYY` and `DD/MM/YYYY` (also with `.` or `-`, and 2-digit years)
 * with `H:mm[:ss]` and optional AM/PM in any case; `11/May/24 03:26 PM`;
 * `Thu, 27 Oct 2016 14:51:34`, `Mon, 04 Mar 2024 09:15:02 +0000` and
 * `Mon Mar 04 2024 09:15:02`; dates alone (the start of the day, local
 * midnight unless the clocks skip it); 10-digit epoch seconds and 13-digit
 * epoch milliseconds.
 */
export function createTimestampParser(options: TimestampParserOptions): TimestampParser {
  const { zone } = options;
  const scanner = new TimestampScanner(options.dateOrder, options.rejectYearLast === true);

  // UTC offset of each local calendar day seen so far (keyed by its day number),
  // or NaN for a day near an offset change, which goes through zone.toInstant.
  // Rows cluster on few days, so this skips most of its lookups.
  const dayOffsets = new Map<number, number>();

  /** Returns the offset of a local day when no offset change is near it, else NaN. */
  const offsetOfDay = (dayNumber: number, midnight: number): number => {
    let dayOffset = dayOffsets.get(dayNumber);
    if (dayOffset === undefined) {
      // Like zone.toInstant, this assumes at most one offset change within a few days.
      const before = zone.offsetAt(midnight - DAY_MS);
      dayOffset = before === zone.offsetAt(midnight + 2 * DAY_MS) ? before : Number.NaN;
      dayOffsets.set(dayNumber, dayOffset);
    }
    return dayOffset;
  };

  const toInstant = (): number => {
    const { year, month, day, hour, minute, second, millisecond, offset } = scanner;
    const dayNumber = daysFromCivil(year, month, day);
    const midnight = dayNumber * DAY_MS;
    const wall = midnight + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + millisecond;
    if (!Number.isNaN(offset)) return wall - offset;

    const dayOffset = offsetOfDay(dayNumber, midnight);
    if (!Number.isNaN(dayOffset)) return wall - dayOffset;

    const instant = zone.toInstant(year, month, day, hour, minute, second, millisecond);
    if (instant === null) throw new ValueError(scanner.text, describeGap(zone, scanner));
    return instant;
  };

  /**
   * Returns the instant a date without a time starts: local midnight, or the
   * end of the gap on a day whose clocks skip midnight (America/Santiago in
   * September), so a CRM's date-only close date on that day is kept.
   */
  const startOfDate = (): number => {
    const { year, month, day } = scanner;
    const dayNumber = daysFromCivil(year, month, day);
    const midnight = dayNumber * DAY_MS;
    const dayOffset = offsetOfDay(dayNumber, midnight);
    if (!Number.isNaN(dayOffset)) return midnight - dayOffset;
    return zone.startOfDate(year, month, day);
  };

  /**
   * Reads the fixed-width ISO forms that most exports write,
   * `YYYY-MM-DD[T ]HH:MM:SS` with nothing, `Z`, `±HH:MM` or `±HHMM` after,
   * from bytes[start, end) with plain arithmetic. Returns NaN for any other
   * text, and for a value out of range, so that the general path reads it and
   * words the error. Any instant it returns is the one the general path
   * computes. The fast path (fast-record.ts) calls it on a file's bytes.
   */
  let lastDateKey = -1;
  let lastDayNumber = 0;

  // The last cell read, to the hour: its length, its first 13 bytes
  // (`YYYY-MM-DDTHH`) as three little-endian words and a byte, the text
  // after its seconds (the offset) as a word or two, and its instant at
  // minute 0. Rows in time order mostly share the hour and the offset of the
  // row before, and such a cell then needs only its minutes and seconds read.
  // hourLength is -1 until a cell qualifies.
  let hourLength = -1;
  let hourWord0 = 0;
  let hourWord1 = 0;
  let hourWord2 = 0;
  let hourByte = 0;
  let tailWord = 0;
  let tailEndWord = 0;
  let hourInstant = 0;
  const words = new WordView();

  /** Returns true when bytes[start, start + length) has the length, hour and offset text of the last cell read. */
  const sameHour = (bytes: Uint8Array, start: number, length: number): boolean => {
    if (length !== hourLength) return false;
    const view = words.of(bytes);
    if (view.getInt32(start, true) !== hourWord0 || view.getInt32(start + 4, true) !== hourWord1) return false;
    if (view.getInt32(start + 8, true) !== hourWord2 || bytes[start + 12] !== hourByte) return false;
    if (length === 20) return bytes[start + 19] === tailWord;
    // The two words of a 24- or 25-byte cell's offset overlap by two or three bytes.
    return length === 19 || (view.getInt32(start + 19, true) === tailWord && view.getInt32(start + length - 4, true) === tailEndWord);
  };

  /** Keeps bytes[start, start + length) as the last cell read, whose instant at minute 0 is `instant`. */
  const rememberHour = (bytes: Uint8Array, start: number, length: number, instant: number): void => {
    const view = words.of(bytes);
    hourLength = length;
    hourWord0 = view.getInt32(start, true);
    hourWord1 = view.getInt32(start + 4, true);
    hourWord2 = view.getInt32(start + 8, true);
    hourByte = bytes[start + 12]!;
    if (length === 20) tailWord = bytes[start + 19]!;
    if (length >= 24) {
      tailWord = view.getInt32(start + 19, true);
      tailEndWord = view.getInt32(start + length - 4, true);
    }
    hourInstant = instant;
  };

  const parseIsoBytes = (bytes: Uint8Array, start: number, end: number): number => {
    const length = end - start;
    if (length < 19 || length > 25) return Number.NaN;

    if (sameHour(bytes, start, length) && bytes[start + 13] === CODE_COLON && bytes[start + 16] === CODE_COLON) {
      const mi1 = bytes[start + 14]! - CODE_0;
      const mi2 = bytes[start + 15]! - CODE_0;
      const s1 = bytes[start + 17]! - CODE_0;
      const s2 = bytes[start + 18]! - CODE_0;
      const minute = mi1 * 10 + mi2;
      const second = s1 * 10 + s2;
      if (((mi1 | (mi1 + 6) | mi2 | (mi2 + 6) | s1 | (s1 + 6) | s2 | (s2 + 6)) & ~15) === 0 && minute <= 59 && second <= 59) {
        return hourInstant + minute * MINUTE_MS + second * 1000;
      }
    }

    const separator = bytes[start + 10];
    if (
      bytes[start + 4] !== CODE_MINUS ||
      bytes[start + 7] !== CODE_MINUS ||
      (separator !== 84 && separator !== 116 && separator !== CODE_SPACE) ||
      bytes[start + 13] !== CODE_COLON ||
      bytes[start + 16] !== CODE_COLON
    ) {
      return Number.NaN;
    }
    // Each digit less '0'. A byte is a digit exactly when d | (d + 6) lies in
    // 0-15: below '0' d is negative, and above '9' d + 6 reaches 16. So one
    // test of the OR of all of them checks the 14 digits, without a branch each.
    const y1 = bytes[start]! - CODE_0;
    const y2 = bytes[start + 1]! - CODE_0;
    const y3 = bytes[start + 2]! - CODE_0;
    const y4 = bytes[start + 3]! - CODE_0;
    const mo1 = bytes[start + 5]! - CODE_0;
    const mo2 = bytes[start + 6]! - CODE_0;
    const d1 = bytes[start + 8]! - CODE_0;
    const d2 = bytes[start + 9]! - CODE_0;
    const h1 = bytes[start + 11]! - CODE_0;
    const h2 = bytes[start + 12]! - CODE_0;
    const mi1 = bytes[start + 14]! - CODE_0;
    const mi2 = bytes[start + 15]! - CODE_0;
    const s1 = bytes[start + 17]! - CODE_0;
    const s2 = bytes[start + 18]! - CODE_0;
    const digits =
      y1 | (y1 + 6) | y2 | (y2 + 6) | y3 | (y3 + 6) | y4 | (y4 + 6) | mo1 | (mo1 + 6) | mo2 | (mo2 + 6) | d1 | (d1 + 6) | d2 | (d2 + 6) |
      h1 | (h1 + 6) | h2 | (h2 + 6) | mi1 | (mi1 + 6) | mi2 | (mi2 + 6) | s1 | (s1 + 6) | s2 | (s2 + 6);
    if ((digits & ~15) !== 0) return Number.NaN;
    const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
    const month = mo1 * 10 + mo2;
    const day = d1 * 10 + d2;
    const hour = h1 * 10 + h2;
    const minute = mi1 * 10 + mi2;
    const second = s1 * 10 + s2;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return Number.NaN;

    // Consecutive rows mostly fall on the same day, so its month-length check and day number are reused.
    const dateKey = (year * 16 + month) * 32 + day;
    if (dateKey !== lastDateKey) {
      if (day > daysInMonth(year, month)) return Number.NaN;
      lastDateKey = dateKey;
      lastDayNumber = daysFromCivil(year, month, day);
    }
    const dayNumber = lastDayNumber;

    let offset = Number.NaN;
    if (length === 20) {
      const zoneLetter = bytes[start + 19];
      if (zoneLetter !== 90 && zoneLetter !== 122) return Number.NaN;
      offset = 0;
    } else if (length === 24 || length === 25) {
      const sign = bytes[start + 19];
      if (sign !== CODE_PLUS && sign !== CODE_MINUS) return Number.NaN;
      if (length === 25 && bytes[start + 22] !== CODE_COLON) return Number.NaN;
      // The offset digits get the same one-test check as the digits above.
      const minutesAt = start + (length === 25 ? 23 : 22);
      const oh1 = bytes[start + 20]! - CODE_0;
      const oh2 = bytes[start + 21]! - CODE_0;
      const om1 = bytes[minutesAt]! - CODE_0;
      const om2 = bytes[minutesAt + 1]! - CODE_0;
      if (((oh1 | (oh1 + 6) | oh2 | (oh2 + 6) | om1 | (om1 + 6) | om2 | (om2 + 6)) & ~15) !== 0) return Number.NaN;
      const hours = oh1 * 10 + oh2;
      const minutes = om1 * 10 + om2;
      if (hours > 23 || minutes > 59) return Number.NaN;
      offset = (sign === CODE_MINUS ? -1 : 1) * (hours * HOUR_MS + minutes * MINUTE_MS);
    } else if (length !== 19) {
      return Number.NaN;
    }

    const midnight = dayNumber * DAY_MS;
    const atHour = midnight + hour * HOUR_MS;
    const wall = atHour + minute * MINUTE_MS + second * 1000;
    if (!Number.isNaN(offset)) {
      rememberHour(bytes, start, length, atHour - offset);
      return wall - offset;
    }
    const dayOffset = offsetOfDay(dayNumber, midnight);
    if (!Number.isNaN(dayOffset)) {
      rememberHour(bytes, start, length, atHour - dayOffset);
      return wall - dayOffset;
    }
    // Near an offset change, ask the zone as toInstant() does. A time in a gap returns NaN,
    // so the general path reads it and reports the gap. The offset may change within the hour, so this hour is not kept.
    return zone.toInstant(year, month, day, hour, minute, second, 0) ?? Number.NaN;
  };

  // Scratch bytes for the text path's ISO candidates. A character outside latin1
  // cannot be part of an ISO timestamp, so it is stored as 0xFF, which fails every
  // check. The scratch is a Buffer like the raw reader's chunks, so that
  // parseIsoBytes always receives the same array type.
  const scratch = Buffer.alloc(25);
  const parseIsoFast = (value: string): number => {
    const length = value.length;
    if (length < 19 || length > 25) return Number.NaN;
    for (let i = 0; i < length; i++) scratch[i] = Math.min(value.charCodeAt(i), 0xff);
    return parseIsoBytes(scratch, 0, length);
  };

  const parseTimestamp = (text: string): number => {
    const value = text.trim();
    const fast = parseIsoFast(value);
    if (!Number.isNaN(fast)) return fast;

    const epoch = parseEpoch(value);
    if (!Number.isNaN(epoch)) return epoch;

    scanner.reset(value);
    scanner.expected = EXPECTED;
    if (value.length === 0) scanner.fail(`missing timestamp; ${EXPECTED}`);
    scanner.readDate();
    if (scanner.atEnd()) return startOfDate();

    const separator = scanner.code();
    if (separator === 84 || separator === 116) {
      scanner.pos++;
    } else {
      if (separator === CODE_COMMA) scanner.pos++;
      if (scanner.code() !== CODE_SPACE) scanner.fail();
      scanner.skipSpaces();
    }
    scanner.readTime();
    if (!scanner.atEnd()) scanner.fail();
    return toInstant();
  };

  const parseDateAndTime = (dateText: string, timeText: string): number => {
    const date = dateText.trim();
    scanner.reset(date);
    scanner.expected = EXPECTED_DATE;
    if (date.length === 0) scanner.fail(`missing date; ${EXPECTED_DATE}`);
    scanner.readDate();
    if (!scanner.atEnd()) scanner.fail();

    // The date fields stay; only the cursor moves to the time cell.
    const time = timeText.trim();
    scanner.text = time;
    scanner.pos = 0;
    scanner.expected = EXPECTED_TIME;
    if (time.length === 0) scanner.fail(`missing time; ${EXPECTED_TIME}`);
    scanner.readTime();
    if (!scanner.atEnd()) scanner.fail();
    return toInstant();
  };

  const parse = (text: string, timeText?: string): number =>
    timeText === undefined ? parseTimestamp(text) : parseDateAndTime(text, timeText);
  return Object.assign(parse, { parseIsoBytes, parseIso: parseIsoFast });
}

/** Result of detectDateOrder() for one column. */
export type DetectedDateOrder = DateOrder | 'ambiguous' | 'none' | 'conflict';

/**
 * Decides the date order of a column from its values, reading only numeric
 * year-last dates (`03/04/2024`, `3.4.24`, `03-04-2024`). A date that is
 * real only day first proves DMY (`13/01/2024`), and one real only month
 * first proves MDY. `conflict` means both proofs occur, `ambiguous` that
 * such dates occur but none proves an order, and `none` that there are no
 * such dates. Dates real in neither order (`13/13/2024`, `31/04/2024`,
 * `30/02/2024`) prove nothing.
 */
export function detectDateOrder(values: Iterable<string>): DetectedDateOrder {
  const detector = new DateOrderDetector();
  for (const value of values) {
    detector.add(value);
    if (detector.result() === 'conflict') return 'conflict';
  }
  return detector.result();
}

/** detectDateOrder fed one value at a time, so a column's values need not be kept. */
export class DateOrderDetector {
  private dayFirst = false;
  private monthFirst = false;
  private seen = false;

  /**
   * Adds a value and returns the orders it fits: 'DMY' or 'MDY' for a date
   * that proves one, 'ambiguous' for one that fits both, and null for a value
   * that is no numeric year-last date in either order (`31/31/2026` too).
   */
  add(value: string): DateOrder | 'ambiguous' | null {
    const fits = yearLastOrders(value);
    if (fits === null) return null;
    this.seen = true;
    if (fits === 'DMY') this.dayFirst = true;
    if (fits === 'MDY') this.monthFirst = true;
    return fits;
  }

  /** Returns what detectDateOrder returns for the values added so far. */
  result(): DetectedDateOrder {
    if (this.dayFirst && this.monthFirst) return 'conflict';
    if (this.dayFirst) return 'DMY';
    if (this.monthFirst) return 'MDY';
    return this.seen ? 'ambiguous' : 'none';
  }
}

/**
 * Returns the orders in which the numeric year-last date at the start of
 * `value` is a real date (see yearLastFits), or null when it starts with no
 * such date. Only the start is read: the rest of the cell may still fail.
 */
export function yearLastOrders(value: string): DateOrder | 'ambiguous' | null {
  const parts = yearLastDateParts(value);
  return parts === null ? null : yearLastFits(...parts);
}

/** Returns the two leading parts and the (expanded) year of a numeric year-last date at the start of `value`, or null. */
function yearLastDateParts(value: string): [first: number, second: number, year: number] | null {
  let i = 0;
  while (value.charCodeAt(i) === CODE_SPACE) i++;

  const readNumber = (maxDigits: number): number => {
    const start = i;
    let number = 0;
    while (i - start < maxDigits && isAsciiDigit(value.charCodeAt(i))) {
      number = number * 10 + (value.charCodeAt(i) - CODE_0);
      i++;
    }
    return i === start ? -1 : number;
  };

  const first = readNumber(2);
  const separator = value.charCodeAt(i);
  if (first < 1 || first > 31 || (separator !== CODE_SLASH && separator !== CODE_DOT && separator !== CODE_MINUS)) return null;
  i++;

  const second = readNumber(2);
  if (second < 1 || second > 31 || value.charCodeAt(i) !== separator) return null;
  i++;

  const yearStart = i;
  const year = readNumber(4);
  const yearDigits = i - yearStart;
  if (yearDigits !== 2 && yearDigits !== 4) return null;
  if (i < value.length && isAsciiDigit(value.charCodeAt(i))) return null;
  return [first, second, expandYear(year, yearDigits)];
}
