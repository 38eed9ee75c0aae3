/**
 * Text pieces the table and Markdown renderers share: the period heading,
 * the small-sample rule, metric cells and the one-line data summary.
 */
import type { MetricId, MetricResult, MetricSet } from '../engine/types.js';
import type { KpiReport, SourceLedger } from '../report.js';
import { SOURCE_KINDS } from '../records.js';
import type { Zone } from '../time/zone.js';
import { escapeControl, formatCount, formatValue } from './format.js';

/** Minimum sample sizes below which a value is marked as resting on too little data. */
export interface MinSample {
  /** Calls in the denominator of a calls-based metric. */
  calls: number;
  /** Surveys behind a CSAT score. */
  surveys: number;
  /** Tickets behind a same-day resolution rate. */
  tickets: number;
}

export const DEFAULT_MIN_SAMPLE: MinSample = { calls: 10, surveys: 5, tickets: 5 };

/** The mark after a value computed from fewer than the minimum sample. */
export const SMALL_SAMPLE_MARK = '*';

/**
 * The sample each metric's denominator counts. Calls per hour, adherence,
 * bookings per shift and leads per week divide by time or shifts, so no
 * minimum applies to them.
 */
const SAMPLE_KIND: Partial<Record<MetricId, keyof MinSample>> = {
  aht: 'calls',
  fcr: 'calls',
  hold_time: 'calls',
  after_call_work: 'calls',
  complaint_rate: 'calls',
  escalation_rate: 'calls',
  callback_rate: 'calls',
  csat: 'surveys',
  same_day_resolution: 'tickets',
};

/** Tells whether a metric with data rests on fewer than the minimum calls, surveys or tickets. */
export function isSmallSample(id: MetricId, result: MetricResult, minSample: MinSample): boolean {
  const kind = SAMPLE_KIND[id];
  if (kind === undefined || result.status === 'no_data') return false;
  return result.denominator < minSample[kind];
}

/** Returns the footnote that explains the small-sample mark. */
export function smallSampleNote(minSample: MinSample): string {
  return (
    `${SMALL_SAMPLE_MARK} from fewer than ${formatCount(minSample.calls)} calls, ` +
    `${formatCount(minSample.surveys)} surveys or ${formatCount(minSample.tickets)} tickets: read with care`
  );
}

/** One metric as text: the value, the small-sample mark when due, and the status. */
export interface MetricCell {
  /** The value with its small-sample mark, or `—` for no data. */
  value: string;
  status: MetricResult['status'];
  small: boolean;
}

export function metricCell(id: MetricId, result: MetricResult, minSample: MinSample): MetricCell {
  const small = isSmallSample(id, result, minSample);
  const value = formatValue(result.value, result.unit) + (small ? SMALL_SAMPLE_MARK : '');
  return { value, status: result.status, small };
}

/** One row of a report table: the team or an agent, with a display label safe for a terminal. */
export interface ReportRow {
  label: string;
  metrics: MetricSet;
  isTeam: boolean;
}

/** Lists the agents in report order, then the team, with control characters escaped in names. */
export function reportRows(report: KpiReport, teamLabel: string): ReportRow[] {
  const rows: ReportRow[] = report.agents.map((agent) => ({
    label: escapeControl(agent.name),
    metrics: agent.metrics,
    isTeam: false,
  }));
  rows.push({ label: teamLabel, metrics: report.team.metrics, isTeam: true });
  return rows;
}

/** The parts of a report heading, each already safe for a terminal. */
export interface PeriodHeading {
  /** `KPI report 2026-W44` */
  title: string;
  /** `2026-10-26 to 2026-11-01`, or one date for a one-day period. */
  days: string;
  timezone: string;
  /** `as of 2026-11-02 08:00 -05:00` */
  asOf: string;
}

/**
 * Builds the heading parts of a report. The last day shown is the one before
 * the period's end instant, because that end is exclusive.
 */
export function periodHeading(report: KpiReport, zone: Zone): PeriodHeading {
  const { period } = report;
  const firstDay = formatLocalDate(zone, period.start);
  const lastDay = formatLocalDate(zone, period.end - 1);
  return {
    title: `KPI report ${escapeControl(period.label)}`,
    days: firstDay === lastDay ? firstDay : `${firstDay} to ${lastDay}`,
    timezone: escapeControl(period.timezone),
    asOf: `as of ${formatLocalDateTime(zone, report.asOf)}`,
  };
}

function formatLocalDate(zone: Zone, instant: number): string {
  return zone.formatIso(instant).slice(0, 10);
}

/** Formats an instant as `2026-11-02 08:00 -05:00`, with seconds only when they are not zero. */
export function formatLocalDateTime(zone: Zone, instant: number): string {
  const iso = zone.formatIso(instant);
  const date = iso.slice(0, 10);
  const seconds = iso.slice(17, 19);
  const time = seconds === '00' ? iso.slice(11, 16) : iso.slice(11, 19);
  return `${date} ${time} ${iso.slice(19)}`;
}

/**
 * Sums the data ledger into one summary segment per source kind, in the
 * canonical kind order, adding up the files of one kind:
 * `calls 1,204 used · 3 rejected · 1 duplicate · 12 outside period`.
 * Used and rejected always show; duplicates and rows outside the period only
 * when there are any.
 */
export function dataSummarySegments(sources: readonly SourceLedger[]): string[] {
  const segments: string[] = [];
  for (const kind of SOURCE_KINDS) {
    const ledgers = sources.filter((source) => source.kind === kind);
    if (ledgers.length === 0) continue;

    let used = 0;
    let rejected = 0;
    let duplicate = 0;
    let outside = 0;
    let skipped = 0;
    for (const ledger of ledgers) {
      used += ledger.rowsUsed;
      rejected += ledger.rowsRejected;
      duplicate += ledger.rowsDuplicate;
      outside += ledger.rowsOutsidePeriod;
      skipped += ledger.rowsSkipped;
    }

    const parts = [`${kind} ${formatCount(used)} used`, `${formatCount(rejected)} rejected`];
    if (duplicate > 0) parts.push(`${formatCount(duplicate)} duplicate`);
    if (outside > 0) parts.push(`${formatCount(outside)} outside period`);
    if (skipped > 0) parts.push(`${formatCount(skipped)} skipped by the mapping`);
    segments.push(parts.join(' · '));
  }
  return segments;
}
