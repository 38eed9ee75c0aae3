/**
 * Character encodings of CSV exports: detection from the leading bytes and
 * chunk-by-chunk decoding that survives a multi-byte character split across
 * two chunks.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { InputError } from '../errors.js';
import { bufferBytes, findUtf8, firstNonAsciiBefore, lineOfOffset, utf8SequenceLength, type FileBytes, type Utf8Findings } from './utf8-scan.js';

/** The encodings the reader decodes. ISO-8859-1 files read correctly as windows-1252. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const CSV_ENCODINGS: readonly CsvEncoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export interface SniffedEncoding {
  encoding: CsvEncoding;
  /** Whether the bytes start with a byte order mark, which the decoder drops. */
  bom: boolean;
}

/**
 * Detects the encoding from the first bytes of a file. A byte order mark
 * decides UTF-8, UTF-16 LE or UTF-16 BE. Without one, NUL bytes in every
 * other position mean UTF-16, and otherwise the sample is UTF-8 when it is
 * valid UTF-8 and windows-1252 when it is not. Pass `complete` when the
 * sample is the whole file; otherwise a multi-byte character cut off at its
 * end is not held against UTF-8.
 */
export function sniffEncoding(sample: Uint8Array, complete: boolean): SniffedEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };

  const utf16 = sniffUtf16WithoutBom(sample);
  if (utf16 !== null) return { encoding: utf16, bom: false };

  const checked = complete ? sample : sample.subarray(0, sample.length - incompleteTailLength(sample));
  return { encoding: isUtf8(checked) ? 'utf-8' : 'windows-1252', bom: false };
}

/**
 * Recognizes UTF-16 text without a BOM from its NUL bytes: a header row is
 * mostly ASCII, which UTF-16 writes as one NUL and one ASCII byte. Such bytes
 * are valid UTF-8 too, so the check has to come before the UTF-8 one.
 */
function sniffUtf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(sample.length, 1024) >> 1;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) evenNuls++;
    if (sample[i + 1] === 0) oddNuls++;
  }

  // A quarter of the pairs leaves room for non-ASCII names; NULs on the other side rule it out.
  if (pairs === 0) return null;
  if (oddNuls * 4 >= pairs && evenNuls === 0) return 'utf-16le';
  if (evenNuls * 4 >= pairs && oddNuls === 0) return 'utf-16be';
  return null;
}

/** Returns how many bytes at the end of `bytes` start a UTF-8 sequence that the bytes do not finish (0-3). */
function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc0) return 0;
    let length = 2;
    if (byte >= 0xf0) length = 4;
    else if (byte >= 0xe0) length = 3;
    return length > back ? back : 0;
  }
  return 0;
}

/** Decodes consecutive chunks of one file into text. */
export interface ChunkDecoder {
  /** The encoding in use; a sniffed UTF-8 file can turn out to be windows-1252 part-way through. */
  readonly encoding: CsvEncoding;
  /** Decodes the next chunk; `last` flushes a character left incomplete by the previous chunk. */
  decode(bytes: Uint8Array, last: boolean): string;
}

// Windows-1252 differs from ISO-8859-1 only in 0x80-0x9F. The five bytes it
// leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the same C1 code
// points, as in the WHATWG Encoding Standard's index.
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1_RANGE = /[\x80-\x9f]/;
const C1_RANGE_ALL = /[\x80-\x9f]/g;

/** Decodes windows-1252 bytes; each byte is one character, so chunks split anywhere. */
export function decodeWindows1252(bytes: Uint8Array): string {
  // Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as C1 controls, so the table above fixes them.
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (!C1_RANGE.test(latin1)) return latin1;
  return latin1.replace(C1_RANGE_ALL, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!);
}

class Windows1252Decoder implements ChunkDecoder {
  readonly encoding = 'windows-1252';

  decode(bytes: Uint8Array): string {
    return decodeWindows1252(bytes);
  }
}

/** A TextDecoder in streaming mode; invalid bytes become U+FFFD. */
class StreamingDecoder implements ChunkDecoder {
  private decoder: TextDecoder;
  /** True while every UTF-8 chunk so far was ASCII, which leaves the TextDecoder nothing pending. */
  private asciiSoFar: boolean;
  /** True once a chunk with bytes was decoded without the TextDecoder. */
  private skippedStart = false;

  constructor(readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be') {
    this.decoder = new TextDecoder(encoding);
    this.asciiSoFar = encoding === 'utf-8';
  }

