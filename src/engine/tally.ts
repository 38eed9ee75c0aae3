/**
 * One agent's running totals while records stream in: plain counters for the
 * per-row metrics and interval buffers, already clipped to the period, for
 * the time-based ones. A tally exists only for an agent with a row used in
 * the period, so every tally is a listed agent.
 */
import { normalize, type IntervalList } from './intervals.js';

/**
 * Collects raw intervals as the IntervalBuffer of intervals.ts does, but
 * merges early: a row that touches the last interval extends it, and a full
 * buffer is replaced by its union and grows only when that union still fills
 * more than half of it. An agent's contiguous status rows thus shrink to a
 * few intervals a day. union() returns the same list as without the merging,
 * because merging earlier does not change the union.
 *
 * Endpoints are stored as whole seconds from the first start in an
 * Int32Array, 8 bytes an interval, while every endpoint is a whole second
 * that decodes back to the same instant; the first that is not switches the
 * buffer to plain Float64 milliseconds.
 */
export class IntervalBuffer {
  private data: Int32Array | Float64Array = new Int32Array(64);
  private size = 0;
  /** True while `data` contains whole seconds from `base`. */
  private whole = true;
  /** The first start pushed, in ms; NaN before it. */
  private base = Number.NaN;
  /**
   * True while every interval started at or after the one before. With the
   * merge in push(), the buffer is then already normalized, so neither
   * compact() nor union() needs to sort.
   */
  private sorted = true;

  /** Appends [start, end); an empty or reversed interval is ignored. */
  push(startMs: number, endMs: number): void {
    if (!(endMs > startMs)) return;

    let start = startMs;
    let end = endMs;
    if (this.whole) {
      if (Number.isNaN(this.base)) this.base = startMs;
      start = this.encode(startMs);
      end = this.encode(endMs);
      if (Number.isNaN(start) || Number.isNaN(end)) {
        this.toMilliseconds();
        start = startMs;
        end = endMs;
      }
    }

    // Status rows usually follow one another, so a row that starts inside or
    // at the end of the last interval extends it, which leaves the union as
    // is. Encoding keeps the order of instants, so comparing codes is exact.
    const data = this.data;
    const last = this.size - 2;
    if (last >= 0) {
      const lastStart = data[last] as number;
      if (start >= lastStart && start <= (data[last + 1] as number)) {
        if (end > (data[last + 1] as number)) data[last + 1] = end;
        return;
      }
      if (start < lastStart) this.sorted = false;
    }

    if (this.size + 2 > this.data.length) this.compact();
    this.data[this.size] = start;
    this.data[this.size + 1] = end;
    this.size += 2;
  }

  /** Returns true when nothing has been pushed. */
  isEmpty(): boolean {
    return this.size === 0 && Number.isNaN(this.base);
  }

  /** Returns the union of everything pushed, as a normalized list. */
  union(): IntervalList {
    const pairs = this.decoded();
    return this.sorted ? pairs : normalize(pairs);
  }

  /** Returns whole seconds from `base` for an instant, or NaN when they would not decode to it exactly or fit 32 bits. */
  private encode(instant: number): number {
    const seconds = (instant - this.base) / 1000;
    if (!Number.isInteger(seconds) || seconds < -2147483648 || seconds > 2147483647) return Number.NaN;
    return this.base + seconds * 1000 === instant ? seconds : Number.NaN;
  }

  /** Returns the stored pairs as instants in ms, in a new array. */
  private decoded(): Float64Array {
    const pairs = new Float64Array(this.size);
    if (!this.whole) {
      pairs.set(this.data.subarray(0, this.size));
      return pairs;
    }
    for (let i = 0; i < this.size; i++) pairs[i] = this.base + (this.data[i] as number) * 1000;
    return pairs;
  }

  private toMilliseconds(): void {
    const data = new Float64Array(this.data.length);
    data.set(this.decoded());
    this.data = data;
    this.whole = false;
  }

  private compact(): void {
    // normalize() returns endpoints it was given, so in whole-second mode they encode back exactly.
    const merged = this.sorted ? null : normalize(this.decoded());
    const mergedLength = merged === null ? this.size : merged.length;

    // Growing by half rather than doubling keeps the spare capacity of the
    // largest buffers (one interval per available stretch) at a third at most.
    const capacity = mergedLength * 2 > this.data.length ? Math.ceil(this.data.length * 0.75) * 2 : this.data.length;
    let data = this.data;
    if (capacity !== this.data.length) {
      data = this.whole ? new Int32Array(capacity) : new Float64Array(capacity);
      if (merged === null) data.set(this.data.subarray(0, this.size));
    }
    if (merged !== null) {
      for (let i = 0; i < merged.length; i++) data[i] = this.whole ? this.encode(merged[i] as number) : (merged[i] as number);
    }
    this.data = data;
    this.size = mergedLength;
    this.sorted = true;
  }
}

