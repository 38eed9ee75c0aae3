/**
 * Set operations on interval lists of half-open [start, end) instants.
 *
 * A list is a flat Float64Array of pairs [s0, e0, s1, e1, ...]. The operations
 * take and return *normalized* lists: sorted by start, every interval non-empty,
 * and no two intervals overlapping or touching. `normalize` (or an
 * IntervalBuffer's `union`) makes one from raw rows.
 */

export type IntervalList = Float64Array;

const EMPTY: IntervalList = new Float64Array(0);

/**
 * Collects raw intervals in any order, stored as pairs in a Float64Array that
 * doubles when full: 16 bytes a row plus the spare capacity.
 */
export class IntervalBuffer {
  private data = new Float64Array(16);
  private size = 0;

  /** The number of intervals pushed so far. */
  get count(): number {
    return this.size / 2;
  }

  /** Appends [start, end); an empty or reversed interval is ignored. */
  push(start: number, end: number): void {
    if (!(end > start)) return;
    if (this.size + 2 > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size] = start;
    this.data[this.size + 1] = end;
    this.size += 2;
  }

  /** Returns the union of everything pushed, as a normalized list. */
  union(): IntervalList {
    return normalize(this.data.subarray(0, this.size));
  }
}

/** Sorts raw pairs by start and merges overlapping or touching ones into a normalized list. */
export function normalize(pairs: ArrayLike<number>): IntervalList {
  const n = Math.floor(pairs.length / 2);
  if (n === 0) return EMPTY;

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (pairs[2 * a] as number) - (pairs[2 * b] as number));

  const out: number[] = [];
  let runStart = NaN;
  let runEnd = NaN;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const s = pairs[2 * i] as number;
    const e = pairs[2 * i + 1] as number;
    if (!(e > s)) continue;

    if (Number.isNaN(runStart)) {
      runStart = s;
      runEnd = e;
    } else if (s <= runEnd) {
      if (e > runEnd) runEnd = e;
    } else {
      out.push(runStart, runEnd);
      runStart = s;
      runEnd = e;
    }
  }
  if (!Number.isNaN(runStart)) out.push(runStart, runEnd);
  return Float64Array.from(out);
}

/** Returns a ∪ b for two normalized lists. */
export function union(a: IntervalList, b: IntervalList): IntervalList {
  const both = new Float64Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return normalize(both);
}

/** Returns a ∩ b for two normalized lists. */
export function intersect(a: IntervalList, b: IntervalList): IntervalList {
  const out: number[] = [];
  walkOverlaps(a, b, out);
  return Float64Array.from(out);
}

/**
 * Returns totalLength(intersect(a, b)) for two normalized lists without
 * building the intersection: adherence needs only its length, and an agent's
 * available time over a year is thousands of intervals.
 */
export function overlapLength(a: IntervalList, b: IntervalList): number {
  return walkOverlaps(a, b, null);
}

/**
 * Walks the overlaps of two normalized lists in order, appends each to `out`
 * unless it is null, and returns their summed length, added in the same
 * order as totalLength() adds them.
 */
function walkOverlaps(a: IntervalList, b: IntervalList, out: number[] | null): number {
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const aStart = a[i] as number;
    const aEnd = a[i + 1] as number;
    const bStart = b[j] as number;
    const bEnd = b[j + 1] as number;

    const start = aStart > bStart ? aStart : bStart;
    const end = aEnd < bEnd ? aEnd : bEnd;
    if (end > start) {
      total += end - start;
      out?.push(start, end);
    }

    // Advance whichever interval finishes first, because the other may still overlap the next one.
    if (aEnd < bEnd) i += 2;
    else j += 2;
  }
  return total;
}

/** Returns a − b (the parts of a not covered by b) for two normalized lists. */
export function subtract(a: IntervalList, b: IntervalList): IntervalList {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let start = a[i] as number;
    const end = a[i + 1] as number;

    // Intervals of b that end before this one starts cannot cut any later interval of a either.
    while (j < b.length && (b[j + 1] as number) <= start) j += 2;

    let k = j;
    while (k < b.length && (b[k] as number) < end) {
      const cutStart = b[k] as number;
      const cutEnd = b[k + 1] as number;
      if (cutStart > start) out.push(start, cutStart);
      if (cutEnd > start) start = cutEnd;
      if (start >= end) break;
      k += 2;
    }
    if (end > start) out.push(start, end);
  }
  return Float64Array.from(out);
}

/** Returns a list's intervals cut to [from, to). */
export function clip(a: IntervalList, from: number, to: number): IntervalList {
  return intersect(a, Float64Array.of(from, to));
}

/** Returns the summed length of a normalized list, in the unit of its instants. */
export function totalLength(a: IntervalList): number {
  let total = 0;
  for (let i = 0; i < a.length; i += 2) total += (a[i + 1] as number) - (a[i] as number);
  return total;
}