  decode(bytes: Uint8Array, last: boolean): string {
    // ASCII reads the same as latin1. Every open decodes a sample of up to
    // 1 MiB for its header, and on a 1 MiB ASCII sample the latin1 decode
    // took a tenth of TextDecoder's 1.5 to 3 ms in streaming mode (Node 20).
    if (this.asciiSoFar && isAscii(bytes)) {
      if (bytes.length > 0) this.skippedStart = true;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    }
    if (this.asciiSoFar && this.skippedStart) {
      // The TextDecoder's input starts mid-file, so a U+FEFF there is text, not a byte order mark to drop.
      this.decoder = new TextDecoder(this.encoding, { ignoreBOM: true });
    }
    this.asciiSoFar = false;
    return this.decoder.decode(bytes, { stream: !last });
  }
}

/**
 * Decides, chunk by chunk, how to decode a file without a BOM whose leading
 * sample looked like UTF-8. When the first invalid UTF-8 byte comes after
 * pure ASCII, the file is read as windows-1252 from there on. Both encodings
 * read ASCII the same way, so the text already returned matches a
 * windows-1252 read of the whole file. Invalid bytes after non-ASCII UTF-8
 * mean that the file mixes encodings and no single reading is right, so
 * they raise InputError. The raw row reader makes the same decisions on the
 * same chunks without decoding them.
 */
export class SniffedUtf8Check {
  encoding: 'utf-8' | 'windows-1252' = 'utf-8';
  /** Whether every byte checked so far was ASCII. */
  private asciiSoFar = true;
  /** Start of a UTF-8 character that the previous chunk cut off. */
  private pending: Uint8Array = new Uint8Array(0);
  private offset = 0;

  /** `bytes` reads the file again for the line numbers of the InputError, and only then. */
  constructor(
    private readonly file: string,
    private readonly bytes: FileBytes,
  ) {}

  /**
   * Checks the next chunk and returns the bytes to decode now, in `encoding`.
   * They start with any character that the previous chunk cut off. A
   * character that this chunk cuts off is kept for the next call.
   */
  next(bytes: Uint8Array, last: boolean): Uint8Array {
    const start = this.offset - this.pending.length;
    this.offset += bytes.length;
    if (this.encoding === 'windows-1252') return bytes;

    const whole = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const body = whole.subarray(0, whole.length - (last ? 0 : incompleteTailLength(whole)));

    if (isUtf8(body)) {
      // Copied, because the caller reuses the chunk's memory for the next read.
      this.pending = Uint8Array.prototype.slice.call(whole, body.length);
      if (this.asciiSoFar && !isAscii(body)) this.asciiSoFar = false;
      return body;
    }

    // Reached once per file at most, for the chunk with the first invalid byte.
    // Non-ASCII UTF-8 before that byte, in this chunk or an earlier one,
    // raises the error, so the chunk size does not change the outcome.
    const invalid = findUtf8(body, 0, body.length, true).invalid;
    if (!this.asciiSoFar || !isAscii(body.subarray(0, invalid))) {
      throw mixedEncodingError(this.file, this.bytes, start + invalid);
    }
    this.encoding = 'windows-1252';
    this.pending = new Uint8Array(0);
    return whole;
  }
}

/**
 * Finds both kinds of bytes in the sample of a file that sniffEncoding read
 * as windows-1252: a byte that is not valid UTF-8 and a valid multi-byte
 * UTF-8 character. Returns their offsets, or null when the sample lacks
 * either. A character cut off at the end of an incomplete sample is neither.
 */
export function findMixedEncoding(sample: Uint8Array, complete: boolean): Utf8Findings | null {
  const found = findUtf8(sample, 0, sampleEnd(sample, complete));
  return found.invalid >= 0 && found.multiByte >= 0 ? found : null;
}

/**
 * Returns the warning for a file read as windows-1252 whose sample also has
 * UTF-8 text. It shows that text as it now reads, and as UTF-8 would read it.
 */
export function mixedEncodingWarning(file: string, sample: FileBytes, found: Utf8Findings): string {
  const word = wordAround(sample, found.multiByte);
  const asUtf8 = Buffer.from(word.buffer, word.byteOffset, word.byteLength).toString('utf8');
  return (
    `${file}:${lineOfOffset(sample, found.invalid)}: ${describeByte(sample, found.invalid)} is not valid UTF-8, so the file is read as windows-1252, ` +
    `but line ${lineOfOffset(sample, found.multiByte)} has the UTF-8 text ${JSON.stringify(asUtf8)}, which now reads ${JSON.stringify(decodeWindows1252(word))}. ` +
    'Re-save the file as UTF-8 so that both lines read correctly.'
  );
}

/**
 * Returns the warning for a file read as UTF-8, because of its byte order
 * mark or its configured encoding, whose sample has a byte that is not valid
 * UTF-8, or null when the sample is valid. Such bytes decode as U+FFFD, so
 * an agent name holding one becomes another agent. A character cut off at
 * the end of an incomplete sample is not counted.
 */