/**
 * Names of the AgentTally counters that absorb() adds up.
 * NOTE: a counter missing from this list is silently left out of toData() and absorb().
 */
const COUNTERS = [
  'handled',
  'unhandled',
  'handleSeconds',
  'holdSeconds',
  'holdCalls',
  'afterCallWorkSeconds',
  'afterCallWorkCalls',
  'inboundHandled',
  'firstContactResolved',
  'escalated',
  'callbacks',
  'complaints',
  'surveyScoreSum',
  'surveys',
  'bookings',
  'leadsWon',
  'shiftsStarted',
  'ticketsJudged',
  'ticketsResolvedSameDay',
] as const;

/** Names of the AgentTally interval buffers. */
const BUFFERS = ['available', 'loggedIn', 'active', 'shifts', 'scheduledBreaks'] as const;

/** Tally as plain data that a worker thread can post (see AgentTally.toData). */
export interface TallyData {
  counters: number[];
  /** The buffers measured by intervalFigures(), which stand in for the buffers themselves. */
  figures: IntervalFigures;
}

/** The measures of an agent's interval buffers that the metrics use (see intervalFigures in metrics.ts). */
export interface IntervalFigures {
  /** Shift time less scheduled breaks, ms. */
  scheduledMs: number;
  /** Available time within that, ms. */
  adherentMs: number;
  loggedInMs: number;
  /** Local days with active status time, or 0 when a schedule gives the shifts. */
  activeDays: number;
}

export class AgentTally {
  handled = 0;
  unhandled = 0;
  /** Σ talk + hold (+ after-call work when handle time includes it) over handled calls, seconds. */
  handleSeconds = 0;
  holdSeconds = 0;
  /** Handled calls whose export has a hold column. */
  holdCalls = 0;
  afterCallWorkSeconds = 0;
  /** Handled calls whose export has an after-call work column. */
  afterCallWorkCalls = 0;
  inboundHandled = 0;
  /** Handled inbound calls resolved on first contact: outcome resolved, not escalated, no callback. */
  firstContactResolved = 0;
  escalated = 0;
  callbacks = 0;

  complaints = 0;
  surveyScoreSum = 0;
  surveys = 0;
  bookings = 0;
  /** Won leads that count: source outbound, or no source column. */
  leadsWon = 0;
  /** Shift rows whose start lies in the period. */
  shiftsStarted = 0;

  /** Tickets created in the period, less those still open whose business day has not ended at as-of. */
  ticketsJudged = 0;
  ticketsResolvedSameDay = 0;

  /** Status time that counts as available for shift adherence. */
  readonly available = new IntervalBuffer();
  /** Logged-in time: any status but offline and break. */
  readonly loggedIn = new IntervalBuffer();
  /** Time in any status but offline, breaks included: marks the days an agent worked. */
  readonly active = new IntervalBuffer();
  readonly shifts = new IntervalBuffer();
  readonly scheduledBreaks = new IntervalBuffer();

  /**
   * The intervals measured, when another thread measured them and this tally
   * had none of its own (see absorb). The metrics then skip measuring them again.
   */
  figures: IntervalFigures | null = null;

  /** Returns the tally as data to post, with `figures`, the caller's measures of its buffers, in place of the buffers. */
  toData(figures: IntervalFigures): TallyData {
    return { counters: COUNTERS.map((name) => this[name]), figures };
  }

  /**
   * Adds another tally of the same agent, made from other records. Counters
   * add up, so the result equals the tally of all the records, whatever order
   * they came in. Figures of two sets of intervals do not add up, so the
   * other tally's figures can join only a tally with no intervals. That
   * always holds, because the read worker reads every kind that has intervals.
   */
  absorb(data: TallyData): void {
    COUNTERS.forEach((name, i) => {
      this[name] += data.counters[i]!;
    });
    if (this.figures !== null || BUFFERS.some((name) => !this[name].isEmpty())) {
      throw new Error('an agent has status or schedule intervals on two threads; read every status and schedule file on one thread');
    }
    this.figures = data.figures;
  }
}
