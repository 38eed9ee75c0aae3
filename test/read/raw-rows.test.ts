/**
 * Checks forEachRawRow, the byte-level row reader, against forEachRow, the
 * string path through the chunk decoder and CsvTokenizer. For every file the
 * byte reader accepts, both must call back with the same rows and physical
 * line numbers, raise the same InputError messages and leave the same
 * `reader.encoding`. That must hold at every chunk size, for Buffer sources
 * as well as file paths.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { openCsv, type CsvEncoding, type CsvOptions, type CsvReader } from '../../src/read/csv.js';
import { WARM_UP_SAMPLE, warmUpRawReader } from '../../src/read/raw-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-raw-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Chunk sizes that split rows, quotes, CRLF pairs, multi-byte characters and
 * the BOM across chunks. undefined stands for the default chunk size.
 */
const CHUNK_SIZES: readonly (number | undefined)[] = [1, 2, 3, 5, 64, undefined];

/**
 * Bytes that openCsv sniffs the encoding from (SAMPLE_SIZE in src/read/csv.ts).
 * A sniffed UTF-8 file falls back to windows-1252, or raises InputError, only
 * for invalid bytes after this many.
 */
const SAMPLE_SIZE = 1 << 20;

const UTF8_BOM = Buffer.of(0xef, 0xbb, 0xbf);

interface Row {
  line: number;
  fields: string[];
}

interface PassResult {
  rows: Row[];
  /** Message of the InputError that ended the pass, or null when the pass read the whole file. */
  error: string | null;
  /** `reader.encoding` right after the pass. */
  encoding: CsvEncoding;
}

interface RawPassResult extends PassResult {
  /** One entry per field of a row that is not complex where row.text(i) differs from row.fields()[i]. */
  textMismatches: string[];
}