export function invalidUtf8Warning(file: string, sample: Uint8Array, complete: boolean, readAsUtf8Because: string): string | null {
  const end = sampleEnd(sample, complete);
  if (isUtf8(sample.subarray(0, end))) return null;

  const bytes = bufferBytes(sample);
  const invalid = findUtf8(sample, 0, end, true).invalid;
  return (
    `${file}:${lineOfOffset(bytes, invalid)}: ${describeByte(bytes, invalid)} is not valid UTF-8, although ${readAsUtf8Because}, ` +
    'so it and any such bytes read as the replacement character U+FFFD. Re-save the file as UTF-8 from the program that wrote it.'
  );
}

/** Returns the end of a sample's checked bytes: all of them, less a character that an incomplete sample cuts off. */
function sampleEnd(sample: Uint8Array, complete: boolean): number {
  return complete ? sample.length : sample.length - incompleteTailLength(sample);
}

/**
 * Returns the InputError for a byte that is not valid UTF-8 at `offset`, in
 * a file with non-ASCII UTF-8 text before it. Reads the file from its start
 * to find the line numbers and that text.
 */
function mixedEncodingError(file: string, bytes: FileBytes, offset: number): InputError {
  const text = firstNonAsciiBefore(bytes, offset);
  const word = wordAround(bytes, text);
  const asUtf8 = Buffer.from(word.buffer, word.byteOffset, word.byteLength).toString('utf8');
  return new InputError(
    `${file}:${lineOfOffset(bytes, offset)}: ${describeByte(bytes, offset)} is not valid UTF-8, ` +
      `but line ${lineOfOffset(bytes, text)} has the UTF-8 text ${JSON.stringify(asUtf8)}, so the file mixes encodings and no single reading is right. ` +
      'Re-save it as UTF-8 (or as windows-1252 throughout).',
  );
}

/** Names the byte at `offset` for a message, such as `byte 0xE9 at offset 98` (offsets count from 0). */
function describeByte(bytes: FileBytes, offset: number): string {
  const byte = bytes.read(offset, offset + 1)[0] ?? 0;
  return `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at offset ${offset}`;
}

/** Bytes on each side of a character that a message may show with it. */
const WORD_CONTEXT = 24;

/**
 * Returns the bytes of the word around the valid UTF-8 character at `at`:
 * up to the nearest space, control character, quote, comma, semicolon, pipe
 * or byte that is not valid UTF-8, and at most WORD_CONTEXT bytes to either side.
 */
function wordAround(bytes: FileBytes, at: number): Uint8Array {
  const from = Math.max(0, at - WORD_CONTEXT);
  const window = bytes.read(from, at + 4 + WORD_CONTEXT);

  let start = at - from;
  while (start > 0 && !endsWord(window[start - 1]!)) start--;
  // The cut at WORD_CONTEXT or an invalid byte may leave the left side invalid. It is short, so retrying is cheap.
  while (!isUtf8(window.subarray(start, at - from))) start++;

  let end = at - from;
  while (end < window.length && !endsWord(window[end]!)) {
    const length = window[end]! < 0x80 ? 1 : utf8SequenceLength(window, end, window.length);
    if (length === 0) break;
    end += length;
  }
  return window.subarray(start, end);
}

function endsWord(byte: number): boolean {
  return byte <= 0x20 || byte === 0x7f || byte === 0x22 || byte === 0x2c || byte === 0x3b || byte === 0x7c;
}

/** Decodes a sniffed UTF-8 file as SniffedUtf8Check decides. */
class SniffedUtf8Decoder implements ChunkDecoder {
  private readonly check: SniffedUtf8Check;

  constructor(file: string, bytes: FileBytes) {
    this.check = new SniffedUtf8Check(file, bytes);
  }

  get encoding(): CsvEncoding {
    return this.check.encoding;
  }

  decode(bytes: Uint8Array, last: boolean): string {
    const body = this.check.next(bytes, last);
    if (this.check.encoding === 'windows-1252') return decodeWindows1252(body);
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  }
}

/**
 * Creates the decoder for a file. With a BOM or a caller-given encoding the
 * choice is final; a sniffed UTF-8 file may still fall back to windows-1252.
 * `bytes` gives access to the whole file for the mixed-encoding InputError.
 */
export function createChunkDecoder(sniffed: SniffedEncoding, forced: boolean, file: string, bytes: FileBytes): ChunkDecoder {
  if (sniffed.encoding === 'windows-1252') return new Windows1252Decoder();
  if (sniffed.encoding === 'utf-8' && !sniffed.bom && !forced) return new SniffedUtf8Decoder(file, bytes);
  return new StreamingDecoder(sniffed.encoding);
}
