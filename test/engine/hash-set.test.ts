import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallJoin, addAsciiCallIdHash, addCallIdHash } from '../../src/engine/call-join.js';
import { asciiIdPrefixPartition, HashSet64, ID_PARTITIONS, idPartitionsFor, idPrefixPartition, KeyHasher, PartitionedHashSet64 } from '../../src/engine/hash-set.js';
import { IntervalBuffer } from '../../src/engine/tally.js';
import { normalize } from '../../src/engine/intervals.js';

function hashOf(build: (hasher: KeyHasher) => void): [number, number] {
  const hasher = new KeyHasher().reset();
  build(hasher);
  hasher.digest();
  return [hasher.high, hasher.low];
}

describe('KeyHasher', () => {
  it('hashes text like its code units', () => {
    expect(hashOf((h) => h.text('ab'))).toEqual(hashOf((h) => h.code(97).code(98)));
  });

  it('hashes -0 like 0', () => {
    expect(hashOf((h) => h.number(-0))).toEqual(hashOf((h) => h.number(0)));
  });

  it('tells 1 from 4294967297', () => {
    // 4294967297 = 2^32 + 1 has the same low word as 1.
    expect(hashOf((h) => h.number(1))).not.toEqual(hashOf((h) => h.number(4294967297)));
  });

  it('tells 1.5 from 1', () => {
    expect(hashOf((h) => h.number(1.5))).not.toEqual(hashOf((h) => h.number(1)));
  });
});

describe('HashSet64', () => {
  it('reports a repeated hash', () => {
    const set = new HashSet64(16);
    set.add(1, 2);
    expect(set.add(1, 2)).toBe(false);
  });

  it('keeps every hash across growth', () => {
    const set = new HashSet64(16);
    for (let i = 0; i < 10_000; i++) set.add(i, i * 7);
    let found = 0;
    for (let i = 0; i < 10_000; i++) if (set.has(i, i * 7)) found++;
    expect(found).toBe(10_000);
  });

  it('stores the zero hash', () => {
    const set = new HashSet64(16);
    set.add(0, 0);
    expect(set.has(0, 0)).toBe(true);
  });

  it('has no distinct key collisions in 200k ids', () => {
    const set = new HashSet64();
    const hasher = new KeyHasher();
    for (let i = 0; i < 200_000; i++) {
      hasher.reset().text(`C${1_000_000 + i}`).digest();
      set.add(hasher.high, hasher.low);
    }
    expect(set.size).toBe(200_000);
  });
});

describe('PartitionedHashSet64', () => {
  it('reports a hash repeated in its partition', () => {
    const set = new PartitionedHashSet64();

    expect(set.add(7, 1, 2)).toBe(true);
    expect(set.add(7, 1, 2)).toBe(false);
    expect(set.size).toBe(1);
  });

  it('finds a hash only in its own partition', () => {
    const set = new PartitionedHashSet64();
    set.add(7, 1, 2);
    set.add(9, 3, 4);

    expect(set.has(7, 1, 2)).toBe(true);
    expect(set.has(8, 1, 2)).toBe(false);
    expect(set.has(9, 1, 2)).toBe(false);
    expect(set.has(9, 3, 4)).toBe(true);
    // has() remembers the partition it looked in last; the next call must still look in its own.
    expect(set.has(7, 3, 4)).toBe(false);
    expect(set.has(7, 1, 2)).toBe(true);
  });

  it('keeps one hash apart across partitions', () => {
    const set = new PartitionedHashSet64();
    set.add(7, 1, 2);

    expect(set.add(8, 1, 2)).toBe(true);
    expect(set.add(7, 1, 2)).toBe(false);
    expect(set.size).toBe(2);
  });

  it('folds partition numbers', () => {
    const folded = PartitionedHashSet64.forIds(0);
    expect(folded.partitions).toBe(1024);
    expect(folded.add(5, 1, 2)).toBe(true);
    // 5 + 1,024 folds into partition 5, where the hash was added.
    expect(folded.add(5 + 1024, 1, 2)).toBe(false);
    expect(folded.has(5 + 2048, 1, 2)).toBe(true);

    const apart = new PartitionedHashSet64();
    expect(apart.partitions).toBe(0);
    apart.add(5, 1, 2);
    expect(apart.add(5 + 1024, 1, 2)).toBe(true);
  });

  it('agrees with a Set of its keys in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -3, max: 40 }), fc.integer({ min: 0, max: 300 })), { maxLength: 3000 }), (keys) => {
        const set = new PartitionedHashSet64();
        const oracle = new Set<string>();
        for (const [part, key] of keys) {
          expect(set.add(part, key, key ^ 0x5bd1e995)).toBe(!oracle.has(`${part}/${key}`));
          oracle.add(`${part}/${key}`);
        }
        expect(set.size).toBe(oracle.size);
      }),
    );
  });
});