/** Runs `read` and returns the message of the InputError it throws, or null. Other errors propagate. */
function catchInputError(read: () => void): string | null {
  try {
    read();
    return null;
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
}

function readWithForEachRow(reader: CsvReader): PassResult {
  const rows: Row[] = [];
  const error = catchInputError(() => reader.forEachRow((fields, line) => rows.push({ line, fields })));
  return { rows, error, encoding: reader.encoding };
}

function readWithForEachRawRow(reader: CsvReader): RawPassResult {
  const forEachRawRow = reader.forEachRawRow;
  if (forEachRawRow === null) {
    throw new Error(`${reader.file}: forEachRawRow is null for ${reader.encoding} with delimiter ${JSON.stringify(reader.delimiter)}`);
  }

  const rows: Row[] = [];
  const textMismatches: string[] = [];
  const error = catchInputError(() =>
    forEachRawRow((row) => {
      // The row is valid only during the callback, so everything is read here.
      const fields = row.fields();
      rows.push({ line: row.line, fields });
      if (row.complex) return;

      if (row.count !== fields.length) {
        textMismatches.push(`line ${row.line}: count is ${row.count} but fields() has ${fields.length}`);
      }
      for (let i = 0; i < row.count; i++) {
        const text = row.text(i);
        if (text !== fields[i]) {
          textMismatches.push(`line ${row.line}, field ${i}: text() is ${JSON.stringify(text)}, fields() is ${JSON.stringify(fields[i])}`);
        }
      }
    }),
  );
  return { rows, error, encoding: reader.encoding, textMismatches };
}

/** Names the kind of source and the chunk size, for assertion messages. */
function describeRead(source: string | Buffer, chunkSize: number | undefined): string {
  const sourceKind = typeof source === 'string' ? 'file path' : 'Buffer';
  return `${sourceKind}, chunkSize ${chunkSize ?? 'default'}`;
}

/** Shows bytes one character per byte (latin1) for assertion messages, only the last `max` of a longer file. */
function showBytes(bytes: Uint8Array, max = 200): string {
  const excerpt = bytes.length > max ? bytes.subarray(bytes.length - max) : bytes;
  const label = bytes.length > max ? `last ${max} of ${bytes.length} bytes` : 'bytes';
  return `${label} (latin1) ${JSON.stringify(Buffer.from(excerpt).toString('latin1'))}`;
}

/**
 * Opens the source and asserts that forEachRawRow and forEachRow give the same
 * rows, error and encoding. A source whose header openCsv itself rejects (an
 * unclosed quote in the header row) has no rows to compare and is skipped.
 */
function expectSameReads(source: string | Buffer, options: CsvOptions, context: string): void {
  let reader: CsvReader;
  try {
    reader = openCsv(source, options);
  } catch (error) {
    if (error instanceof InputError) return;
    throw error;
  }

  const text = readWithForEachRow(reader);
  const raw = readWithForEachRawRow(reader);

  expect(raw.rows, context).toEqual(text.rows);
  expect(raw.error, context).toBe(text.error);
  expect(raw.encoding, context).toBe(text.encoding);
  expect(raw.textMismatches, context).toEqual([]);
}

interface ExpectedRead {
  rows: Row[];
  /** Message of the InputError that ends both passes; none when omitted. */
  error?: string;
  /** `reader.encoding` after both passes; not checked when omitted. */
  encoding?: CsvEncoding;
}

let exampleFileCount = 0;

/**
 * Asserts that forEachRow and forEachRawRow each give exactly `expected`, for
 * the bytes as a Buffer and as a file, at each of `chunkSizes`. Messages name
 * the file `calls.csv` unless `options.name` sets another name.
 */
function expectRead(
  bytes: Buffer,
  options: CsvOptions,
  expected: ExpectedRead,
  chunkSizes: readonly (number | undefined)[] = CHUNK_SIZES,
): void {
  exampleFileCount++;
  const path = join(dir, `example-${exampleFileCount}.csv`);
  writeFileSync(path, bytes);

  for (const chunkSize of chunkSizes) {
    for (const source of [bytes, path]) {
      const context = `${describeRead(source, chunkSize)}, ${showBytes(bytes)}`;
      const reader = openCsv(source, { name: 'calls.csv', ...options, chunkSize });
      const text = readWithForEachRow(reader);
      const raw = readWithForEachRawRow(reader);

      expect(text.rows, `forEachRow, ${context}`).toEqual(expected.rows);
      expect(raw.rows, `forEachRawRow, ${context}`).toEqual(expected.rows);
      expect(text.error, `forEachRow, ${context}`).toBe(expected.error ?? null);
      expect(raw.error, `forEachRawRow, ${context}`).toBe(expected.error ?? null);
      if (expected.encoding !== undefined) {
        expect(text.encoding, `forEachRow, ${context}`).toBe(expected.encoding);
        expect(raw.encoding, `forEachRawRow, ${context}`).toBe(expected.encoding);
      }
      expect(raw.textMismatches, `forEachRawRow, ${context}`).toEqual([]);
    }
  }
}

/**
 * Returns `length` bytes of lines that contain only the delimiter and end in LF,
 * which both readers skip as rows of empty fields, and the number of lines.
 */
function delimiterLines(length: number, delimiter: string): { bytes: Buffer; lines: number } {
  const line = `${delimiter.repeat(1023)}\n`;
  const fullLines = Math.floor(length / line.length);
  const rest = length % line.length;
  const last = rest === 0 ? '' : `${delimiter.repeat(rest - 1)}\n`;
  return { bytes: Buffer.from(line.repeat(fullLines) + last), lines: fullLines + (rest === 0 ? 0 : 1) };
}

// ---------------------------------------------------------------------------
// Generated files
// ---------------------------------------------------------------------------

/** A piece of generated content: text written as UTF-8, or one raw byte (0x80-0xFF). */
type Unit = string | number;

type LineEnd = '\n' | '\r\n' | '\r';

/** Which non-ASCII units the fields of a generated file contain. */
type Charset = 'ascii' | 'utf-8' | 'windows-1252' | 'mixed';

interface FieldSpec {
  quoted: boolean;
  /** The field's characters. Inside quotes a quote is written doubled. */
  units: Unit[];
  /** Text written after the closing quote of a quoted field, as in `"ab"c`. */
  tail: Unit[];
}

interface RowSpec {
  /** No fields makes a blank line, and only empty fields make a row of delimiters. */
  fields: FieldSpec[];
  lineEnd: LineEnd;
}

interface FileSpec {
  delimiter: string;
  /** Whether the delimiter is passed as an option. Otherwise a `sep=` line or the header row decides it. */
  passDelimiter: boolean;
  bom: boolean;
  encoding: 'utf-8' | 'windows-1252' | undefined;
  sepLine: { prefix: 'sep=' | 'SEP='; lineEnd: LineEnd } | null;
  /** Lines written after the `sep=` line, before the rows. */
  titleLines: { units: Unit[]; lineEnd: LineEnd }[];
  /** Added to the number of title lines to get the skipRows option (at least 0). */
  skipRowsOffset: number;
  /**
   * Source of the header: 'file' reads it from the first row, 'given' passes
   * hasHeader false with a header option, and 'replaced' passes hasHeader true with one.
   */
  header: 'file' | 'given' | 'replaced';
  rows: RowSpec[];
  /** Whether a delimiter follows the last row's fields. */
  trailingDelimiter: boolean;
  /** Whether the last row ends in its line end. */
  finalLineEnd: boolean;
  /** Content after an opening quote that is never closed, written at the end of the file. */
  unclosedQuote: Unit[] | null;
}

/** Draws from `arbitrary` once in `1 + otherWeight` draws on average, and from `other` otherwise. */
function rarely<T, U>(arbitrary: fc.Arbitrary<T>, other: fc.Arbitrary<U>, otherWeight = 3): fc.Arbitrary<T | U> {
  return fc.oneof({ weight: 1, arbitrary }, { weight: otherWeight, arbitrary: other });
}

const lineEndArbitrary = fc.constantFrom<LineEnd>('\n', '\r\n', '\r');

/**
 * ASCII units. The four delimiter candidates are plain text too, so quoted
 * fields contain the delimiter. Space is listed twice so that whitespace-only
 * fields come up often.
 */
const asciiUnit = fc.constantFrom<Unit>('a', 'B', '7', ' ', ' ', '\t', ',', ';', '|');

/** Accents, a 3-byte euro sign, CJK, a 4-byte emoji and U+FEFF (a BOM character inside the text). */
const utf8Unit = fc.constantFrom<Unit>('é', 'ü', '€', '中', '文', '😀', '\uFEFF');

/**
 * Windows-1252 bytes, among them the five that windows-1252 leaves undefined
 * (0x81, 0x8D, 0x8F, 0x90, 0x9D). The bytes of é (C3 A9) and of the BOM
 * (EF BB BF) are included too, so they sometimes form valid UTF-8.
 */
const highByte = fc.constantFrom<Unit>(0x80, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xa0, 0xa9, 0xbb, 0xbf, 0xc3, 0xe9, 0xef, 0xff);

function textUnit(charset: Charset): fc.Arbitrary<Unit> {
  const arbitraries: fc.WeightedArbitrary<Unit>[] = [
    { weight: 6, arbitrary: asciiUnit },
    { weight: 1, arbitrary: fc.constant('"') },
  ];
  if (charset === 'utf-8' || charset === 'mixed') arbitraries.push({ weight: 2, arbitrary: utf8Unit });
  if (charset === 'windows-1252' || charset === 'mixed') arbitraries.push({ weight: 2, arbitrary: highByte });
  return fc.oneof(...arbitraries);
}

function fieldArbitrary(charset: Charset): fc.Arbitrary<FieldSpec> {
  const unit = textUnit(charset);
  const unquoted = fc.record({
    quoted: fc.constant(false),
    units: fc.array(unit, { maxLength: 5 }),
    tail: fc.constant<Unit[]>([]),
  });
  const quoted = fc.record({
    quoted: fc.constant(true),
    units: fc.array(fc.oneof({ weight: 4, arbitrary: unit }, { weight: 1, arbitrary: lineEndArbitrary }), { maxLength: 6 }),
    tail: rarely(fc.array(unit, { minLength: 1, maxLength: 2 }), fc.constant<Unit[]>([])),
  });
  return fc.oneof(unquoted, quoted);
}

function rowArbitrary(charset: Charset): fc.Arbitrary<RowSpec> {
  return fc.record({
    fields: fc.array(fieldArbitrary(charset), { maxLength: 4 }),
    lineEnd: lineEndArbitrary,
  });
}

/** The header candidates of openCsv, and other ASCII delimiters that only an option or a `sep=` line selects. */
const delimiterArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(',', ';', '\t', '|') },
  { weight: 1, arbitrary: fc.constantFrom(' ', ':', 'a', '\x7f') },
);

