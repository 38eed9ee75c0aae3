import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { checkFieldCount, detectDelimiter, misreadDelimiter, openCsv, type CsvOptions } from '../../src/read/csv.js';

interface Row {
  fields: string[];
  line: number;
}

function readRows(source: string | Buffer, options?: CsvOptions): Row[] {
  const rows: Row[] = [];
  openCsv(source, options).forEachRow((fields, line) => rows.push({ fields, line }));
  return rows;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

describe('openCsv encodings', () => {
  it('drops a UTF-8 BOM before a quoted header', () => {
    const bytes = Buffer.concat([Buffer.from(UTF8_BOM), Buffer.from('"Call Id",Agent\r\n1,Diane\r\n')]);
    expect(openCsv(bytes).header).toEqual(['Call Id', 'Agent']);
  });

  it('reports a UTF-8 BOM', () => {
    const reader = openCsv(Buffer.from([...UTF8_BOM, 0x61, 0x0a]));
    expect(reader.encoding).toBe('utf-8');
    expect(reader.bom).toBe(true);
  });

  it('warns of invalid bytes after a BOM', () => {
    // "josé" in UTF-8 on line 2, then "josé" in windows-1252 (0xE9) on line 3; offsets count the BOM.
    const bytes = Buffer.concat([Buffer.from(UTF8_BOM), Buffer.from('agent\njosé\njos'), Buffer.from([0xe9, 0x0a])]);
    expect(openCsv(bytes, { name: 'tickets.csv' }).warnings).toEqual([
      'tickets.csv:3: byte 0xE9 at offset 18 is not valid UTF-8, although the file starts with a UTF-8 byte order mark, ' +
        'so it and any such bytes read as the replacement character U+FFFD. Re-save the file as UTF-8 from the program that wrote it.',
    ]);
  });

  it('warns of invalid bytes under utf-8', () => {
    const bytes = Buffer.concat([Buffer.from('agent\njos'), Buffer.from([0xe9, 0x0a])]);
    expect(openCsv(bytes, { name: 'a.csv', encoding: 'utf-8' }).warnings[0]).toContain('a.csv:2: byte 0xE9 at offset 9 is not valid UTF-8, although the config reads it as utf-8');
  });

  it('accepts a valid UTF-8 BOM file', () => {
    expect(openCsv(Buffer.concat([Buffer.from(UTF8_BOM), Buffer.from('agent\nRené\n')])).warnings).toEqual([]);
  });

  it('reads UTF-8 without a BOM', () => {
    const reader = openCsv(Buffer.from('agent\nRené\n'));
    expect(reader.encoding).toBe('utf-8');
    expect(reader.bom).toBe(false);
  });

  it('reads UTF-16 LE with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\r\n1\té\r\n', 'utf16le')]);
    const reader = openCsv(bytes);
    expect(reader.encoding).toBe('utf-16le');
    expect(reader.delimiter).toBe('\t');
    expect(reader.header).toEqual(['a', 'b']);
    expect(readRows(bytes)).toEqual([{ fields: ['1', 'é'], line: 2 }]);
  });

  it('reads UTF-16 BE with a BOM', () => {
    // swap16 turns each little-endian code unit into big-endian: FF FE becomes FE FF.
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\tb\r\n1\t€\r\n', 'utf16le')]).swap16();
    expect(bytes[0]).toBe(0xfe);
    expect(openCsv(bytes).encoding).toBe('utf-16be');
    expect(readRows(bytes)).toEqual([{ fields: ['1', '€'], line: 2 }]);
  });

  it('reads UTF-16 LE without a BOM', () => {
    const bytes = Buffer.from('a;b\r\n1;é\r\n', 'utf16le');
    expect(readRows(bytes)).toEqual([{ fields: ['1', 'é'], line: 2 }]);
  });

  it('joins UTF-16 code units split across chunks', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,é€\n', 'utf16le')]);
    expect(readRows(bytes, { chunkSize: 3 })).toEqual([{ fields: ['1', 'é€'], line: 2 }]);
  });

  it('joins UTF-8 characters split across chunks', () => {
    // é is C3 A9 and € is E2 82 AC, so 1-byte chunks split both.
    expect(readRows(Buffer.from('a,b\n1,é€\n'), { chunkSize: 1 })).toEqual([{ fields: ['1', 'é€'], line: 2 }]);
  });

  it('reads windows-1252 when the bytes are not UTF-8', () => {
    // "René;€5": é is E9 and € is 80 in windows-1252, neither valid UTF-8 here.
    const bytes = Buffer.from([...Buffer.from('agent;note\n'), 0x52, 0x65, 0x6e, 0xe9, 0x3b, 0x80, 0x35, 0x0a]);
    expect(openCsv(bytes).encoding).toBe('windows-1252');
    expect(readRows(bytes)).toEqual([{ fields: ['René', '€5'], line: 2 }]);
  });

  it('reads a windows-1252 header', () => {
    const bytes = Buffer.from([...Buffer.from('Dur'), 0xe9, 0x65, 0x0a, 0x31, 0x0a]);
    expect(openCsv(bytes).header).toEqual(['Durée']);
  });

  it('follows a forced encoding', () => {
    // C3 A9 is é in UTF-8 but Ã© in windows-1252.
    const bytes = Buffer.from([0x61, 0x0a, 0xc3, 0xa9, 0x0a]);
    expect(readRows(bytes, { encoding: 'windows-1252' })).toEqual([{ fields: ['Ã©'], line: 2 }]);
  });

  it('falls back to windows-1252 after an ASCII start', () => {
    // 1.2 MB of ASCII rows, past the 1 MiB sample, then E9 (é in windows-1252).
    const ascii = 'agent,note\n' + 'va07,ok\n'.repeat(150_000);
    const bytes = Buffer.concat([Buffer.from(ascii), Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x2c, 0x78, 0x0a])]);
    const reader = openCsv(bytes);
    expect(reader.encoding).toBe('utf-8');

    let last: string[] = [];
    reader.forEachRow((fields) => {
      last = fields;
    });
    expect(last).toEqual(['René', 'x']);
    expect(reader.encoding).toBe('windows-1252');
  });

  it('rejects a file that mixes encodings', () => {
    // Valid UTF-8 é at the start, then a lone E9 after the 1 MiB sample.
    const text = 'agent,note\nRené,x\n' + 'va07,ok\n'.repeat(150_000);
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0xe9, 0x0a])]);
    const reader = openCsv(bytes, { name: 'calls.csv' });
    expect(() => reader.forEachRow(() => {})).toThrow(InputError);
    // The E9 is on line 150003, after the header, René's line and 150000 lines of 8 bytes.
    expect(() => reader.forEachRow(() => {})).toThrow(/^calls\.csv:150003: byte 0xE9 at offset 1200019 is not valid UTF-8, but line 2 has the UTF-8 text "René"/);
  });
});

