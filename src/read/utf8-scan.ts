/**
 * Byte scans for the rare paths of encoding detection: finding the first
 * byte that is not valid UTF-8, the first valid multi-byte UTF-8 character,
 * and the line of a byte offset. The normal read path never calls them, so
 * they are plain loops over bytes that were already read once.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Random access to the bytes of one file or Buffer, for looking back at bytes already read. */
export interface FileBytes {
  /** Returns bytes [start, end) of the file, fewer when the file ends first. */
  read(start: number, end: number): Uint8Array;
}

const LF = 10;
const CR = 13;

/** Bytes per read when a scan goes over a file prefix. */
const SCAN_CHUNK = 1 << 20;

/** Returns FileBytes over a Buffer that contains the whole file (standard input, or a test's bytes). */
export function bufferBytes(buffer: Uint8Array): FileBytes {
  return { read: (start, end) => buffer.subarray(start, end) };
}

/** Returns FileBytes that read a file by its path, opening it for each read. */
export function pathBytes(path: string): FileBytes {
  return {
    read(start, end) {
      const buffer = Buffer.allocUnsafe(Math.max(0, end - start));
      const fd = openSync(path, 'r');
      try {
        let filled = 0;
        while (filled < buffer.length) {
          const read = readSync(fd, buffer, filled, buffer.length - filled, start + filled);
          if (read === 0) break;
          filled += read;
        }
        return buffer.subarray(0, filled);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * Returns the length (2-4) of the valid multi-byte UTF-8 character that
 * starts at bytes[at], or 0 when the bytes there are not one. A character
 * that runs past `end` counts as invalid. The rules are those of
 * Buffer.isUtf8 and RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF.
 */
export function utf8SequenceLength(bytes: Uint8Array, at: number, end: number): number {
  const lead = bytes[at]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else {
    return 0;
  }

  if (at + length > end) return 0;
  // Only the second byte has a narrower range; the later ones are any continuation byte.
  const second = bytes[at + 1]!;
  if (second < low || second > high) return 0;
  for (let i = at + 2; i < at + length; i++) {
    if ((bytes[i]! & 0xc0) !== 0x80) return 0;
  }
  return length;
}

/**
 * Offsets in a byte range of its first byte that is not valid UTF-8 and of
 * its first valid multi-byte character that looks like text (see
 * looksLikeText), each -1 when absent.
 */
export interface Utf8Findings {
  invalid: number;
  multiByte: number;
}

/**
 * Returns whether the valid `length`-byte UTF-8 character at bytes[at] is
 * likely to be text written as UTF-8 rather than two Windows-1252
 * characters that happen to form one. In Windows-1252, an upper-case
 * accented letter (0xC2-0xDF) followed by a quote or symbol (0x80-0xBF) is
 * a valid two-byte character: "É" and a closing quote read as U+0254, and
 * "É»" as U+027B. Two-byte characters therefore count only in the
 * Latin-1 letters, Latin Extended-A and -B, Greek and Cyrillic, where
 * names are, and not when their second byte is Windows-1252 punctuation;
 * C1 controls, IPA symbols and combining marks do not count.
 * Three- and four-byte characters need a lower-case accented letter and
 * two symbols in a row in Windows-1252, which text rarely has, so they
 * always count. A pair such as "Ã©" stays ambiguous: it is how "é" reads
 * in either direction.
 */
function looksLikeText(bytes: Uint8Array, at: number, length: number): boolean {
  if (length !== 2) return true;

  // A second byte that Windows-1252 reads as a quote, guillemet, dash, ellipsis
  // or bullet is more likely that punctuation after an upper-case letter
  // ("LLAMÓ”", "STAUÄ“") than the UTF-8 letters it would make (Ó, Ö, Ñ and the like).
  if (WINDOWS_1252_PUNCTUATION.has(bytes[at + 1]!)) return false;

  const codePoint = ((bytes[at]! & 0x1f) << 6) | (bytes[at + 1]! & 0x3f);
  return (codePoint >= 0xa0 && codePoint <= 0x24f) || (codePoint >= 0x370 && codePoint <= 0x52f);
}

/** „ … ‹ ‘ ’ “ ” • – — › « » in Windows-1252. */
const WINDOWS_1252_PUNCTUATION: ReadonlySet<number> = new Set([0x84, 0x85, 0x8b, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x9b, 0xab, 0xbb]);

/**
 * Scans bytes[start, end) and returns the offset of the first byte that is
 * not valid UTF-8 and of the first valid multi-byte character that looks
 * like text. The scan goes on past an invalid byte, so a character after it
 * is found too, and it stops once both are found or `stopAtInvalid` is set
 * and one invalid byte is.
 */
export function findUtf8(bytes: Uint8Array, start: number, end: number, stopAtInvalid = false): Utf8Findings {
  const found: Utf8Findings = { invalid: -1, multiByte: -1 };
  let i = start;
  while (i < end) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }

    const length = utf8SequenceLength(bytes, i, end);
    if (length > 0) {
      if (found.multiByte < 0 && looksLikeText(bytes, i, length)) found.multiByte = i;
      i += length;
    } else {
      if (found.invalid < 0) found.invalid = i;
      if (stopAtInvalid) break;
      i++;
    }
    if (found.invalid >= 0 && found.multiByte >= 0) break;
  }
  return found;
}

/**
 * Returns the physical line (from 1) of the byte at `offset`, counting the
 * line ends before it as the CSV tokenizer does: LF, CRLF and a lone CR are
 * one line end each, quoted or not. Reads the file from its start.
 */
export function lineOfOffset(file: FileBytes, offset: number): number {
  let line = 1;
  let afterCr = false;
  for (let start = 0; start < offset; start += SCAN_CHUNK) {
    const bytes = file.read(start, Math.min(offset, start + SCAN_CHUNK));
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      // The LF of a CRLF pair adds nothing, because its CR already counted.
      if (byte === CR || (byte === LF && !afterCr)) line++;
      afterCr = byte === CR;
    }
    if (bytes.length < SCAN_CHUNK) break;
  }
  return line;
}

/**
 * Returns the offset of the first non-ASCII byte before `end`, or -1 when
 * there is none. Reads the file from its start. When the bytes before `end`
 * are valid UTF-8, as they are before the first invalid byte of a file, that
 * byte starts the first multi-byte character.
 */
export function firstNonAsciiBefore(file: FileBytes, end: number): number {
  for (let start = 0; start < end; start += SCAN_CHUNK) {
    const bytes = file.read(start, Math.min(end, start + SCAN_CHUNK));
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i]! >= 0x80) return start + i;
    }
    if (bytes.length < SCAN_CHUNK) break;
  }
  return -1;
}
