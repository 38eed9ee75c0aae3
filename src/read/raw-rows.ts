/**
 * Byte-level row reader behind the fast path. It splits an ASCII-compatible
 * file (UTF-8 or windows-1252) into rows of field offsets without creating a
 * string per field. The mapping can then parse numbers and timestamps from
 * the bytes and decode only the fields it keeps.
 *
 * It yields the same rows as CsvTokenizer over the decoded text: the same
 * line numbers, the same blank and all-empty rows skipped, quoted fields with
 * line ends, lone CRs, and Excel's reading of `"ab"c`. A row with a field that
 * needs more than a plain decode (an escaped quote, text after a closing
 * quote) is marked `complex`, and `fields()` then tokenizes its text with
 * CsvTokenizer itself.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { decodeWindows1252, SniffedUtf8Check, type CsvEncoding } from './encoding.js';
import { CsvTokenizer, unclosedQuoteError } from './tokenizer.js';
import { bufferBytes, type FileBytes } from './utf8-scan.js';
import { WordView } from '../word-view.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** One data row, with its fields as byte ranges of `bytes`. The row is valid only during the `onRow` callback. */
export class RawRow {
  bytes: Buffer = Buffer.alloc(0);
  /** Number of fields. */
  count = 0;
  /** Field i spans bytes[starts[i], ends[i]) (inside the quotes for a quoted field). */
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** Physical line the row starts on. */
  line = 0;
  /** Byte range of the whole row in `bytes`, without its line end. */
  start = 0;
  end = 0;
  /** True when some field contains an escaped quote or text after its closing quote. */
  complex = false;
  /** Whether every buffered byte that the row may contain is ASCII, so that its fields decode as latin1. */
  ascii = true;

  constructor(
    private readonly delimiter: number,
    private readonly file: string,
    /** Decodes a byte range that is not all ASCII. */
    readonly decodeRange: (bytes: Buffer, start: number, end: number) => string,
  ) {}

  /** Returns field i as text, as CsvTokenizer would give it. Only for rows that are not complex. */
  text(i: number): string {
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    if (start === end) return '';
    if (!this.ascii) return this.decodeRange(this.bytes, start, end);
    return end - start <= SHORT_TEXT ? shortAscii(this.bytes, start, end) : this.bytes.toString('latin1', start, end);
  }

  /** Returns every field as text, exactly as CsvTokenizer splits the row. */
  fields(): string[] {
    if (!this.complex) {
      const fields = new Array<string>(this.count);
      for (let i = 0; i < this.count; i++) fields[i] = this.text(i);
      return fields;
    }
    const text = this.ascii ? this.bytes.toString('latin1', this.start, this.end) : this.decodeRange(this.bytes, this.start, this.end);
    let fields: string[] = [];
    new CsvTokenizer(this.delimiter, this.file, 0, this.line).push(text, true, (found) => {
      fields = found;
      return false;
    });
    return fields;
  }

  /** Returns the row's fields joined by `delimiter`, for messages that show the whole row. */
  joined(delimiter: string): string {
    return this.fields().join(delimiter);
  }
}

/** Fields up to this many bytes long are decoded by shortAscii. */
const SHORT_TEXT = 16;

const char = String.fromCharCode;

/**
 * Returns bytes[s, end) as text, for 1 to SHORT_TEXT ASCII bytes. Ids are
 * short, and a million of them are decoded per million calls. Buffer#toString
 * enters C++ on every call, which costs about five times as much for a field
 * this short as String.fromCharCode with one argument per byte.
 */
function shortAscii(b: Buffer, s: number, end: number): string {
  switch (end - s) {
    case 1:
      return char(b[s]!);
    case 2:
      return char(b[s]!, b[s + 1]!);
    case 3:
      return char(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    case 9:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!);
    case 10:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!);
    case 11:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!);
    case 12:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!);
    case 13:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!);
    case 14:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!);
    case 15:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!);
    case 16:
      return char(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!, b[s + 8]!, b[s + 9]!, b[s + 10]!, b[s + 11]!, b[s + 12]!, b[s + 13]!, b[s + 14]!, b[s + 15]!);
    default:
      return b.toString('latin1', s, end);
  }
}

/** Bytes in a word of RawRowReader's buffer. */
const WORD = 4;

/** File properties that the raw reader needs, all determined by openCsv. */
export interface RawReadOptions {
  file: string;
  encoding: CsvEncoding;
  /** True for a sniffed UTF-8 file, which falls back to windows-1252 as SniffedUtf8Decoder does. */
  sniffed: boolean;
  /** The whole file, which SniffedUtf8Check reads again only for its mixed-encoding InputError. */
  bytes: FileBytes;
  /** Whether the file starts with a byte order mark to drop. */
  bom: boolean;
  delimiter: number;
  linesToSkip: number;
  hasHeader: boolean;
}

