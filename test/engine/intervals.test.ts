import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clip, intersect, IntervalBuffer, normalize, overlapLength, subtract, totalLength, union } from '../../src/engine/intervals.js';

const list = (...pairs: number[]) => Float64Array.from(pairs);

describe('normalize', () => {
  it('sorts and merges overlapping intervals', () => {
    expect([...normalize([5, 8, 0, 3, 2, 4])]).toEqual([0, 4, 5, 8]);
  });

  it('merges touching intervals', () => {
    expect([...normalize([0, 2, 2, 5])]).toEqual([0, 5]);
  });

  it('drops empty and reversed intervals', () => {
    expect([...normalize([3, 3, 6, 4, 1, 2])]).toEqual([1, 2]);
  });

  it('keeps an interval nested in another once', () => {
    expect([...normalize([0, 10, 2, 3])]).toEqual([0, 10]);
  });
});

describe('IntervalBuffer', () => {
  it('grows past its first capacity', () => {
    const buffer = new IntervalBuffer();
    for (let i = 0; i < 100; i++) buffer.push(i * 10, i * 10 + 5);
    // 100 intervals of length 5 = 500
    expect(totalLength(buffer.union())).toBe(500);
  });

  it('ignores a zero-length push', () => {
    const buffer = new IntervalBuffer();
    buffer.push(4, 4);
    expect(buffer.count).toBe(0);
  });
});

describe('set operations', () => {
  it('unites two lists', () => {
    expect([...union(list(0, 2, 6, 8), list(1, 3, 9, 10))]).toEqual([0, 3, 6, 8, 9, 10]);
  });

  it('intersects two lists', () => {
    expect([...intersect(list(0, 5, 6, 10), list(3, 7, 9, 12))]).toEqual([3, 5, 6, 7, 9, 10]);
  });

  it('intersects with an empty list to nothing', () => {
    expect([...intersect(list(0, 5), list())]).toEqual([]);
  });

  it('subtracts breaks inside a shift', () => {
    expect([...subtract(list(0, 10), list(2, 3, 5, 6))]).toEqual([0, 2, 3, 5, 6, 10]);
  });

  it('subtracts a cover to nothing', () => {
    expect([...subtract(list(2, 4, 6, 8), list(0, 10))]).toEqual([]);
  });

  it('subtracts one cut across two intervals', () => {
    expect([...subtract(list(0, 4, 6, 10), list(3, 7))]).toEqual([0, 3, 7, 10]);
  });

  it('clips to a window', () => {
    expect([...clip(list(0, 4, 6, 10), 2, 8)]).toEqual([2, 4, 6, 8]);
  });

  it('sums lengths', () => {
    // (4 - 0) + (10 - 6) = 8
    expect(totalLength(list(0, 4, 6, 10))).toBe(8);
  });
});

describe('set operations against a unit grid', () => {
  // Intervals on integers 0..40: each operation must cover exactly the unit cells that the
  // same operation on sets of cells covers.
  const rawList = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), { maxLength: 8 });

  function cells(pairs: ArrayLike<number>): Set<number> {
    const covered = new Set<number>();
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      for (let x = pairs[i] as number; x < (pairs[i + 1] as number); x++) covered.add(x);
    }
    return covered;
  }

  const flat = (raw: [number, number][]) => normalize(raw.flat());

  it('normalizes to the same cells', () => {
    fc.assert(
      fc.property(rawList, (raw) => {
        expect([...cells(flat(raw))].sort()).toEqual([...cells(raw.flat())].sort());
      }),
    );
  });

  it('intersects cell by cell', () => {
    fc.assert(
      fc.property(rawList, rawList, (a, b) => {
        const inB = cells(flat(b));
        const expected = [...cells(flat(a))].filter((x) => inB.has(x)).sort();
        expect([...cells(intersect(flat(a), flat(b)))].sort()).toEqual(expected);
      }),
    );
  });

  it('measures the overlap as the cells both lists cover', () => {
    fc.assert(
      fc.property(rawList, rawList, (a, b) => {
        const inB = cells(flat(b));
        const common = [...cells(flat(a))].filter((x) => inB.has(x)).length;
        expect(overlapLength(flat(a), flat(b))).toBe(common);
        expect(overlapLength(flat(a), flat(b))).toBe(totalLength(intersect(flat(a), flat(b))));
      }),
    );
  });

  it('subtracts cell by cell', () => {
    fc.assert(
      fc.property(rawList, rawList, (a, b) => {
        const inB = cells(flat(b));
        const expected = [...cells(flat(a))].filter((x) => !inB.has(x)).sort();
        expect([...cells(subtract(flat(a), flat(b)))].sort()).toEqual(expected);
      }),
    );
  });

  it('measures the cells covered', () => {
    fc.assert(
      fc.property(rawList, rawList, (a, b) => {
        expect(totalLength(union(flat(a), flat(b)))).toBe(cells([...a.flat(), ...b.flat()]).size);
      }),
    );
  });
});