const fileSpecArbitrary: fc.Arbitrary<FileSpec> = fc
  .constantFrom<Charset>('ascii', 'utf-8', 'windows-1252', 'mixed')
  .chain((charset) =>
    fc.record({
      delimiter: delimiterArbitrary,
      passDelimiter: fc.boolean(),
      bom: rarely(fc.constant(true), fc.constant(false)),
      encoding: rarely(fc.constantFrom<'utf-8' | 'windows-1252'>('utf-8', 'windows-1252'), fc.constant(undefined)),
      sepLine: rarely(fc.record({ prefix: fc.constantFrom<'sep=' | 'SEP='>('sep=', 'SEP='), lineEnd: lineEndArbitrary }), fc.constant(null)),
      titleLines: rarely(
        fc.array(fc.record({ units: fc.array(textUnit(charset), { maxLength: 4 }), lineEnd: lineEndArbitrary }), {
          minLength: 1,
          maxLength: 2,
        }),
        fc.constant<FileSpec['titleLines']>([]),
      ),
      skipRowsOffset: fc.constantFrom(-1, 0, 0, 0, 1),
      header: fc.constantFrom<FileSpec['header']>('file', 'file', 'given', 'replaced'),
      rows: fc.array(rowArbitrary(charset), { minLength: 1, maxLength: 7 }),
      trailingDelimiter: rarely(fc.constant(true), fc.constant(false)),
      finalLineEnd: fc.boolean(),
      unclosedQuote: rarely(fc.array(fc.oneof(textUnit(charset), lineEndArbitrary), { maxLength: 4 }), fc.constant(null), 5),
    }),
  );