/** Returns true when the raw reader can read a file of this encoding and delimiter. */
export function rawReadable(encoding: CsvEncoding, delimiter: string): boolean {
  return (encoding === 'utf-8' || encoding === 'windows-1252') && delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80;
}

// ignoreBOM keeps a U+FEFF that starts a field, as the text path does. The file's own BOM is skipped as bytes.
const utf8WithReplacement = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Reads rows from consecutive chunks of a file and calls `onRow` with each
 * data row. Pass every chunk in order to `push`, then call `finish`.
 */
export class RawRowReader {
  private buffer = Buffer.allocUnsafe(1 << 20);
  /** The buffer, read four bytes at a time by tokenize(). */
  private readonly words = new WordView();
  /** Number of bytes in `buffer`: an unfinished row from earlier chunks, then the new chunk. */
  private length = 0;
  private line = 1;
  private linesToSkip: number;
  private headerPending: boolean;
  /** Number of byte order mark bytes still to drop. A chunk size below 3 splits the mark. */
  private bomLeft: number;
  private readonly row: RawRow;
  private readonly check: SniffedUtf8Check | null;
  /** Encoding of the bytes in the buffer. A sniffed file may switch to windows-1252. */
  encoding: CsvEncoding;
  /** Whether a chunk of a UTF-8 file with a BOM or a forced encoding was not valid UTF-8. */
  private invalidUtf8 = false;

  constructor(
    private readonly options: RawReadOptions,
    private readonly onRow: (row: RawRow) => void,
  ) {
    if (!warmedUp) warmUpRawReader();
    this.linesToSkip = options.linesToSkip;
    this.headerPending = options.hasHeader;
    this.encoding = options.encoding;
    this.bomLeft = options.bom && options.encoding === 'utf-8' ? 3 : 0;
    this.check = options.sniffed ? new SniffedUtf8Check(options.file, options.bytes) : null;
    this.row = new RawRow(options.delimiter, options.file, (bytes, start, end) => this.decode(bytes, start, end));
  }

  private decode(bytes: Buffer, start: number, end: number): string {
    if (this.encoding === 'windows-1252') return decodeWindows1252(bytes.subarray(start, end));
    // Replacement characters for invalid bytes, as the streaming TextDecoder of the text path gives them.
    if (this.invalidUtf8) return utf8WithReplacement.decode(bytes.subarray(start, end));
    return bytes.toString('utf8', start, end);
  }

  /** Reads the next chunk and emits the rows it completes. The caller may reuse the chunk's memory once this returns. */
  push(chunk: Uint8Array): void {
    this.take(chunk, false);
    this.tokenize(false);
  }

  /**
   * Emits the rows left at the end of the file, including a last row without
   * a line end. Throws InputError for an unclosed quoted field or mixed encodings.
   */
  finish(): void {
    this.take(new Uint8Array(0), true);
    this.tokenize(true);
  }

  /**
   * Determines the encoding of a chunk and appends its bytes. A sniffed UTF-8
   * file appends only what its decoder would decode now. A character that the
   * chunk cuts off waits for the next chunk, as on the text path, so both
   * paths see a line end at the same point, before any encoding error.
   */
  private take(chunk: Uint8Array, last: boolean): void {
    let bytes = chunk;
    if (this.check !== null) {
      bytes = this.check.next(chunk, last);
      this.encoding = this.check.encoding;
    } else if (this.encoding === 'utf-8' && !this.invalidUtf8 && chunk.length > 0 && !isUtf8(chunk)) {
      // A chunk of a valid file that ends inside a character also fails isUtf8. The flag then only slows decoding.
      this.invalidUtf8 = true;
    }
    if (bytes.length === 0) return;

    // Rows decode as latin1 only while every buffered byte, carried over or new, is ASCII.
    this.row.ascii = (this.length === 0 || this.row.ascii) && isAscii(bytes);
    const offset = Math.min(this.bomLeft, bytes.length);
    this.bomLeft -= offset;
    this.append(bytes, offset);
  }

