import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createChunkDecoder,
  decodeWindows1252,
  findMixedEncoding,
  mixedEncodingWarning,
  sniffEncoding,
  type ChunkDecoder,
} from '../../src/read/encoding.js';
import { bufferBytes } from '../../src/read/utf8-scan.js';

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

/** Returns a decoder for a sniffed UTF-8 file, with `file` as the bytes that its messages look back at. */
function sniffedUtf8Decoder(file: Buffer, forced = false): ChunkDecoder {
  return createChunkDecoder({ encoding: 'utf-8', bom: false }, forced, 'calls.csv', bufferBytes(file));
}

/** Decodes `file` in chunks of `chunkSize` bytes and returns the text. */
function decodeInChunks(file: Buffer, chunkSize: number): string {
  const decoder = sniffedUtf8Decoder(file);
  let text = '';
  for (let at = 0; at < file.length; at += chunkSize) text += decoder.decode(file.subarray(at, at + chunkSize), false);
  return text + decoder.decode(Buffer.alloc(0), true);
}

describe('createChunkDecoder', () => {
  it('switches a sniffed UTF-8 file to windows-1252 after ASCII', () => {
    // E9 2C is "é," in windows-1252 but no UTF-8 character.
    const decoder = sniffedUtf8Decoder(Buffer.from([0x61, 0x62, 0xe9, 0x2c]));
    const text = decoder.decode(Buffer.from('ab'), false) + decoder.decode(Buffer.from([0xe9, 0x2c]), false);
    expect(text).toBe('abé,');
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('switches when the invalid byte ends a chunk', () => {
    // E9 could start a 3-byte UTF-8 character, so it waits for the next chunk.
    const decoder = sniffedUtf8Decoder(Buffer.from([0x61, 0x62, 0xe9, 0x2c, 0x78]));
    const pieces = [Buffer.from('ab'), Buffer.from([0xe9]), Buffer.from(',x')].map((bytes) => decoder.decode(bytes, false));
    expect(pieces).toEqual(['ab', '', 'é,x']);
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('rejects invalid bytes after UTF-8 text', () => {
    const decoder = sniffedUtf8Decoder(Buffer.from([0xc3, 0xa9, 0xe9, 0x2c]));
    decoder.decode(Buffer.from('é'), false);
    expect(() => decoder.decode(Buffer.from([0xe9, 0x2c]), false)).toThrow(
      /^calls\.csv:1: byte 0xE9 at offset 2 is not valid UTF-8, but line 1 has the UTF-8 text "é", so the file mixes encodings/,
    );
  });

  it('names the exact offset and lines of mixed encodings', () => {
    // Line 2 has UTF-8 "José"; the invalid E9 of windows-1252 "José" is at offset 24, on line 3 after a CRLF.
    const file = Buffer.concat([Buffer.from('id,agent\r\n1,José\r\n2,Jos'), Buffer.from([0xe9]), Buffer.from('\r\n')]);
    const decoder = sniffedUtf8Decoder(file);
    expect(() => decoder.decode(file, true)).toThrow(
      'calls.csv:3: byte 0xE9 at offset 24 is not valid UTF-8, but line 2 has the UTF-8 text "José", so the file mixes encodings and no single reading is right. ' +
        'Re-save it as UTF-8 (or as windows-1252 throughout).',
    );
  });

  it('rejects UTF-8 then invalid bytes at any chunk size', () => {
    // With chunks of 1 byte, the UTF-8 text comes in a chunk before the invalid byte.
    // With chunks of 64, both come in one chunk, which must not switch to windows-1252 either.
    const file = Buffer.concat([Buffer.from('id,agent\n1,José\n2,Jos'), Buffer.from([0xe9]), Buffer.from('\n')]);
    for (const chunkSize of [1, 2, 3, 64]) {
      expect(() => decodeInChunks(file, chunkSize), `chunk size ${chunkSize}`).toThrow(/^calls\.csv:3: byte 0xE9 at offset 22 .* mixes encodings/);
    }
  });

  it('switches after ASCII whatever follows the invalid byte', () => {
    // UTF-8 after the first invalid byte is read as windows-1252 without an error.
    const file = Buffer.concat([Buffer.from('id,agent\n2,Jos'), Buffer.from([0xe9]), Buffer.from('\n1,José\n')]);
    for (const chunkSize of [1, 64]) {
      expect(decodeInChunks(file, chunkSize), `chunk size ${chunkSize}`).toBe('id,agent\n2,José\n1,JosÃ©\n');
    }
  });

  it('keeps a forced UTF-8 decoder on invalid bytes', () => {
    const decoder = sniffedUtf8Decoder(Buffer.from([0x61, 0xe9]), true);
    expect(decoder.decode(Buffer.from([0x61, 0xe9]), true)).toBe('a\ufffd');
    expect(decoder.encoding).toBe('utf-8');
  });
});

describe('createChunkDecoder with a known encoding', () => {
  // ASCII chunks take a shortcut until the first other byte, after which TextDecoder reads on.
  const piece = fc.constantFrom('a', ',', '\n', 'é', '€', '😀', '\ufeff');
  const split = fc.tuple(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(40), { maxLength: 6 }));

  it.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('decodes %s chunks as TextDecoder does', (encoding) => {
    fc.assert(
      fc.property(split, ([pieces, cuts]) => {
        const bytes = Buffer.from(pieces.join(''), encoding === 'utf-8' ? 'utf8' : 'utf16le');
        if (encoding === 'utf-16be') bytes.swap16();
        const decoder = createChunkDecoder({ encoding, bom: false }, true, 'calls.csv', bufferBytes(bytes));
        const ends = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
        let text = '';
        let from = 0;
        for (const end of ends) {
          text += decoder.decode(bytes.subarray(from, end), false);
          from = end;
        }
        text += decoder.decode(bytes.subarray(from), true);
        expect(text).toBe(new TextDecoder(encoding).decode(bytes));
      }),
      { numRuns: 300 },
    );
  });
});

describe('findMixedEncoding', () => {
  const mixed = Buffer.concat([Buffer.from('agent\r\nJosé\rJos'), Buffer.from([0xe9]), Buffer.from('\n')]);

  it('finds UTF-8 text and an invalid byte', () => {
    expect(findMixedEncoding(mixed, true)).toEqual({ invalid: 16, multiByte: 10 });
  });

  it('finds UTF-8 text after the invalid byte', () => {
    const later = Buffer.concat([Buffer.from([0xe9, 0x0a]), Buffer.from('José\n')]);
    expect(findMixedEncoding(later, true)).toEqual({ invalid: 0, multiByte: 5 });
  });

  it('ignores a windows-1252 sample', () => {
    expect(findMixedEncoding(Buffer.from([0x61, 0xe9, 0x0a, 0x80, 0x41]), true)).toBeNull();
  });

  it('ignores a character cut off by the sample', () => {
    // E2 82 would start a €, whose last byte lies past the sample.
    expect(findMixedEncoding(Buffer.from([0xe9, 0x0a, 0xe2, 0x82]), false)).toBeNull();
  });

  it('words the warning with lines and text', () => {
    const found = findMixedEncoding(mixed, true)!;
    expect(mixedEncodingWarning('calls.csv', bufferBytes(mixed), found)).toBe(
      'calls.csv:3: byte 0xE9 at offset 16 is not valid UTF-8, so the file is read as windows-1252, ' +
        'but line 2 has the UTF-8 text "José", which now reads "JosÃ©". Re-save the file as UTF-8 so that both lines read correctly.',
    );
  });
});
