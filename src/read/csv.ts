/**
 * Streaming CSV reading: a file path or a Buffer in, records with their
 * physical line numbers out, in chunks so memory stays bounded whatever the
 * file size.
 *
 * Line numbers: the first line of the file is line 1 and every line end
 * counts, including those inside quoted fields, blank lines, lines dropped by
 * `skipRows`, and Excel's `sep=;` line. A file that starts with `sep=;` thus
 * has its header on line 2.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import {
  createChunkDecoder,
  findMixedEncoding,
  invalidUtf8Warning,
  mixedEncodingWarning,
  sniffEncoding,
  type ChunkDecoder,
  type CsvEncoding,
  type SniffedEncoding,
} from './encoding.js';
import { RawRowReader, rawReadable, type RawRow } from './raw-rows.js';
import { CsvTokenizer, type RecordHandler } from './tokenizer.js';
import { bufferBytes, pathBytes } from './utf8-scan.js';

export type { CsvEncoding } from './encoding.js';

/**
 * Bytes read per chunk unless a caller asks otherwise. It stays under
 * Node's EXTERN_APEX (0xFBEE9 bytes, src/string_bytes.cc in Node 20), above
 * which Buffer#toString returns an external string: V8 frees those late, and
 * with 1 MiB chunks they held over 150 MB of RSS at a million call rows.
 */
export const DEFAULT_CHUNK_SIZE = 960 * 1024;

/** Bytes at the start of a file that decide its encoding and delimiter. */
const SAMPLE_SIZE = 1 << 20;

/** Delimiters tried on the header row; on a tie, the earlier one wins. */
const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

export interface CsvOptions {
  /** Name shown in messages; defaults to the path, or `stdin` for a Buffer. */
  name?: string;
  /**
   * One character. Without it a `sep=` first line or the header row decides
   * (comma, semicolon, tab or pipe). A `sep=` line is skipped either way.
   */
  delimiter?: string;
  /** Skips detection; a BOM of that same encoding is still dropped. */
  encoding?: CsvEncoding;
  /** Physical lines dropped before the header (after a `sep=` line), such as report titles. */
  skipRows?: number;
  /** Whether the first record is the header; defaults to true unless `header` is given. */
  hasHeader?: boolean;
  /** Column names for a file without a header row; with `hasHeader: true` they replace the file's names. */
  header?: readonly string[];
  /** Bytes per read; tests use small values to split records across chunks. */
  chunkSize?: number;
}

export interface CsvReader {
  /** Display name used in messages. */
  readonly file: string;
  /** Column names, unchanged (not trimmed): matching them is the caller's rule. */
  readonly header: string[];
  /** Physical line of the header row, or 0 when the file has none (hasHeader: false, or no records). */
  readonly headerLine: number;
  readonly delimiter: string;
  /** Encoding in use; it may change from utf-8 to windows-1252 during forEachRow (see encoding.ts). */
  readonly encoding: CsvEncoding;
  /** Whether the file starts with a byte order mark. */
  readonly bom: boolean;
  /**
   * Warnings found when the file was opened, from its sample alone: UTF-8
   * text in a file read as windows-1252, or bytes that are not UTF-8 in a
   * file read as UTF-8 because of its byte order mark or the config.
   */
  readonly warnings: readonly string[];
  /**
   * Reads the data rows from the start of the file and calls `onRow` with
   * each row's fields and the physical line it starts on. Blank rows and rows
   * whose fields are all empty are skipped. Each call reads the file again.
   *
   * NOTE: fields are slices of the decoded chunk, so V8 may keep a whole
   * chunk alive for as long as any one field of it is kept.
   */
  forEachRow(onRow: (fields: string[], line: number) => void): void;
  /**
   * Reads the same rows as forEachRow, as byte ranges instead of strings (see
   * raw-rows.ts), or is null for a file the byte reader cannot split: UTF-16
   * text, or a delimiter outside ASCII.
   */
  forEachRawRow: ((onRow: (row: RawRow) => void) => void) | null;
}

/**
 * Opens a CSV source and reads its header. The file is read again from the
 * start by each forEachRow() call and no file stays open in between, so a
 * reader opened only for its header needs no closing. Because of the re-reads,
 * a path must name a regular file: pass standard input or a pipe as a Buffer.
 */