/** Returns the units of a field as written between two delimiters. */
function fieldUnits(field: FieldSpec): Unit[] {
  if (!field.quoted) {
    // A leading quote would open a quoted field, so such a field gets an x in front.
    return field.units[0] === '"' ? ['x', ...field.units] : field.units;
  }
  const inside = field.units.map((unit) => (unit === '"' ? '""' : unit));
  // A tail that started with a quote would read as an escaped quote and leave the field open.
  const tail = field.tail[0] === '"' ? ['x', ...field.tail] : field.tail;
  return ['"', ...inside, '"', ...tail];
}

function encodeUnits(units: readonly Unit[]): Buffer {
  return Buffer.concat(units.map((unit) => (typeof unit === 'number' ? Buffer.of(unit) : Buffer.from(unit, 'utf8'))));
}

/** Returns the units of the rows, one delimiter between fields and each row's line end after it. */
function rowsUnits(rows: readonly RowSpec[], delimiter: string, trailingDelimiter: boolean, finalLineEnd: boolean): Unit[] {
  const units: Unit[] = [];
  rows.forEach((row, index) => {
    const lastRow = index === rows.length - 1;
    row.fields.forEach((field, fieldIndex) => {
      if (fieldIndex > 0) units.push(delimiter);
      units.push(...fieldUnits(field));
    });
    if (lastRow && trailingDelimiter) units.push(delimiter);
    if (!lastRow || finalLineEnd) units.push(row.lineEnd);
  });
  return units;
}

function buildFile(spec: FileSpec): Buffer {
  const units: Unit[] = [];
  if (spec.sepLine !== null) units.push(spec.sepLine.prefix, spec.delimiter, spec.sepLine.lineEnd);
  for (const title of spec.titleLines) units.push(...title.units, title.lineEnd);
  units.push(...rowsUnits(spec.rows, spec.delimiter, spec.trailingDelimiter, spec.finalLineEnd));
  if (spec.unclosedQuote !== null) units.push('"', ...spec.unclosedQuote);

  const body = encodeUnits(units);
  return spec.bom ? Buffer.concat([UTF8_BOM, body]) : body;
}

function optionsFor(spec: FileSpec): CsvOptions {
  const options: CsvOptions = {
    name: 'generated.csv',
    skipRows: Math.max(0, spec.titleLines.length + spec.skipRowsOffset),
  };
  if (spec.passDelimiter) options.delimiter = spec.delimiter;
  if (spec.encoding !== undefined) options.encoding = spec.encoding;
  if (spec.header === 'given') {
    options.hasHeader = false;
    options.header = ['x', 'y'];
  }
  if (spec.header === 'replaced') {
    options.hasHeader = true;
    options.header = ['x', 'y'];
  }
  return options;
}

