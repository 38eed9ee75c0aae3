/**
 * A byte-level check that lets the reader skip the date-order pass over a
 * file: it proves that no field of the file starts like a numeric
 * year-last date (`03/04/2024`, `3.4.24`, `03-04-2024`).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isAsciiDigit } from '../ascii.js';
import type { CsvEncoding } from './encoding.js';

const SLASH = 0x2f;
const MINUS = 0x2d;
const QUOTE = 0x22;

/**
 * Returns false only when no field of the source can match
 * `^\s*\d{1,2}[/.-]` (the start of a numeric year-last date), so a date-order
 * pass over it would find no such date. Returns true when one may, and for
 * UTF-16 text or a delimiter outside ASCII, which the byte test does not read.
 *
 * The test finds each `/`, `.` or `-` after a run of one or two digits, and
 * counts it when the byte before the run can precede a field's text: the
 * delimiter, a quote, a line end, ASCII white space, any byte above 0x7F
 * (the end of a multi-byte space, or of a byte order mark), or the start of
 * the file. That is more than the fields' starts (quoted delimiters, skipped
 * lines and the header all count), which only makes it answer true more often.
 */
export function mayHoldYearLastDates(source: string | Buffer, delimiter: string, encoding: CsvEncoding): boolean {
  const delimiterCode = delimiter.charCodeAt(0);
  if (encoding === 'utf-16le' || encoding === 'utf-16be' || delimiter.length !== 1 || delimiterCode > 0x7f) return true;

  const canPrecede = (byte: number): boolean =>
    byte === delimiterCode || byte === QUOTE || byte === 0x20 || (byte >= 0x09 && byte <= 0x0d) || byte > 0x7f;

  // Each chunk is scanned with the last 3 bytes of the one before, so a run
  // that spans chunks is still seen. -1 stands for the start of the file.
  const previous = [-1, -1, -1];
  const byteAt = (bytes: Uint8Array, i: number): number => (i >= 0 ? (bytes[i] as number) : (previous[3 + i] as number));

  /** Returns true when the separator at `i` follows a one- or two-digit run that can start a field. */
  const startsDate = (bytes: Uint8Array, i: number): boolean => {
    if (!isAsciiDigit(byteAt(bytes, i - 1))) return false;
    const before = isAsciiDigit(byteAt(bytes, i - 2)) ? byteAt(bytes, i - 3) : byteAt(bytes, i - 2);
    return before === -1 || canPrecede(before);
  };

  const scan = (bytes: Uint8Array, length: number): boolean => {
    for (let i = 0; i < length; i++) {
      const byte = bytes[i] as number;
      // '-', '.' and '/' are the adjacent codes 0x2D to 0x2F.
      if (byte >= MINUS && byte <= SLASH && startsDate(bytes, i)) return true;
    }
    for (let k = 0; k < 3; k++) previous[k] = byteAt(bytes, length - 3 + k);
    return false;
  };

  if (typeof source !== 'string') return scan(source, source.length);

  const fd = openSync(source, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) return false;
      if (scan(buffer, read)) return true;
    }
  } finally {
    closeSync(fd);
  }
}