export function openCsv(source: string | Buffer, options: CsvOptions = {}): CsvReader {
  const file = options.name ?? (typeof source === 'string' ? source : 'stdin');
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const hasHeader = options.hasHeader ?? options.header === undefined;
  if (!hasHeader && options.header === undefined) {
    throw new TypeError(`${file}: a file read with hasHeader: false needs the column names in options.header`);
  }
  const skipRows = options.skipRows ?? 0;
  if (!Number.isInteger(skipRows) || skipRows < 0) {
    throw new InputError(`${file}: skipRows must be a whole number of lines (0 or more), but is ${skipRows}.`);
  }

  const sample = readSample(source);
  const sampleComplete = sample.length < SAMPLE_SIZE;
  const forced = options.encoding !== undefined;
  const sniffed: SniffedEncoding = forced
    ? { encoding: options.encoding!, bom: startsWithBom(sample, options.encoding!) }
    : sniffEncoding(sample, sampleComplete);
  const bytes = typeof source === 'string' ? pathBytes(source) : bufferBytes(source);

  // Only a sniffed windows-1252 file is checked, and only its sample, which sniffing has read already.
  // NOTE: UTF-8 text that starts past the sample draws no warning.
  const warnings: string[] = [];
  const mixed = sniffed.encoding === 'windows-1252' && !forced ? findMixedEncoding(sample, sampleComplete) : null;
  if (mixed !== null) warnings.push(mixedEncodingWarning(file, bufferBytes(sample), mixed));
  // A UTF-8 file by its byte order mark or by the config is checked the same way, on its sample only.
  if (sniffed.encoding === 'utf-8' && (sniffed.bom || forced)) {
    const invalid = invalidUtf8Warning(file, sample, sampleComplete, sniffed.bom ? 'the file starts with a UTF-8 byte order mark' : 'the config reads it as utf-8');
    if (invalid !== null) warnings.push(invalid);
  }

  // The header pass decodes without the windows-1252 fallback: it reads the
  // sample, which decided the encoding, and rarely more.
  const headerDecoder = createChunkDecoder(sniffed, true, file, bytes);
  const sampleText = headerDecoder.decode(sample, sampleComplete);

  const sepDelimiter = readSepLine(sampleText);
  const linesToSkip = (sepDelimiter === null ? 0 : 1) + skipRows;
  const delimiter = options.delimiter ?? sepDelimiter ?? detectDelimiter(sampleText, linesToSkip);
  checkDelimiter(delimiter, file);
  const delimiterCode = delimiter.charCodeAt(0);

  const first = readFirstRecord(source, sample, sampleText, sampleComplete, headerDecoder, {
    tokenizer: new CsvTokenizer(delimiterCode, file, linesToSkip),
    chunkSize,
  });
  const header = options.header === undefined ? first?.fields ?? [] : [...options.header];
  const headerLine = hasHeader && first !== null ? first.line : 0;

  // The decoder or raw reader of the last row pass, whose encoding may have switched to windows-1252.
  let lastPass: { readonly encoding: CsvEncoding } | null = null;

  return {
    file,
    header,
    headerLine,
    delimiter,
    bom: sniffed.bom,
    warnings,
    get encoding(): CsvEncoding {
      return lastPass?.encoding ?? sniffed.encoding;
    },
    forEachRow(onRow) {
      const decoder = createChunkDecoder(sniffed, forced, file, bytes);
      lastPass = decoder;
      const tokenizer = new CsvTokenizer(delimiterCode, file, linesToSkip);
      let headerPending = hasHeader;
      const handler: RecordHandler = (fields, line) => {
        if (headerPending) {
          headerPending = false;
          return;
        }
        onRow(fields, line);
      };

      readChunks(source, chunkSize, 0, (bytes, last) => tokenizer.push(decoder.decode(bytes, last), last, handler));
    },
    forEachRawRow: !rawReadable(sniffed.encoding, delimiter)
      ? null
      : (onRow) => {
          const reader = new RawRowReader(
            {
              file,
              encoding: sniffed.encoding,
              sniffed: sniffed.encoding === 'utf-8' && !sniffed.bom && !forced,
              bytes,
              bom: sniffed.bom,
              delimiter: delimiterCode,
              linesToSkip,
              hasHeader,
            },
            onRow,
          );
          lastPass = reader;
          readChunks(source, chunkSize, 0, (bytes, last) => {
            if (last) reader.finish();
            else reader.push(bytes);
            return true;
          });
        },
  };
}

