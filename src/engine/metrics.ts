/**
 * Turns an agent's tally into the thirteen metric ratios, and pools agents
 * into the team row.
 */
import type { SourceKind } from '../records.js';
import { evaluate, METRIC_UNITS } from '../targets/targets.js';
import type { Zone } from '../time/zone.js';
import { intersect, subtract, totalLength } from './intervals.js';
import type { IntervalList } from './intervals.js';
import type { AgentTally } from './tally.js';
import { METRIC_IDS } from './types.js';
import type { MetricId, MetricResult, MetricSet, Target } from './types.js';

const HOUR_MS = 60 * 60 * 1000;

/** A metric's parts before the status is judged. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** How many calls, surveys, tickets, shifts or leads the ratio rests on. */
  sampleSize: number;
  /**
   * For leads_won_per_week, the days behind the denominator (days ÷ 7). The
   * value is then numerator × 7 ÷ days, rounded once: dividing by a rounded
   * days ÷ 7 gave 3 leads in 30 days as 0.7000000000000001.
   */
  days?: number;
}

export type RatioSet = Record<MetricId, Ratio>;

/** The inputs of the ratios besides the tally. */
export interface MetricContext {
  zone: Zone;
  /** Days in the period, on the wall clock. */
  periodDays: number;
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

/** Computes an agent's thirteen ratios from its tally. */
export function agentRatios(tally: AgentTally, context: MetricContext): RatioSet {
  const useSchedule = context.sourcesPresent.has('schedule');

  const shifts = tally.shifts.union();
  const scheduledWork = subtract(shifts, tally.scheduledBreaks.union());
  const scheduledMs = totalLength(scheduledWork);
  const adherentMs = totalLength(intersect(tally.available.union(), scheduledWork));

  const loggedInMs = totalLength(tally.loggedIn.union());

  const workedHours = (useSchedule ? scheduledMs : loggedInMs) / HOUR_MS;
  const shiftCount = useSchedule ? tally.shiftsStarted : countDays(tally.active.union(), context.zone);
  const handled = tally.handled;

  return {
    aht: ratio(tally.handleSeconds, handled, handled),
    fcr: ratio(tally.firstContactResolved, tally.inboundHandled, tally.inboundHandled),
    calls_per_hour: ratio(handled, workedHours, handled),
    hold_time: ratio(tally.holdSeconds, tally.holdCalls, tally.holdCalls),
    after_call_work: ratio(tally.afterCallWorkSeconds, tally.afterCallWorkCalls, tally.afterCallWorkCalls),
    csat: ratio(tally.surveyScoreSum, tally.surveys, tally.surveys),
    complaint_rate: ratio(tally.complaints, handled, handled),
    escalation_rate: ratio(tally.escalated, handled, handled),
    callback_rate: ratio(tally.callbacks, handled, handled),
    shift_adherence: ratio(adherentMs / 1000, scheduledMs / 1000, tally.shiftsStarted),
    bookings_per_shift: ratio(tally.bookings, shiftCount, shiftCount),
    leads_won_per_week: { numerator: tally.leadsWon, denominator: context.periodDays / 7, sampleSize: tally.leadsWon, days: context.periodDays },
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
 * over the agents whose status for that metric is not no_data.
 *
 * A metric whose sources are missing is no_data for everyone. Its parts
 * still count what the data has: complaint_rate without a complaints file
 * is 0 over the handled calls. The team then pools every agent's parts, so
 * it shows the sums of the agent rows. Otherwise an agent's no_data parts
 * stay out, because handled calls with no worked hours would raise the
 * team's calls per hour.
 */
export function poolRatios(agents: readonly MetricSet[], available: Record<MetricId, boolean>, periodDays: number): RatioSet {
  const pooled = {} as RatioSet;
  for (const id of METRIC_IDS) {
    let numerator = 0;
    let denominator = 0;
    let sampleSize = 0;
    for (const metrics of agents) {
      const metric = metrics[id];
      if (metric.status === 'no_data' && available[id]) continue;
      numerator += metric.numerator;
      denominator += metric.denominator;
      sampleSize += metric.sampleSize;
    }
    pooled[id] = { numerator, denominator, sampleSize };
  }

  // Every agent's weeks are the period's days ÷ 7, so the team's are counted
  // in whole days rather than summed from rounded quotients.
  const leads = pooled.leads_won_per_week;
  const leadAgents = agents.filter((metrics) => metrics.leads_won_per_week.status !== 'no_data' || !available.leads_won_per_week).length;
  leads.days = leadAgents * periodDays;
  leads.denominator = leads.days / 7;
  return pooled;
}

function buildMetric(id: MetricId, parts: Ratio, target: Target, available: boolean): MetricResult {
  let value: number | null = null;
  if (available && parts.denominator > 0) value = parts.days === undefined ? parts.numerator / parts.denominator : (parts.numerator * 7) / parts.days;
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

function ratio(numerator: number, denominator: number, sampleSize: number): Ratio {
  return { numerator, denominator, sampleSize };
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