describe('idPartitionsFor', () => {
  it('keeps 1,024 up to a million ids', () => {
    expect(idPartitionsFor(0)).toBe(1024);
    expect(idPartitionsFor(1_000_000)).toBe(1024);
    expect(idPartitionsFor(1_024_000)).toBe(1024);
  });

  it('doubles with the ids beyond', () => {
    expect(idPartitionsFor(1_024_001)).toBe(2048);
    expect(idPartitionsFor(4_000_000)).toBe(4096);
    expect(idPartitionsFor(10_000_000)).toBe(16384);
  });

  it('stops at ID_PARTITIONS', () => {
    expect(idPartitionsFor(1e9)).toBe(ID_PARTITIONS);
  });
});

describe('idPrefixPartition', () => {
  it('gives ids of one prefix one partition', () => {
    expect(idPrefixPartition('C1000001')).toBe(idPrefixPartition('C1000999'));
    expect(idPrefixPartition('1709543698.81')).toBe(idPrefixPartition('1709543698.99'));
  });

  // Sequential call ids: as many consecutive prefixes as there are partitions fill every partition once.
  it('spreads consecutive prefixes over every partition', () => {
    const parts = new Set<number>();
    for (let prefix = 1000; prefix < 1000 + ID_PARTITIONS; prefix++) parts.add(idPrefixPartition(`C${prefix}000`));
    expect(parts.size).toBe(ID_PARTITIONS);
  });

  it('spreads random ids evenly', () => {
    const counts = new Array<number>(ID_PARTITIONS).fill(0);
    let seed = 12345;
    for (let i = 0; i < 50 * ID_PARTITIONS; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      const hex = (seed >>> 0).toString(16);
      counts[idPrefixPartition(`${hex}-${i % 7}${hex.slice(0, 3)}`)]! += 1;
    }
    // 50 ids a partition on average; a uniform spread stays within about 4.5 standard deviations (about 32).
    expect(Math.min(...counts)).toBeGreaterThan(18);
    expect(Math.max(...counts)).toBeLessThan(82);
  });

  it('handles ids of three characters or fewer', () => {
    expect(idPrefixPartition('')).toBe(idPrefixPartition('abc'));
    expect(idPrefixPartition('ab')).toBeGreaterThanOrEqual(0);
  });
});

describe('hashes of ASCII bytes', () => {
  const asciiId = fc.string({ unit: fc.constantFrom(...'C0123456789-._ab'.split('')), maxLength: 14 });

  it('match those of the text', () => {
    fc.assert(
      fc.property(asciiId, fc.nat({ max: 5 }), (id, offset) => {
        const bytes = Buffer.from(`${'x'.repeat(offset)}${id}y`, 'latin1');
        const fromText = new KeyHasher().reset().text(id);
        fromText.digest();
        const fromBytes = new KeyHasher().reset().ascii(bytes, offset, offset + id.length);
        fromBytes.digest();

        expect([fromBytes.high, fromBytes.low]).toEqual([fromText.high, fromText.low]);
        expect(asciiIdPrefixPartition(bytes, offset, offset + id.length)).toBe(idPrefixPartition(id));
      }),
    );
  });

  it('restrict a join as the text does', () => {
    const referenced = new PartitionedHashSet64();
    const bytes = Buffer.from('S1,C1000042,5', 'latin1');
    addAsciiCallIdHash(referenced, bytes, 3, 11);
    const join = new CallJoin();
    join.restrictTo(referenced);
    join.add('C1000042', 'ana', 100);
    join.add('C1000043', 'ana', 200);

    expect(join.find('C1000042', null, 'latest')).toEqual({ agent: 'ana', startedAt: 100 });
    expect(join.find('C1000043', null, 'latest')).toBeUndefined();
  });
});

