/**
 * One agent's running totals while records stream in: plain counters for the
 * per-row metrics and interval buffers, already clipped to the period, for
 * the time-based ones. A tally exists only for an agent with a row used in
 * the period, so every tally is a listed agent.
 */
import { normalize, type IntervalList } from './intervals.js';

/**
 * Collects raw intervals like IntervalBuffer, but when full it first merges
 * what it holds into their union and grows only when that union still fills
 * more than half of it. An agent's status rows mostly touch one another, so
 * a year of them shrinks to a few intervals a day and memory stays bounded by
 * agents and days, not rows. union() returns the same list as without the
 * merging, because merging earlier does not change the union.
 */
export class IntervalBuffer {
  private data = new Float64Array(64);
  private size = 0;
  /**
   * True while every interval started at or after the one before. With the
   * merge in push(), the buffer is then already normalized, so neither
   * compact() nor union() needs to sort.
   */
  private sorted = true;

  /** Appends [start, end); an empty or reversed interval is ignored. */
  push(start: number, end: number): void {
    if (!(end > start)) return;

    // Status rows usually follow one another, so a row that starts inside or
    // at the end of the last interval extends it, which leaves the union as is.
    const last = this.size - 2;
    if (last >= 0) {
      const lastStart = this.data[last] as number;
      if (start >= lastStart && start <= (this.data[last + 1] as number)) {
        if (end > (this.data[last + 1] as number)) this.data[last + 1] = end;
        return;
      }
      if (start < lastStart) this.sorted = false;
    }

    if (this.size + 2 > this.data.length) this.compact();
    this.data[this.size] = start;
    this.data[this.size + 1] = end;
    this.size += 2;
  }

  /** Returns the union of everything pushed, as a normalized list. */
  union(): IntervalList {
    return this.sorted ? this.data.slice(0, this.size) : normalize(this.data.subarray(0, this.size));
  }

  private compact(): void {
    const merged = this.sorted ? this.data.subarray(0, this.size) : normalize(this.data.subarray(0, this.size));
    const capacity = merged.length * 2 > this.data.length ? this.data.length * 2 : this.data.length;
    const data = capacity === this.data.length ? this.data : new Float64Array(capacity);
    if (data !== this.data || !this.sorted) data.set(merged);
    this.data = data;
    this.size = merged.length;
    this.sorted = true;
  }
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
}