describe('openCsv delimiters', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n'],
    [';', 'a;b;c\n1;2;3\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('detects %j', (delimiter, text) => {
    const reader = openCsv(Buffer.from(text));
    expect(reader.delimiter).toBe(delimiter);
    expect(readRows(Buffer.from(text))).toEqual([{ fields: ['1', '2', '3'], line: 2 }]);
  });

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('"a,b,c";d;e\n')).toBe(';');
  });

  it('detects from the line after blank lines', () => {
    expect(detectDelimiter('\n\na|b\n')).toBe('|');
  });

  it('prefers comma on a tie', () => {
    expect(detectDelimiter('a,b;c\n')).toBe(',');
  });

  it('takes comma for one column', () => {
    expect(detectDelimiter('agent\n')).toBe(',');
  });

  it('follows a given delimiter', () => {
    expect(readRows(Buffer.from('h\na;b,c\n'), { delimiter: ',' })).toEqual([{ fields: ['a;b', 'c'], line: 2 }]);
  });

  it('honours a sep= line', () => {
    const reader = openCsv(Buffer.from('sep=;\r\na;b\r\n1;2\r\n'));
    expect(reader.delimiter).toBe(';');
    expect(reader.header).toEqual(['a', 'b']);
    expect(reader.headerLine).toBe(2); // line 1 is the sep= line
  });

  it('numbers rows after a sep= line', () => {
    expect(readRows(Buffer.from('sep=;\r\na;b\r\n1;2\r\n'))).toEqual([{ fields: ['1', '2'], line: 3 }]);
  });

  it('lets sep= win over the header', () => {
    expect(openCsv(Buffer.from('sep=|\na,b|c\n')).header).toEqual(['a,b', 'c']);
  });

  it('rejects a quote as delimiter', () => {
    expect(() => openCsv(Buffer.from('a\n'), { delimiter: '"' })).toThrow(InputError);
  });
});