describe('CallJoin.restrictTo', () => {
  it('keeps a referenced call', () => {
    const referenced = new PartitionedHashSet64();
    addCallIdHash(referenced, 'C1');
    const join = new CallJoin();
    join.restrictTo(referenced);
    join.add('C1', 'ana', 100);
    expect(join.find('C1', null, 'latest')).toEqual({ agent: 'ana', startedAt: 100 });
  });

  it('drops an unreferenced call', () => {
    const referenced = new PartitionedHashSet64();
    addCallIdHash(referenced, 'C1');
    const join = new CallJoin();
    join.restrictTo(referenced);
    join.add('C2', 'ana', 100);
    expect(join.find('C2', null, 'latest')).toBeUndefined();
  });

  it('keeps exactly the referenced calls among many', () => {
    // Ids in sequence share prefixes, and so partitions; every fifth is referenced.
    const referenced = new PartitionedHashSet64();
    for (let i = 0; i < 5_000; i += 5) addCallIdHash(referenced, `C${1_000_000 + i}`);
    const join = new CallJoin();
    join.restrictTo(referenced);
    for (let i = 0; i < 5_000; i++) join.add(`C${1_000_000 + i}`, 'ana', i);

    const found = [];
    for (let i = 0; i < 5_000; i++) {
      const leg = join.find(`C${1_000_000 + i}`, null, 'latest');
      if (leg === undefined) continue;
      expect(leg).toEqual({ agent: 'ana', startedAt: i });
      found.push(i);
    }
    expect(found).toEqual(Array.from({ length: 1_000 }, (_, k) => 5 * k));
  });

  it('joins through a finer filter', () => {
    // A filter for 4M ids folds partitions by 4,096, the join's default by
    // 1,024. Prefixes 1,024 apart share a partition only under the latter.
    const referenced = PartitionedHashSet64.forIds(4_000_000);
    expect(referenced.partitions).toBe(4096);
    const ids = Array.from({ length: 32 }, (_, k) => `C${1_000_000 + k * 1_024_000 + (k % 7)}`);
    for (const id of ids.filter((_, k) => k % 2 === 0)) addCallIdHash(referenced, id);
    const join = new CallJoin();
    join.restrictTo(referenced);
    ids.forEach((id, k) => join.add(id, 'ana', k));

    ids.forEach((id, k) => {
      expect(join.find(id, null, 'latest'), id).toEqual(k % 2 === 0 ? { agent: 'ana', startedAt: k } : undefined);
    });
  });

  it('finds each of many calls after growth', () => {
    const join = new CallJoin();
    for (let i = 0; i < 5_000; i++) join.add(`call-${i}`, `agent-${i % 7}`, i);
    // call-4321: agent index 4321 % 7 = 2, started_at 4321.
    expect(join.find('call-4321', null, 'latest')).toEqual({ agent: 'agent-2', startedAt: 4321 });
  });
});

describe('IntervalBuffer', () => {
  it('returns the union after merging when full', () => {
    const buffer = new IntervalBuffer();
    const raw: number[] = [];
    // 500 touching one-second intervals, then 500 apart, in a shuffled-looking order.
    for (let i = 0; i < 1000; i++) {
      const start = ((i * 7919) % 1000) * (i < 500 ? 1 : 3);
      buffer.push(start, start + 1);
      raw.push(start, start + 1);
    }
    expect(Array.from(buffer.union())).toEqual(Array.from(normalize(raw)));
  });

  it('returns the union of sorted rows with gaps', () => {
    const buffer = new IntervalBuffer();
    const raw: number[] = [];
    // 300 rows in start order: each 10 long, starting every 12, so none touch and none merge.
    for (let i = 0; i < 300; i++) {
      buffer.push(i * 12, i * 12 + 10);
      raw.push(i * 12, i * 12 + 10);
    }
    expect(Array.from(buffer.union())).toEqual(Array.from(normalize(raw)));
  });

  it('matches normalize for any rows', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: -5, max: 40 }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 400 }), fc.boolean(), (rows, sortFirst) => {
        const ordered = sortFirst ? [...rows].sort((a, b) => a[0] - b[0]) : rows;
        const buffer = new IntervalBuffer();
        const raw: number[] = [];
        for (const [start, length] of ordered) {
          buffer.push(start, start + length);
          raw.push(start, start + length);
        }
        expect(Array.from(buffer.union())).toEqual(Array.from(normalize(raw)));
      }),
      { numRuns: 300 },
    );
  });

  it('matches normalize for whole-second instants', () => {
    // Instants near 2026 in whole seconds, stored as 32-bit codes, and now
    // and then one off by 1 ms, which switches the buffer to milliseconds.
    const base = 1_767_225_600_000;
    const interval = fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -2, max: 60 }), fc.integer({ min: 0, max: 40 }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 300 }), fc.boolean(), (rows, sortFirst) => {
        const ordered = sortFirst ? [...rows].sort((a, b) => a[0] - b[0]) : rows;
        const buffer = new IntervalBuffer();
        const raw: number[] = [];
        for (const [second, length, jitter] of ordered) {
          const start = base + second * 1000 + (jitter === 0 ? 1 : 0);
          const end = start + length * 1000;
          buffer.push(start, end);
          raw.push(start, end);
        }
        expect(Array.from(buffer.union())).toEqual(Array.from(normalize(raw)));
      }),
      { numRuns: 300 },
    );
  });
});
