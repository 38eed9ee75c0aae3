/**
 * Turns an agent's tally into the thirteen metric ratios, and pools agents
 * into the team row.
 */
import type { SourceKind } from '../records.js';
import { evaluate, METRIC_UNITS } from '../targets/targets.js';
import type { Zone } from '../time/zone.js';
import { overlapLength, subtract, totalLength } from './intervals.js';
import type { IntervalList } from './intervals.js';
import type { AgentTally, IntervalFigures } from './tally.js';
import { METRIC_IDS } from './types.js';
import type { MetricId, MetricResult, MetricSet, PartialDay, Target } from './types.js';

const HOUR_MS = 60 * 60 * 1000;

/** A metric's parts before the status is judged. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** How many calls, surveys, tickets, shifts or leads the ratio rests on. */
  sampleSize: number;
  /**
   * numerator × scale and denominator × scale, in units that need no
   * rounding: milliseconds for hours and seconds, and leads × 7 over days
   * for weeks. The value is dividend / divisor, rounded once. Dividing by
   * rounded weeks would show 3 leads in 30 days as 0.7000000000000001.
   */
  dividend: number;
  divisor: number;
  scale: number;
}

export type RatioSet = Record<MetricId, Ratio>;

/** The inputs of the ratios besides the tally. */
export interface MetricContext {
  zone: Zone;
  /** Days in the period, on the wall clock. */
  periodDays: number;
  /** The period's days in parts when as-of cuts it short (Period.partialDay). */
  partialDay?: PartialDay | undefined;
  sourcesPresent: ReadonlySet<SourceKind>;
}

/**
 * Returns, per metric, whether the data has the sources it needs. A metric
 * without them is no_data for every agent and the team.
 */
export function sourcesAvailable(sources: ReadonlySet<SourceKind>): Record<MetricId, boolean> {
  const calls = sources.has('calls');
  const schedule = sources.has('schedule');
  const status = sources.has('agent_status');
  // calls_per_hour and bookings_per_shift fall back to the status log only when there is no schedule at all.
  const shiftTime = schedule || status;

  return {
    aht: calls,
    fcr: calls,
    calls_per_hour: calls && shiftTime,
    hold_time: calls,
    after_call_work: calls,
    csat: sources.has('surveys'),
    complaint_rate: calls && sources.has('complaints'),
    escalation_rate: calls,
    callback_rate: calls,
    shift_adherence: schedule && status,
    bookings_per_shift: sources.has('bookings') && shiftTime,
    leads_won_per_week: sources.has('leads'),
    same_day_resolution: sources.has('tickets'),
  };
}

/**
 * Measures an agent's status and schedule intervals: the figures the ratios
 * take from them. Without a schedule the days worked come from the status
 * log, else they are not needed and are 0.
 */
export function intervalFigures(tally: AgentTally, context: MetricContext): IntervalFigures {
  const shifts = tally.shifts.union();
  const scheduledWork = subtract(shifts, tally.scheduledBreaks.union());
  return {
    scheduledMs: totalLength(scheduledWork),
    adherentMs: overlapLength(tally.available.union(), scheduledWork),
    loggedInMs: totalLength(tally.loggedIn.union()),
    activeDays: context.sourcesPresent.has('schedule') ? 0 : countDays(tally.active.union(), context.zone),
  };
}

/** Computes an agent's thirteen ratios from its tally. */
export function agentRatios(tally: AgentTally, context: MetricContext): RatioSet {
  const useSchedule = context.sourcesPresent.has('schedule');

  // A worker thread measures the intervals of the tallies it read (AgentTally.figures).
  const { scheduledMs, adherentMs, loggedInMs, activeDays } = tally.figures ?? intervalFigures(tally, context);

  const workedMs = useSchedule ? scheduledMs : loggedInMs;
  const shiftCount = useSchedule ? tally.shiftsStarted : activeDays;
  const handled = tally.handled;

  return {
    aht: ratio(tally.handleSeconds, handled, handled),
    fcr: ratio(tally.firstContactResolved, tally.inboundHandled, tally.inboundHandled),
    calls_per_hour: scaled(handled * HOUR_MS, workedMs, HOUR_MS, handled),
    hold_time: ratio(tally.holdSeconds, tally.holdCalls, tally.holdCalls),
    after_call_work: ratio(tally.afterCallWorkSeconds, tally.afterCallWorkCalls, tally.afterCallWorkCalls),
    csat: ratio(tally.surveyScoreSum, tally.surveys, tally.surveys),
    complaint_rate: ratio(tally.complaints, handled, handled),
    escalation_rate: ratio(tally.escalated, handled, handled),
    callback_rate: ratio(tally.callbacks, handled, handled),
    shift_adherence: scaled(adherentMs, scheduledMs, 1000, tally.shiftsStarted),
    bookings_per_shift: ratio(tally.bookings, shiftCount, shiftCount),
    leads_won_per_week: leadsPerWeek(tally.leadsWon, context),
    same_day_resolution: ratio(tally.ticketsResolvedSameDay, tally.ticketsJudged, tally.ticketsJudged),
  };
}