  private append(chunk: Uint8Array, offset: number): void {
    const size = chunk.length - offset;
    // Spare bytes are kept for the sentinel that tokenize() writes after the
    // data and for the rest of the word that contains it.
    if (this.length + size + WORD > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + size + WORD));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.buffer.set(offset === 0 ? chunk : chunk.subarray(offset), this.length);
    this.length += size;
  }

  /**
   * Emits every complete row in the buffer and keeps the unfinished one at
   * its start. With `last`, the end of the buffer ends the last row.
   */
  private tokenize(last: boolean): void {
    const bytes = this.buffer;
    const length = this.length;
    const delimiter = this.options.delimiter;
    const row = this.row;
    // The bytes that end an unquoted field are the delimiter, LF and CR. A byte
    // greater than all three ends no field, so one compare settles most bytes.
    // Splitting the benchmark's status log in memory on an AMD EPYC (Node 20),
    // this took about 20% less time than a 256-entry lookup table.
    const maxStop = Math.max(delimiter, LF, CR);
    // Plain fields are read four bytes at a time up to the first byte that
    // is maxStop or less. Digits, letters and the punctuation of timestamps
    // and emails all lie above a comma, so a 25-byte timestamp takes about
    // seven words. For a delimiter above '/' nearly every word would contain
    // such a byte, so those files go byte by byte.
    //
    // A little-endian word has a byte below n (n at most 128) exactly when
    // `(word - n * 0x01010101) & ~word & 0x80808080` is not 0. Only a byte
    // below n borrows, so the lowest bit set is that of the first such byte.
    // A byte after it may show by mistake. Bytes of 128 and above never
    // show, and none of them ends a field.
    const words = maxStop < 0x2f ? this.words.of(bytes) : null;
    const wordStep = Math.imul(maxStop + 1, 0x01010101);
    row.bytes = bytes;
    // A line end after the data stops every field scan, so the scans need no length check.
    bytes[length] = LF;

    let i = this.skipLines(last);
    if (i < 0) return;

    while (i < length) {
      const rowStart = i;
      const rowLine = this.line;
      let count = 0;
      let anyValue = false;
      let complex = false;
      let complete = false;
      let rowEnd = i;

      for (;;) {
        if (count === row.starts.length) this.growFields();
        let fieldStart: number;
        let fieldEnd: number;

        if (bytes[i] === QUOTE) {
          // A quoted field: find its closing quote, counting line ends and escaped quotes on the way.
          fieldStart = i + 1;
          let j = fieldStart;
          let closed = -1;
          for (;;) {
            const quote = bytes.indexOf(QUOTE, j);
            if (quote < 0 || quote >= length) break;
            this.countLineEnds(bytes, j, quote);
            if (quote + 1 >= length && !last) break;
            if (bytes[quote + 1] === QUOTE) {
              complex = true;
              j = quote + 2;
              continue;
            }
            closed = quote;
            break;
          }
          if (closed < 0) {
            if (!last) break;
            throw unclosedQuoteError(this.options.file, rowLine);
          }
          fieldEnd = closed;
          i = closed + 1;
          // Text between the closing quote and the delimiter joins the field.
          let code = bytes[i]!;
          if (code > maxStop || (code !== delimiter && code !== LF && code !== CR)) {
            complex = true;
            while (code > maxStop || (code !== delimiter && code !== LF && code !== CR)) code = bytes[++i]!;
          }
          if (complex || fieldEnd > fieldStart) anyValue = true;
        } else {
          fieldStart = i;
          if (words !== null) {
            for (;;) {
              const word = words.getInt32(i, true);
              const below = (word - wordStep) & ~word & 0x80808080;
              if (below === 0) {
                i += WORD;
                continue;
              }
              // The lowest bit set is in the first byte below the step, a possible stop.
              i += (31 - Math.clz32(below & -below)) >> 3;
              const code = bytes[i]!;
              if (code === delimiter || code === LF || code === CR) break;
              i++;
            }
          } else {
            let code = bytes[i]!;
            while (code > maxStop || (code !== delimiter && code !== LF && code !== CR)) code = bytes[++i]!;
          }
          fieldEnd = i;
          if (fieldEnd > fieldStart) anyValue = true;
        }
        row.starts[count] = fieldStart;
        row.ends[count] = fieldEnd;
        count++;
        rowEnd = i;

        if (i >= length) {
          complete = last;
          break;
        }
        const code = bytes[i];
        if (code === delimiter) {
          i++;
          // A delimiter at the very end opens a last, empty field only if no more bytes follow.
          if (i >= length && last) {
            if (count === row.starts.length) this.growFields();
            row.starts[count] = i;
            row.ends[count] = i;
            count++;
            rowEnd = i;
            complete = true;
            break;
          }
          if (i >= length) break;
          continue;
        }
        if (code === LF) {
          i++;
          this.line++;
          complete = true;
          break;
        }
        // A CR at the end of the buffer may be the first half of a CRLF split across chunks.
        if (i + 1 >= length && !last) break;
        i += bytes[i + 1] === LF ? 2 : 1;
        this.line++;
        complete = true;
        break;
      }

      if (!complete) {
        this.line = rowLine;
        this.keepFrom(rowStart);
        return;
      }
      if (!anyValue) continue;
      if (this.headerPending) {
        this.headerPending = false;
        continue;
      }
      row.count = count;
      row.line = rowLine;
      row.start = rowStart;
      row.end = rowEnd;
      row.complex = complex;
      this.onRow(row);
    }
    this.length = 0;
  }

  /** Moves the unfinished row at `from` to the start of the buffer. */
  private keepFrom(from: number): void {
    this.buffer.copyWithin(0, from, this.length);
    this.length -= from;
  }

  private growFields(): void {
    const starts = new Int32Array(this.row.starts.length * 2);
    const ends = new Int32Array(this.row.ends.length * 2);
    starts.set(this.row.starts);
    ends.set(this.row.ends);
    this.row.starts = starts;
    this.row.ends = ends;
  }

  /** Counts the line ends (LF, CRLF, lone CR) in bytes[start, end). */
  private countLineEnds(bytes: Buffer, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const code = bytes[i];
      if (code === LF || (code === CR && bytes[i + 1] !== LF)) this.line++;
    }
  }

  /**
   * Drops the physical lines still to skip (a `sep=` line, title rows) from
   * the start of the buffer and returns the index after them. Returns -1 when
   * the buffer ends inside them. The partial line then waits for the next
   * chunk, or is dropped at the end of the file.
   */
  private skipLines(last: boolean): number {
    const bytes = this.buffer;
    const length = this.length;
    let i = 0;
    while (this.linesToSkip > 0) {
      let end = i;
      while (end < length && bytes[end] !== LF && bytes[end] !== CR) end++;
      if (end >= length || (bytes[end] === CR && end + 1 >= length && !last)) {
        if (last) {
          this.linesToSkip = 0;
          this.length = 0;
          return -1;
        }
        this.keepFrom(i);
        return -1;
      }
      i = bytes[end] === CR && bytes[end + 1] === LF ? end + 2 : end + 1;
      this.line++;
      this.linesToSkip--;
    }
    return i;
  }
}