/**
 * Explains a header that reads as one column containing a delimiter (comma,
 * semicolon, tab or pipe), or returns null for any other header. Without a
 * `sep=` line or a configured delimiter, openCsv picks the delimiter that
 * splits the header, so such a header means that a stated one is wrong.
 */
export function misreadDelimiter(header: readonly string[]): string | null {
  const lone = header.length === 1 ? header[0]! : '';
  const other = [',', ';', '\t', '|'].find((delimiter) => lone.includes(delimiter));
  if (other === undefined) return null;
  const excerpt = lone.length > 60 ? `${lone.slice(0, 60)}…` : lone;
  return (
    `the header reads as one column, ${JSON.stringify(excerpt)}, which contains ${JSON.stringify(other)}; ` +
    'the delimiter that the file\'s "sep=" line or the config sets does not match the file, so fix or remove it'
  );
}

/** Returns true for the header of a file with no header row: empty, or only a BOM or a `sep=` line. */
export function isEmptyHeader(header: readonly string[]): boolean {
  return header.every((name) => name.trim() === '');
}

/**
 * Returns a reason to reject a row whose field count does not fit the header,
 * or null when it fits. A row may have more fields than the header only when
 * the extra ones are all empty, as a trailing delimiter leaves them.
 */
export function checkFieldCount(fields: readonly string[], headerLength: number): string | null {
  const counts = `the row has ${plural(fields.length, 'field')} but the header has ${plural(headerLength, 'column')}`;
  if (fields.length < headerLength) {
    return `${counts}; a delimiter is missing or the row was cut short`;
  }
  for (let i = headerLength; i < fields.length; i++) {
    if (fields[i] !== '') {
      return (
        `${counts}, and field ${i + 1} is not empty; ` +
        'a value probably contains the delimiter without quotes around it'
      );
    }
  }
  return null;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Picks the delimiter of the first non-blank line after `linesToSkip` lines:
 * the candidate that occurs most often outside quotes, comma on a tie, and
 * comma for a line with none of them (a one-column file).
 */
export function detectDelimiter(text: string, linesToSkip = 0): string {
  const line = headerLineText(text, linesToSkip);
  const counts = new Map<string, number>();
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes) counts.set(char, (counts.get(char) ?? 0) + 1);
  }

  let best: string = DELIMITER_CANDIDATES[0];
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Returns the text of the first line after `linesToSkip` lines that contains
 * more than spaces and delimiters. Line ends inside quotes do not end a line.
 */
function headerLineText(text: string, linesToSkip: number): string {
  let start = 0;
  let skipped = 0;
  while (start < text.length) {
    let end = start;
    let inQuotes = false;
    for (; end < text.length; end++) {
      const char = text[end];
      if (char === '"') inQuotes = !inQuotes;
      else if (!inQuotes && (char === '\n' || char === '\r')) break;
    }
    const line = text.slice(start, end);
    if (skipped >= linesToSkip && /[^\s,;|]/.test(line)) return line;

    skipped++;
    start = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
  }
  return '';
}

/** Returns the delimiter named by Excel's `sep=;` first line, or null when the text does not start with one. */
function readSepLine(text: string): string | null {
  if (text.length < 5 || text.slice(0, 4).toLowerCase() !== 'sep=') return null;
  const after = text.charAt(5);
  if (after !== '' && after !== '\n' && after !== '\r') return null;
  return text.charAt(4);
}

function checkDelimiter(delimiter: string, file: string): void {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new InputError(
      `${file}: the delimiter ${JSON.stringify(delimiter)} cannot be used; give one character other than a double quote or a line end.`,
    );
  }
}

function startsWithBom(bytes: Uint8Array, encoding: CsvEncoding): boolean {
  switch (encoding) {
    case 'utf-8':
      return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    case 'utf-16le':
      return bytes[0] === 0xff && bytes[1] === 0xfe;
    case 'utf-16be':
      return bytes[0] === 0xfe && bytes[1] === 0xff;
    case 'windows-1252':
      return false;
  }
}