/** Judges every ratio against its target; a metric without its sources or with a zero denominator is no_data. */
export function buildMetricSet(
  ratios: RatioSet,
  targets: Record<MetricId, Target>,
  available: Record<MetricId, boolean>,
): MetricSet {
  const set = {} as MetricSet;
  for (const id of METRIC_IDS) {
    set[id] = buildMetric(id, ratios[id], targets[id], available[id]);
  }
  return set;
}

/**
 * Pools agents' metrics into the team's ratios: Σ numerators / Σ denominators
 * over the agents whose status for that metric is not no_data. By the metric
 * definitions an agent with no_data adds nothing. So a metric whose source
 * file is absent shows 0 / 0 for the team, while each agent row shows what
 * it could count (complaint_rate: 0 over its handled calls).
 */
export function poolRatios(agents: readonly { ratios: RatioSet; metrics: MetricSet }[]): RatioSet {
  const pooled = {} as RatioSet;
  for (const id of METRIC_IDS) {
    let dividend = 0;
    let divisor = 0;
    let sampleSize = 0;
    for (const { ratios, metrics } of agents) {
      if (metrics[id].status === 'no_data') continue;
      dividend += ratios[id].dividend;
      divisor += ratios[id].divisor;
      sampleSize += ratios[id].sampleSize;
    }
    // Every agent's ratio of a metric has the same scale.
    pooled[id] = scaled(dividend, divisor, agents[0]?.ratios[id].scale ?? 1, sampleSize);
  }
  return pooled;
}

function buildMetric(id: MetricId, parts: Ratio, target: Target, available: boolean): MetricResult {
  const value = available && parts.divisor > 0 ? parts.dividend / parts.divisor : null;
  return {
    value,
    unit: METRIC_UNITS[id],
    numerator: parts.numerator,
    denominator: parts.denominator,
    sampleSize: parts.sampleSize,
    target,
    status: evaluate(value, target),
  };
}

/**
 * Returns leads won over the period's weeks, counted in days, or in ms of
 * the last day when as-of cuts the period short. A partial week of
 * 2.29583... days is itself a rounded quotient, so dividing by it would
 * round twice.
 */
function leadsPerWeek(leadsWon: number, context: MetricContext): Ratio {
  const part = context.partialDay;
  if (part === undefined) return scaled(leadsWon * 7, context.periodDays, 7, leadsWon);

  return scaled(leadsWon * 7 * part.dayMs, part.wholeDays * part.dayMs + part.elapsedMs, 7 * part.dayMs, leadsWon);
}

/** Returns a ratio of two counts or sums, shown as they are. */
function ratio(numerator: number, denominator: number, sampleSize: number): Ratio {
  return scaled(numerator, denominator, 1, sampleSize);
}

/** Returns a ratio counted in exact units and shown in larger ones: numerator = dividend / scale, denominator = divisor / scale. */
function scaled(dividend: number, divisor: number, scale: number, sampleSize: number): Ratio {
  return { numerator: dividend / scale, denominator: divisor / scale, sampleSize, dividend, divisor, scale };
}

/** Counts the team-zone calendar days that a normalized interval list touches for a positive length. */
function countDays(intervals: IntervalList, zone: Zone): number {
  let days = 0;
  let lastCounted = -Infinity;
  for (let i = 0; i < intervals.length; i += 2) {
    const first = zone.dayNumber(intervals[i] as number);
    // The end is exclusive, so the last day touched is the one holding the instant just before it.
    const last = zone.dayNumber((intervals[i + 1] as number) - 1);
    const from = first > lastCounted ? first : lastCounted + 1;
    if (last >= from) {
      days += last - from + 1;
      lastCounted = last;
    }
  }
  return days;
}