interface LargeFileSpec {
  /** Puts é in the header, so invalid UTF-8 past the sample raises InputError instead of switching to windows-1252. */
  nonAsciiHeader: boolean;
  delimiter: string;
  /** Rows written after the first SAMPLE_SIZE bytes. */
  rows: RowSpec[];
  finalLineEnd: boolean;
  /** With chunkSize SAMPLE_SIZE + split, the first chunk ends `split` bytes into the rows. */
  split: number;
  /** With chunkSize SAMPLE_SIZE / 2 + halfSplit, the second chunk ends 2 * halfSplit bytes into the rows. */
  halfSplit: number;
}

const largeFileSpecArbitrary: fc.Arbitrary<LargeFileSpec> = fc
  .constantFrom<Charset>('mixed', 'windows-1252')
  .chain((charset) =>
    fc.record({
      nonAsciiHeader: fc.boolean(),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      rows: fc.array(rowArbitrary(charset), { minLength: 1, maxLength: 5 }),
      finalLineEnd: fc.boolean(),
      split: fc.integer({ min: 0, max: 40 }),
      halfSplit: fc.integer({ min: 0, max: 20 }),
    }),
  );

/**
 * Builds a file whose first SAMPLE_SIZE bytes are valid UTF-8 (a header, then
 * lines of delimiters as padding) and whose generated rows follow them, so
 * openCsv sniffs UTF-8 and invalid bytes in the rows are found only while reading.
 */
function buildLargeFile(spec: LargeFileSpec): { prefix: Buffer; rows: Buffer } {
  const header = Buffer.from(`Dur${spec.nonAsciiHeader ? 'é' : 'e'}e${spec.delimiter}Note\n`);
  const prefix = Buffer.concat([header, delimiterLines(SAMPLE_SIZE - header.length, spec.delimiter).bytes]);
  const rows = encodeUnits(rowsUnits(spec.rows, spec.delimiter, false, spec.finalLineEnd));
  return { prefix, rows };
}

