import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferBytes, findUtf8, firstNonAsciiBefore, lineOfOffset, pathBytes, utf8SequenceLength } from '../../src/read/utf8-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-utf8-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bytes that mix ASCII, windows-1252 letters, UTF-8 characters of every length and stray continuation bytes. */
const mixedBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom([0x61], [0x0a], [0xe9], [0x80], [0xbf], [0xc0], [0xff]),
      fc.constantFrom('é', '€', '李', '😀').map((char) => [...Buffer.from(char)]),
      fc.constantFrom([0xed, 0xa0, 0x80], [0xe0, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3], [0xe2, 0x82]),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => Buffer.from(parts.flat()));

describe('findUtf8', () => {
  it('agrees with Buffer.isUtf8', () => {
    fc.assert(
      fc.property(mixedBytes, (bytes) => {
        const { invalid } = findUtf8(bytes, 0, bytes.length, true);
        expect(invalid < 0).toBe(isUtf8(bytes));
        if (invalid >= 0) {
          expect(isUtf8(bytes.subarray(0, invalid)), 'the bytes before the first invalid one').toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a character after an invalid byte', () => {
    expect(findUtf8(Buffer.from([0x61, 0xe9, 0x62, 0xc3, 0xa9]), 0, 5)).toEqual({ invalid: 1, multiByte: 3 });
  });

  it.each([
    ['"É" and a closing quote (U+0254)', [0xc9, 0x94]],
    ['"É»" (U+027B)', [0xc9, 0xbb]],
    ['"Â" and the euro sign (a C1 control)', [0xc2, 0x80]],
    ['"Ó" and a closing quote (Cyrillic U+04D4)', [0xd3, 0x94]],
    ['"Ä" and an opening quote (U+0113)', [0xc4, 0x93]],
    ['"Ó»" (Cyrillic U+04FB)', [0xd3, 0xbb]],
  ])('takes %s in Windows-1252 text for no UTF-8 text', (_name, pair) => {
    // "JOS", the pair, then 0x93 (a Windows-1252 opening quote, invalid as UTF-8)
    const bytes = Buffer.from([0x4a, 0x4f, 0x53, ...pair, 0x20, 0x93]);
    expect(findUtf8(bytes, 0, bytes.length)).toEqual({ invalid: 6, multiByte: -1 });
  });

  it.each([
    ['"é"', 'é'],
    ['"ł"', 'ł'],
    ['Cyrillic "А"', 'Анна'],
    ['a curly quote', '’'],
  ])('takes %s for UTF-8 text', (_name, text) => {
    const bytes = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xe9])]);
    expect(findUtf8(bytes, 0, bytes.length).multiByte).toBe(0);
  });

  it('finds UTF-8 by the next letter', () => {
    // "Жанна": Ж is D0 96 (96 is a dash in Windows-1252), а is D0 B0.
    const bytes = Buffer.concat([Buffer.from('Жанна', 'utf8'), Buffer.from([0xe9])]);
    expect(findUtf8(bytes, 0, bytes.length).multiByte).toBe(2);
  });

  it('rejects surrogates and overlong forms', () => {
    for (const bytes of [[0xed, 0xa0, 0x80], [0xc1, 0xbf], [0xe0, 0x9f, 0xbf], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(utf8SequenceLength(Buffer.from(bytes), 0, bytes.length), bytes.join(' ')).toBe(0);
    }
  });
});

describe('lineOfOffset', () => {
  it('counts LF, CRLF and lone CR once each', () => {
    const bytes = bufferBytes(Buffer.from('a\nb\r\nc\rd'));
    // Offsets of a, b, the CR of CRLF, c and d.
    expect([0, 2, 3, 5, 7].map((offset) => lineOfOffset(bytes, offset))).toEqual([1, 2, 2, 3, 4]);
  });

  it('counts a CRLF split across scan reads once', () => {
    // The scan reads 1 MiB at a time, so the CR ends one read and the LF starts the next.
    const text = Buffer.alloc((1 << 20) + 4, 0x61);
    text[(1 << 20) - 1] = 0x0d;
    text[1 << 20] = 0x0a;
    const path = join(dir, 'split-crlf.csv');
    writeFileSync(path, text);
    expect(lineOfOffset(pathBytes(path), (1 << 20) + 2)).toBe(2);
  });
});

describe('firstNonAsciiBefore', () => {
  it('stops at the end offset', () => {
    const bytes = bufferBytes(Buffer.from('ab\ncé'));
    expect(firstNonAsciiBefore(bytes, 4)).toBe(-1);
    expect(firstNonAsciiBefore(bytes, 5)).toBe(4);
  });
});