/**
 * A small file that takes every branch of RawRowReader.tokenize(). It has a
 * line to skip, a header, and LF, CRLF and lone CR line ends. One quoted
 * field has an escaped quote, and another has a line end inside and text
 * after its closing quote. It also has a blank row, an all-empty row and a
 * row that ends in a delimiter. Its plain fields include some long enough
 * to be read a word at a time, and bytes below the word step (a space, a
 * '+') that end no field.
 */
export const WARM_UP_SAMPLE =
  'skip this line\n' +
  'id,when,note\r\n' +
  'ab,"c""d",e\n' +
  '"x\r\ny"z,,\r\n' +
  '\n' +
  ',,\n' +
  'q,w,e\r' +
  'last,row,\r\n' +
  '0123456789,2026-01-05 08:00:00+01:00,"0123456789abcdef"\n' +
  'call-0001,2026-01-05T08:00:00Z,a b c d e f g\n';

let warmedUp = false;

/**
 * Reads WARM_UP_SAMPLE twice, once per thread, before the first file: byte
 * by byte, so that chunks end at every point of a row, and whole. The two
 * passes have row handlers from different function literals. Returns the
 * rows and fields read, for its test.
 *
 * V8 compiles tokenize() from the feedback that its runs so far have left.
 * Optimized code that reaches a branch no run had taken (a chunk that ends
 * inside a row, a quoted field, a '+' in a timestamp) is thrown away, and
 * the function runs unoptimized until it is compiled again. So is code
 * that inlined one file's row handler when the next file's arrives. On the
 * 1M benchmark set the main thread compiled tokenize() eight times, about
 * 6 ms each. After this warm-up, which takes about a millisecond, it
 * compiles twice and calls the handler without inlining it, and the
 * report took about 30 ms less (docs/performance.md).
 */
export function warmUpRawReader(): { rows: number; fields: number } {
  warmedUp = true;
  const sample = Buffer.from(WARM_UP_SAMPLE, 'latin1');
  const options: RawReadOptions = {
    file: '(warm-up sample)',
    encoding: 'utf-8',
    sniffed: false,
    bytes: bufferBytes(sample),
    bom: false,
    delimiter: ','.charCodeAt(0),
    linesToSkip: 1,
    hasHeader: true,
  };

  let rows = 0;
  const byByte = new RawRowReader(options, () => {
    rows++;
  });
  for (let at = 0; at < sample.length; at++) byByte.push(sample.subarray(at, at + 1));
  byByte.finish();

  let fields = 0;
  const whole = new RawRowReader(options, (row) => {
    fields += row.count;
  });
  whole.push(sample);
  whole.finish();
  return { rows, fields };
}