describe('forEachRawRow against forEachRow', () => {
  it('matches on generated files', () => {
    const path = join(dir, 'generated.csv');
    fc.assert(
      fc.property(fileSpecArbitrary, fc.integer({ min: 4, max: 48 }), (spec, extraChunkSize) => {
        const bytes = buildFile(spec);
        writeFileSync(path, bytes);
        const options = optionsFor(spec);

        for (const chunkSize of [...CHUNK_SIZES, extraChunkSize]) {
          for (const source of [bytes, path]) {
            expectSameReads(source, { ...options, chunkSize }, `${describeRead(source, chunkSize)}, ${showBytes(bytes)}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches past the encoding sample', () => {
    const path = join(dir, 'large.csv');
    fc.assert(
      fc.property(largeFileSpecArbitrary, (spec) => {
        const { prefix, rows } = buildLargeFile(spec);
        const bytes = Buffer.concat([prefix, rows]);
        writeFileSync(path, bytes);
        // Each read costs a pass over 1 MiB, so only one chunk size also reads the file by path.
        const reads: [string | Buffer, number | undefined][] = [
          [bytes, undefined],
          [bytes, 1 << 16],
          [bytes, SAMPLE_SIZE + spec.split],
          [path, SAMPLE_SIZE + spec.split],
          [bytes, SAMPLE_SIZE / 2 + spec.halfSplit],
        ];

        for (const [source, chunkSize] of reads) {
          // Only the generated rows go into the message: the bytes before them are the header and delimiter lines.
          const context = `${describeRead(source, chunkSize)}, rows after byte ${prefix.length}: ${showBytes(rows, 1000)}`;
          expectSameReads(source, { name: 'large.csv', chunkSize }, context);
        }
      }),
      { numRuns: 12 },
    );
  });
});

// ---------------------------------------------------------------------------
// Examples with the expected rows written out
// ---------------------------------------------------------------------------

describe('forEachRawRow examples', () => {
  it('reads quoted delimiters, escaped quotes and CRLF', () => {
    const bytes = Buffer.from('id,note\r\n1,"a,b ""c""\r\nd"\r\n2,e\r\n');
    expectRead(bytes, {}, {
      rows: [
        { line: 2, fields: ['1', 'a,b "c"\r\nd'] },
        { line: 4, fields: ['2', 'e'] },
      ],
    });
  });

  it('counts lone CR line ends', () => {
    // The CR inside the quotes ends line 2, so the next row starts on line 4.
    const bytes = Buffer.from('id,note\r1,"x\ry"\r2,z\r');
    expectRead(bytes, {}, {
      rows: [
        { line: 2, fields: ['1', 'x\ry'] },
        { line: 4, fields: ['2', 'z'] },
      ],
    });
  });

  it('joins text after a closing quote', () => {
    const bytes = Buffer.from('a,b\n"ab"c,x"y\n"" ,""""\n');
    expectRead(bytes, {}, {
      rows: [
        { line: 2, fields: ['abc', 'x"y'] },
        { line: 3, fields: [' ', '"'] },
      ],
    });
  });

  it('skips blank and all-empty rows', () => {
    // Line 2 is blank, line 3 contains only a delimiter and line 4 two empty quoted
    // fields, so all three are skipped. Whitespace counts as a value.
    const bytes = Buffer.from('a,b\n\n,\r\n"",""\n , \n1,2');
    expectRead(bytes, {}, {
      rows: [
        { line: 5, fields: [' ', ' '] },
        { line: 6, fields: ['1', '2'] },
      ],
    });
  });

  it('keeps a trailing delimiter at end of file', () => {
    const withoutLineEnd = Buffer.from('a;b;c\n1;;');
    const withLineEnd = Buffer.from('a;b;c\n1;;\n');
    const expected = { rows: [{ line: 2, fields: ['1', '', ''] }] };

    expectRead(withoutLineEnd, {}, expected);
    expectRead(withLineEnd, {}, expected);
  });

  it('reads a quoted last row without line end', () => {
    const bytes = Buffer.from('a\n"x\ny"');
    expectRead(bytes, {}, { rows: [{ line: 2, fields: ['x\ny'] }] });
  });

  it('closes a quote at end of file', () => {
    // The file ends on a closing quote. The byte reader reuses its buffer, so the
    // stale byte just past the data can be the quote of line 1. That byte must not
    // read as the second half of an escaped quote.
    const bytes = Buffer.from('a"\n"a"');
    expectRead(bytes, {}, { rows: [{ line: 2, fields: ['a'] }] });
  });

  it('reads tab-delimited whitespace fields', () => {
    const bytes = Buffer.from('a\tb\tc\n \t\t\n');
    expectRead(bytes, {}, { rows: [{ line: 2, fields: [' ', '', ''] }] });
  });

  it('reads UTF-8 split across chunks', () => {
    const bytes = Buffer.from('name;city\nRené;東京 😀\n');
    expectRead(bytes, {}, { rows: [{ line: 2, fields: ['René', '東京 😀'] }], encoding: 'utf-8' });
  });

  it('reads windows-1252 bytes', () => {
    // E9 is é and 80 is €. 81, 8D and 9D are undefined in windows-1252 and read as C1 controls.
    const bytes = Buffer.concat([
      Buffer.from('agent;note\n'),
      Buffer.of(0x52, 0x65, 0x6e, 0xe9, 0x3b, 0x80, 0x35, 0x0a),
      Buffer.of(0x78, 0x3b, 0x81, 0x8d, 0x9d, 0xff, 0x0a),
    ]);
    expectRead(bytes, {}, {
      rows: [
        { line: 2, fields: ['René', '€5'] },
        { line: 3, fields: ['x', '\u0081\u008d\u009dÿ'] },
      ],
      encoding: 'windows-1252',
    });
  });

  it('replaces invalid bytes in forced UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n'), Buffer.of(0xff, 0x2c, 0xc3, 0x0a)]);
    expectRead(bytes, { encoding: 'utf-8' }, { rows: [{ line: 2, fields: ['\ufffd', '\ufffd'] }], encoding: 'utf-8' });
  });

  it('drops BOM, sep line and skipped rows', () => {
    // Skipped lines are not parsed, so the stray quote in the title opens no field.
    const bytes = Buffer.concat([UTF8_BOM, Buffer.from('sep=;\r\n"Call report\r\nA;B\r\n1;2\r\n')]);
    expect(openCsv(bytes, { skipRows: 1 }).header).toEqual(['A', 'B']);
    expectRead(bytes, { skipRows: 1 }, { rows: [{ line: 4, fields: ['1', '2'] }], encoding: 'utf-8' });
  });

  it('reads the first row without a header', () => {
    const bytes = Buffer.from('1|2\n3|4');
    expectRead(bytes, { hasHeader: false, header: ['x', 'y'], delimiter: '|' }, {
      rows: [
        { line: 1, fields: ['1', '2'] },
        { line: 2, fields: ['3', '4'] },
      ],
    });
  });

  it('rejects an unclosed quote at end of file', () => {
    const bytes = Buffer.from('a,b\n1,2\n3,"open\nmore');
    expectRead(bytes, {}, {
      rows: [{ line: 2, fields: ['1', '2'] }],
      error:
        'calls.csv:3: a quoted field opened on this line is never closed; ' +
        'check the line for a stray double quote, or whether the file was cut off.',
    });
  });

  it('switches to windows-1252 past the sample', () => {
    // The first SAMPLE_SIZE bytes are ASCII, so openCsv sniffs UTF-8. E9 after them is not UTF-8.
    const head = Buffer.from('agent,note\nRene,4\n');
    const padding = delimiterLines(SAMPLE_SIZE - head.length, ',');
    const bytes = Buffer.concat([head, padding.bytes, Buffer.of(0x52, 0x65, 0x6e, 0xe9, 0x2c, 0x35, 0x0a)]);
    expect(openCsv(bytes).encoding).toBe('utf-8');

    // SAMPLE_SIZE + 3 ends the first chunk between "Ren" and E9.
    expectRead(
      bytes,
      {},
      {
        rows: [
          { line: 2, fields: ['Rene', '4'] },
          { line: 3 + padding.lines, fields: ['René', '5'] },
        ],
        encoding: 'windows-1252',
      },
      [undefined, 1 << 16, SAMPLE_SIZE + 3],
    );
  });

  it('rejects invalid UTF-8 after UTF-8 text', () => {
    // The é of line 2 (C3 A9) is UTF-8, so E9 past the sample means the file mixes encodings.
    const head = Buffer.from('agent,note\nDurée,4\n');
    const padding = delimiterLines(SAMPLE_SIZE - head.length, ',');
    const bytes = Buffer.concat([head, padding.bytes, Buffer.of(0x52, 0x65, 0x6e, 0xe9, 0x2c, 0x35, 0x0a)]);
    const rows = [{ line: 2, fields: ['Durée', '4'] }];
    const error =
      `calls.csv:${3 + padding.lines}: byte 0xE9 at offset ${head.length + padding.bytes.length + 3} is not valid UTF-8, ` +
      'but line 2 has the UTF-8 text "Durée", so the file mixes encodings and no single reading is right. ' +
      'Re-save it as UTF-8 (or as windows-1252 throughout).';

    // The error names the invalid byte itself, wherever the chunk that contains it starts.
    expectRead(bytes, {}, { rows, error, encoding: 'utf-8' }, [undefined, 1 << 16, 7]);
  });

  it('rejects UTF-8 and invalid bytes in one chunk past the sample', () => {
    // The sample is ASCII. Past it, UTF-8 "José" and then E9 come in one chunk at the
    // larger chunk sizes and in separate chunks at 7 bytes, which must raise alike.
    const head = Buffer.from('agent,note\n');
    const padding = delimiterLines(SAMPLE_SIZE - head.length, ',');
    const tail = Buffer.concat([Buffer.from('José,4\n'), Buffer.of(0x52, 0x65, 0x6e, 0xe9, 0x2c, 0x35, 0x0a)]);
    const bytes = Buffer.concat([head, padding.bytes, tail]);
    const error =
      `calls.csv:${3 + padding.lines}: byte 0xE9 at offset ${SAMPLE_SIZE + 11} is not valid UTF-8, ` +
      `but line ${2 + padding.lines} has the UTF-8 text "José", so the file mixes encodings and no single reading is right. ` +
      'Re-save it as UTF-8 (or as windows-1252 throughout).';

    expectRead(bytes, {}, { rows: [], error, encoding: 'utf-8' }, [undefined, 1 << 16]);
    expectRead(bytes, {}, { rows: [{ line: 2 + padding.lines, fields: ['José', '4'] }], error, encoding: 'utf-8' }, [7]);
  });
});

// ---------------------------------------------------------------------------
// Decoding cases that a byte reader can easily get wrong
// ---------------------------------------------------------------------------

describe('the warm-up sample', () => {
  // warmUpRawReader() reads the sample so that V8 has seen every branch of
  // the row splitter before the first file. These rows, written out by hand,
  // show that the sample still contains each case its comment names.
  const expected: Row[] = [
    { line: 3, fields: ['ab', 'c"d', 'e'] },
    { line: 4, fields: ['x\r\nyz', '', ''] },
    { line: 8, fields: ['q', 'w', 'e'] },
    { line: 9, fields: ['last', 'row', ''] },
    { line: 10, fields: ['0123456789', '2026-01-05 08:00:00+01:00', '0123456789abcdef'] },
    { line: 11, fields: ['call-0001', '2026-01-05T08:00:00Z', 'a b c d e f g'] },
  ];

  it('reads alike on every path', () => {
    const bytes = Buffer.from(WARM_UP_SAMPLE, 'latin1');
    expect(openCsv(bytes, { skipRows: 1 }).header).toEqual(['id', 'when', 'note']);
    expectRead(bytes, { skipRows: 1, delimiter: ',' }, { rows: expected, encoding: 'utf-8' });
  });

  it('is read whole by warmUpRawReader', () => {
    // One pass counts rows, the other fields: six rows of three fields.
    expect(warmUpRawReader()).toEqual({ rows: 6, fields: 18 });
  });
});

describe('forEachRawRow decoding edge cases', () => {
  it('keeps U+FEFF at the start of a field', () => {
    // In a forced-UTF-8 or BOM file, a chunk may not be valid UTF-8 on its own,
    // because a chunk boundary splits a character or the file has invalid bytes.
    // forEachRawRow then decodes each field with a non-streaming TextDecoder, which
    // must keep a leading U+FEFF (ignoreBOM). forEachRow keeps it, because its
    // streaming decoder drops only the BOM at the start of the file.
    const forced = Buffer.from('a\n\uFEFFb\n');
    expectRead(forced, { encoding: 'utf-8' }, { rows: [{ line: 2, fields: ['\uFEFFb'] }], encoding: 'utf-8' });

    const withBom = Buffer.concat([UTF8_BOM, Buffer.from('a\n\uFEFFb\n')]);
    expectRead(withBom, {}, { rows: [{ line: 2, fields: ['\uFEFFb'] }], encoding: 'utf-8' });

    // FF is never valid UTF-8, so at every chunk size the row goes through the TextDecoder.
    const withInvalidByte = Buffer.concat([Buffer.from('a,b\n\uFEFFb,'), Buffer.of(0xff, 0x0a)]);
    expectRead(withInvalidByte, { encoding: 'utf-8' }, { rows: [{ line: 2, fields: ['\uFEFFb', '\ufffd'] }], encoding: 'utf-8' });
  });

  it('keeps a CR row open across a split character', () => {
    // The first chunk ends in "x", CR and C3, the first byte of a two-byte character.
    // forEachRow's decoder defers C3 to the next chunk, so the CR ends the text and
    // the row stays open. The next chunk (C3 followed by "(") then raises the
    // mixed-encoding error. forEachRawRow must hold C3 back too. Otherwise it finds
    // C3 after the CR, reads the CR as a lone line end and emits ["x"] first.
    const header = Buffer.from('Durée\n');
    const padding = delimiterLines(SAMPLE_SIZE + 8 - header.length, ',');
    const firstChunk = Buffer.concat([header, padding.bytes, Buffer.of(0x78, 0x0d, 0xc3)]);
    const bytes = Buffer.concat([firstChunk, Buffer.of(0x28, 0x0a)]);

    expectRead(
      bytes,
      {},
      {
        rows: [],
        // The lone CR before C3 ends a line, so C3 is on the line after the padding and "x".
        error:
          `calls.csv:${3 + padding.lines}: byte 0xC3 at offset ${firstChunk.length - 1} is not valid UTF-8, ` +
          'but line 1 has the UTF-8 text "Durée", so the file mixes encodings and no single reading is right. ' +
          'Re-save it as UTF-8 (or as windows-1252 throughout).',
        encoding: 'utf-8',
      },
      [firstChunk.length],
    );
  });
});