describe('openCsv records', () => {
  it('keeps newlines in quoted fields', () => {
    const text = 'id,note\n1,"line one\nline two"\n2,x\n';
    expect(readRows(Buffer.from(text))).toEqual([
      { fields: ['1', 'line one\nline two'], line: 2 },
      { fields: ['2', 'x'], line: 4 }, // the quoted newline made line 3
    ]);
  });

  it('keeps CRLF in quoted fields', () => {
    const text = 'id,note\r\n1,"a\r\nb"\r\n2,x\r\n';
    expect(readRows(Buffer.from(text))).toEqual([
      { fields: ['1', 'a\r\nb'], line: 2 },
      { fields: ['2', 'x'], line: 4 },
    ]);
  });

  it('strips CRLF line ends', () => {
    expect(readRows(Buffer.from('a,b\r\n1,2\r\n3,4'))).toEqual([
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('reads lone CR line ends', () => {
    expect(readRows(Buffer.from('a,b\r1,2\r3,4\r'))).toEqual([
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('mixes lone CR with LF', () => {
    expect(readRows(Buffer.from('a,b\n1,x\ry,2\n3,4\n'))).toEqual([
      { fields: ['1', 'x'], line: 2 },
      { fields: ['y', '2'], line: 3 },
      { fields: ['3', '4'], line: 4 },
    ]);
  });

  it('skips blank and all-empty rows', () => {
    const text = 'a,b\n\n1,2\n,\n"",""\r\n\r\n3,4\n\n';
    expect(readRows(Buffer.from(text))).toEqual([
      { fields: ['1', '2'], line: 3 },
      { fields: ['3', '4'], line: 7 }, // lines 4-6 are empty rows
    ]);
  });

  it('skips blank lines before the header', () => {
    const reader = openCsv(Buffer.from('\n\r\na,b\n1,2\n'));
    expect(reader.header).toEqual(['a', 'b']);
    expect(reader.headerLine).toBe(3); // after an LF line and a CRLF line
  });

  it('unescapes doubled quotes', () => {
    expect(readRows(Buffer.from('a,b\n"He said ""hi""",x\n'))).toEqual([{ fields: ['He said "hi"', 'x'], line: 2 }]);
  });

  it('keeps a quote inside an unquoted field', () => {
    expect(readRows(Buffer.from('a,b\n1,5" screen\n'))).toEqual([{ fields: ['1', '5" screen'], line: 2 }]);
  });

  it('appends text after a closing quote', () => {
    expect(readRows(Buffer.from('a,b\n"ab"c,d\n'))).toEqual([{ fields: ['abc', 'd'], line: 2 }]);
  });

  it('keeps a trailing delimiter as an empty field', () => {
    expect(readRows(Buffer.from('a,b,\n1,2,\n'))).toEqual([{ fields: ['1', '2', ''], line: 2 }]);
  });

  it('keeps a trailing delimiter at the end of the file', () => {
    expect(readRows(Buffer.from('a,b\n1,'))).toEqual([{ fields: ['1', ''], line: 2 }]);
  });

  it('reads a quoted last field without a line end', () => {
    expect(readRows(Buffer.from('a,b\n1,"x"'))).toEqual([{ fields: ['1', 'x'], line: 2 }]);
  });

  it('rejects an unclosed quote with its line', () => {
    const reader = openCsv(Buffer.from('a,b\n1,2\n3,"open\n4,5\n'), { name: 'calls.csv' });
    expect(() => reader.forEachRow(() => {})).toThrow(
      'calls.csv:3: a quoted field opened on this line is never closed; check the line for a stray double quote, or whether the file was cut off.',
    );
  });

  it('reads the same rows twice', () => {
    const reader = openCsv(Buffer.from('a\n1\n2\n'));
    const first: string[][] = [];
    const second: string[][] = [];
    reader.forEachRow((fields) => first.push(fields));
    reader.forEachRow((fields) => second.push(fields));
    expect(second).toEqual(first);
  });

  it('reads an empty file', () => {
    const reader = openCsv(Buffer.alloc(0));
    expect(reader.header).toEqual([]);
    expect(reader.headerLine).toBe(0);
    expect(readRows(Buffer.alloc(0))).toEqual([]);
  });
});

describe('openCsv chunk boundaries', () => {
  // Quotes, doubled quotes, CRLF inside and outside quotes, a blank line and
  // a missing final line end: every chunk size must give the same rows.
  const text = 'id,note,n\r\n1,"say ""hi""\r\nbye",7\r\n\r\n2,"a,b",8\r\n3,plain,9';
  const expected: Row[] = [
    { fields: ['1', 'say "hi"\r\nbye', '7'], line: 2 },
    { fields: ['2', 'a,b', '8'], line: 5 }, // line 3 contains "bye", line 4 is blank
    { fields: ['3', 'plain', '9'], line: 6 },
  ];

  it.each(Array.from({ length: text.length }, (_, i) => i + 1))('reads the same rows with %i-byte chunks', (chunkSize) => {
    expect(readRows(Buffer.from(text), { chunkSize })).toEqual(expected);
  });

  it('splits CRLF across chunks', () => {
    // With 4-byte chunks "a,b\r" ends the first chunk and "\n" starts the second.
    expect(readRows(Buffer.from('a,b\r\n1,2\r\n3,4\r\n'), { chunkSize: 4 })).toEqual([
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('reads a header longer than the sample', () => {
    // A 1.5 MB header name runs past the 1 MiB sample.
    const long = 'x'.repeat(1_500_000);
    const reader = openCsv(Buffer.from(`${long},b\n1,2\n`));
    expect(reader.header.length).toBe(2);
    expect(reader.header[0]!.length).toBe(1_500_000);
    expect(reader.header[1]).toBe('b');
  });
});

describe('openCsv options', () => {
  it('skips rows before the header', () => {
    const text = 'Call report "March\nGenerated 2026-03-04\na,b\n1,2\n';
    const reader = openCsv(Buffer.from(text), { skipRows: 2 });
    expect(reader.header).toEqual(['a', 'b']);
    expect(reader.headerLine).toBe(3);
  });

  it('numbers rows after skipped rows', () => {
    const text = 'Call report\nGenerated 2026-03-04\na,b\n1,2\n';
    expect(readRows(Buffer.from(text), { skipRows: 2 })).toEqual([{ fields: ['1', '2'], line: 4 }]);
  });

  it('skips rows after a sep= line', () => {
    const reader = openCsv(Buffer.from('sep=;\nTitle\na;b\n1;2\n'), { skipRows: 1 });
    expect(reader.header).toEqual(['a', 'b']);
    expect(reader.headerLine).toBe(3); // sep= on line 1, the title on line 2
  });

  it('rejects a negative skipRows', () => {
    expect(() => openCsv(Buffer.from('a\n'), { skipRows: -1 })).toThrow(InputError);
  });

  it('reads a file without a header', () => {
    const options: CsvOptions = { hasHeader: false, header: ['src', 'dst'] };
    const reader = openCsv(Buffer.from('1001,5550100\n1002,5550101\n'), options);
    expect(reader.header).toEqual(['src', 'dst']);
    expect(reader.headerLine).toBe(0);
    expect(readRows(Buffer.from('1001,5550100\n1002,5550101\n'), options)).toEqual([
      { fields: ['1001', '5550100'], line: 1 },
      { fields: ['1002', '5550101'], line: 2 },
    ]);
  });

  it('replaces the names of a header row', () => {
    const reader = openCsv(Buffer.from('A,B\n1,2\n'), { hasHeader: true, header: ['x', 'y'] });
    expect(reader.header).toEqual(['x', 'y']);
    expect(reader.headerLine).toBe(1);
  });

  it('requires names without a header row', () => {
    expect(() => openCsv(Buffer.from('1,2\n'), { hasHeader: false })).toThrow(TypeError);
  });

  it('names a Buffer stdin', () => {
    expect(openCsv(Buffer.from('a\n')).file).toBe('stdin');
  });
});

describe('openCsv files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file by path', () => {
    const path = join(dir, 'calls.csv');
    writeFileSync(path, Buffer.from([...UTF8_BOM, ...Buffer.from('a;b\r\n1;2\r\n')]));
    expect(readRows(path, { chunkSize: 3 })).toEqual([{ fields: ['1', '2'], line: 2 }]);
  });

  it('shows the path as the file name', () => {
    const path = join(dir, 'status.csv');
    writeFileSync(path, 'a\n');
    expect(openCsv(path).file).toBe(path);
  });

  it('throws for a missing file', () => {
    expect(() => openCsv(join(dir, 'missing.csv'))).toThrow(/ENOENT/);
  });
});

describe('checkFieldCount', () => {
  it('accepts a row that fits', () => {
    expect(checkFieldCount(['1', '2'], 2)).toBeNull();
  });

  it('accepts empty extra fields', () => {
    expect(checkFieldCount(['1', '2', '', ''], 2)).toBeNull();
  });

  it('rejects a short row', () => {
    expect(checkFieldCount(['1'], 2)).toBe('the row has 1 field but the header has 2 columns; a delimiter is missing or the row was cut short');
  });

  it('rejects a non-empty extra field', () => {
    expect(checkFieldCount(['1', '2', '', 'x'], 2)).toBe(
      'the row has 4 fields but the header has 2 columns, and field 4 is not empty; a value probably contains the delimiter without quotes around it',
    );
  });
});

describe('misreadDelimiter', () => {
  it('explains a one-column header', () => {
    expect(misreadDelimiter(['call_id;agent'])).toBe(
      'the header reads as one column, "call_id;agent", which contains ";"; the delimiter that the file\'s "sep=" line or the config sets does not match the file, so fix or remove it',
    );
  });

  it('shortens a long header', () => {
    expect(misreadDelimiter([`${'x'.repeat(70)},y`])).toContain(`"${'x'.repeat(60)}…"`);
  });

  it('accepts a header of several columns', () => {
    expect(misreadDelimiter(['call_id', 'agent;name'])).toBeNull();
  });

  it('accepts a one-column header without a delimiter', () => {
    expect(misreadDelimiter(['call_id'])).toBeNull();
  });
});
