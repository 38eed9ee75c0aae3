import { describe, expect, it } from 'vitest';
import { createChunkDecoder, decodeWindows1252, sniffEncoding } from '../../src/read/encoding.js';

describe('sniffEncoding', () => {
  it('finds UTF-8 in ASCII', () => {
    expect(sniffEncoding(Buffer.from('a,b\n'), true)).toEqual({ encoding: 'utf-8', bom: false });
  });

  it('finds windows-1252 from an invalid byte', () => {
    expect(sniffEncoding(Buffer.from([0x61, 0xe9, 0x62]), true)).toEqual({ encoding: 'windows-1252', bom: false });
  });

  it('allows a cut character at the end of a sample', () => {
    // E2 82 starts the 3-byte € (E2 82 AC); the rest is past the sample.
    expect(sniffEncoding(Buffer.from([0x61, 0xe2, 0x82]), false).encoding).toBe('utf-8');
  });

  it('rejects a cut character at the end of a file', () => {
    expect(sniffEncoding(Buffer.from([0x61, 0xe2, 0x82]), true).encoding).toBe('windows-1252');
  });

  it('finds a UTF-16 LE BOM', () => {
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x61, 0x00]), true)).toEqual({ encoding: 'utf-16le', bom: true });
  });

  it('finds UTF-16 LE without a BOM', () => {
    expect(sniffEncoding(Buffer.from('agent,talk\r\n', 'utf16le'), true)).toEqual({ encoding: 'utf-16le', bom: false });
  });

  it('finds UTF-16 BE without a BOM', () => {
    const bytes = Buffer.from('agent,talk\r\n', 'utf16le').swap16();
    expect(sniffEncoding(bytes, true)).toEqual({ encoding: 'utf-16be', bom: false });
  });

  it('keeps UTF-8 with a stray NUL', () => {
    expect(sniffEncoding(Buffer.from('agent,talk\u0000\r\n'), true).encoding).toBe('utf-8');
  });

  it('finds a UTF-16 BE BOM', () => {
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]), true)).toEqual({ encoding: 'utf-16be', bom: true });
  });
});

describe('decodeWindows1252', () => {
  it.each([
    [0x80, '€'],
    [0x85, '…'],
    [0x92, '’'],
    [0x9f, 'Ÿ'],
    [0x81, '\u0081'], // undefined in windows-1252, kept as the C1 control
    [0xe9, 'é'],
    [0xff, 'ÿ'],
    [0x41, 'A'],
  ])('decodes byte %i', (byte, expected) => {
    expect(decodeWindows1252(Buffer.from([byte]))).toBe(expected);
  });
});

describe('createChunkDecoder', () => {
  it('switches a sniffed UTF-8 file to windows-1252 after ASCII', () => {
    // E9 2C is "é," in windows-1252 but no UTF-8 character.
    const decoder = createChunkDecoder({ encoding: 'utf-8', bom: false }, false, 'calls.csv');
    const text = decoder.decode(Buffer.from('ab'), false) + decoder.decode(Buffer.from([0xe9, 0x2c]), false);
    expect(text).toBe('abé,');
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('switches when the invalid byte ends a chunk', () => {
    // E9 could start a 3-byte UTF-8 character, so it waits for the next chunk.
    const decoder = createChunkDecoder({ encoding: 'utf-8', bom: false }, false, 'calls.csv');
    const pieces = [Buffer.from('ab'), Buffer.from([0xe9]), Buffer.from(',x')].map((bytes) => decoder.decode(bytes, false));
    expect(pieces).toEqual(['ab', '', 'é,x']);
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('rejects invalid bytes after UTF-8 text', () => {
    const decoder = createChunkDecoder({ encoding: 'utf-8', bom: false }, false, 'calls.csv');
    decoder.decode(Buffer.from('é'), false);
    expect(() => decoder.decode(Buffer.from([0xe9, 0x2c]), false)).toThrow(/^calls\.csv: the bytes near offset 2 are not valid UTF-8/);
  });

  it('keeps a forced UTF-8 decoder on invalid bytes', () => {
    const decoder = createChunkDecoder({ encoding: 'utf-8', bom: false }, true, 'calls.csv');
    expect(decoder.decode(Buffer.from([0x61, 0xe9]), true)).toBe('a\ufffd');
    expect(decoder.encoding).toBe('utf-8');
  });
});
