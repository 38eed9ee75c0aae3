import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeyedCache } from '../../src/sources/fast-record.js';

/** Writes `texts` into one buffer from offset 3, so that ranges start off 4-byte boundaries, and returns each text's range. */
function layOut(texts: string[]): { bytes: Buffer; ranges: [number, number][] } {
  const bytes = Buffer.alloc(3 + texts.reduce((sum, text) => sum + text.length + 1, 0));
  const ranges: [number, number][] = [];
  let at = 3;
  for (const text of texts) {
    bytes.write(text, at, 'latin1');
    ranges.push([at, at + text.length]);
    at += text.length + 1;
  }
  return { bytes, ranges };
}

describe('ByteKeyedCache', () => {
  // Few letters, so that keys share prefixes, suffixes, lengths and words.
  const text = fc.string({ unit: fc.constantFrom('a', 'b', '@', '.'), maxLength: 24 });

  it('finds only added texts', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.array(text, { maxLength: 80 }), (added, looked) => {
        const cache = new ByteKeyedCache<string>();
        const expected = new Map<string, number>();
        const stored = layOut(added);
        added.forEach((key, i) => {
          if (expected.has(key)) return;
          const [start, end] = stored.ranges[i]!;
          cache.add(stored.bytes, start, end, key);
          expected.set(key, cache.size - 1);
        });

        // Looked up in another buffer, as rows of a later chunk are.
        const probes = layOut([...looked, ...added]);
        [...looked, ...added].forEach((key, i) => {
          const [start, end] = probes.ranges[i]!;
          const found = cache.find(probes.bytes, start, end);
          expect(found, JSON.stringify(key)).toBe(expected.get(key) ?? -1);
          if (found >= 0) expect(cache.values[found]).toBe(key);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart one-byte differences', () => {
    const base = 'ana.lima@example.com';
    const cache = new ByteKeyedCache<string>();
    const stored = layOut([base]);
    cache.add(stored.bytes, ...stored.ranges[0]!, base);
    for (let at = 0; at < base.length; at++) {
      const other = `${base.slice(0, at)}#${base.slice(at + 1)}`;
      const probe = layOut([other, base]);
      expect(cache.find(probe.bytes, ...probe.ranges[0]!), other).toBe(-1);
      expect(cache.find(probe.bytes, ...probe.ranges[1]!)).toBe(0);
    }
  });
});