interface FirstRecord {
  fields: string[];
  line: number;
}

/** Tokenizes from the start until the first record, reading past the sample only when the record runs past it. */
function readFirstRecord(
  source: string | Buffer,
  sample: Buffer,
  sampleText: string,
  sampleComplete: boolean,
  decoder: ChunkDecoder,
  { tokenizer, chunkSize }: { tokenizer: CsvTokenizer; chunkSize: number },
): FirstRecord | null {
  const found: FirstRecord[] = [];
  const capture: RecordHandler = (fields, line) => {
    found.push({ fields, line });
    return false;
  };

  const going = tokenizer.push(sampleText, sampleComplete, capture);
  if (going && !sampleComplete) {
    readChunks(source, chunkSize, sample.length, (bytes, last) => tokenizer.push(decoder.decode(bytes, last), last, capture));
  }
  return found[0] ?? null;
}

/** Returns the first SAMPLE_SIZE bytes of the source, or all of it when shorter. */
function readSample(source: string | Buffer): Buffer {
  if (typeof source !== 'string') return source.subarray(0, SAMPLE_SIZE);

  const fd = openSync(source, 'r');
  try {
    const buffer = Buffer.allocUnsafe(SAMPLE_SIZE);
    let filled = 0;
    while (filled < SAMPLE_SIZE) {
      const read = readSync(fd, buffer, filled, SAMPLE_SIZE - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** Receives the progress of a file read: its path, the bytes read so far and its size in bytes. */
export type ReadProgressListener = (file: string, bytesRead: number, bytesTotal: number) => void;

let progressListener: ReadProgressListener | null = null;

/**
 * Sets the listener that every file read reports to after each chunk, or
 * clears it with null. The CLI's progress bar is the only user; a module-wide
 * listener spares threading it through every reader and pipeline call.
 */
export function setReadProgressListener(listener: ReadProgressListener | null): void {
  progressListener = listener;
}

/** A file that another thread is reading, and how far it has got. */
export interface ConcurrentRead {
  file: string;
  bytesRead: number;
  bytesTotal: number;
}

let concurrentRead: (() => ConcurrentRead | null) | null = null;

/**
 * Sets the function that gives what the read worker is reading, or clears it
 * with null. This thread's progress events then show that file beside its
 * own, because while this thread reads, nothing else on it runs to relay the
 * worker's progress.
 */
export function setConcurrentRead(source: (() => ConcurrentRead | null) | null): void {
  concurrentRead = source;
}

/** Returns what another thread is reading now, or null. */
export function currentConcurrentRead(): ConcurrentRead | null {
  return concurrentRead?.() ?? null;
}

/**
 * Passes a read's progress to the listener, for reads that happen elsewhere:
 * the read worker's files, whose progress the main thread relays.
 */
export function emitReadProgress(file: string, bytesRead: number, bytesTotal: number): void {
  progressListener?.(file, bytesRead, bytesTotal);
}

/**
 * Calls `onChunk` with consecutive chunks of the source from byte `start`,
 * then once with an empty chunk and `last` set, until it returns false. The
 * chunk's memory is reused by the next read.
 */
function readChunks(
  source: string | Buffer,
  chunkSize: number,
  start: number,
  onChunk: (bytes: Uint8Array, last: boolean) => boolean,
): void {
  if (typeof source !== 'string') {
    for (let offset = start; offset < source.length; offset += chunkSize) {
      if (!onChunk(source.subarray(offset, offset + chunkSize), false)) return;
    }
    onChunk(source.subarray(0, 0), true);
    return;
  }

  const fd = openSync(source, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const listener = progressListener;
    const size = listener === null ? 0 : fstatSync(fd).size;
    let position = start;
    for (;;) {
      const read = readSync(fd, buffer, 0, chunkSize, position);
      if (read === 0) {
        onChunk(buffer.subarray(0, 0), true);
        return;
      }
      position += read;
      if (!onChunk(buffer.subarray(0, read), false)) return;
      listener?.(source, position, size);
    }
  } finally {
    closeSync(fd);
  }
}
