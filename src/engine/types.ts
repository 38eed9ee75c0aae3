/**
 * The engine's inputs and its output, the KPI report every renderer consumes.
 */
import type { SourceKind } from '../records.js';

export const METRIC_IDS = [
  'aht',
  'fcr',
  'calls_per_hour',
  'hold_time',
  'after_call_work',
  'csat',
  'complaint_rate',
  'escalation_rate',
  'callback_rate',
  'shift_adherence',
  'bookings_per_shift',
  'leads_won_per_week',
  'same_day_resolution',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export type MetricUnit =
  | 'seconds'
  | 'ratio'
  | 'calls per hour'
  | 'score 1–5'
  | 'bookings per shift'
  | 'leads per week';

/** A target as the config writes it and the JSON output echoes it. */
export type Target =
  | { op: '<' | '<=' | '>' | '>='; value: number }
  | { op: 'between'; min: number; max: number };

export type MetricStatus = 'pass' | 'fail' | 'no_data';

/** One metric for one agent or the team: a ratio with its parts, unrounded. */
export interface MetricResult {
  /** numerator / denominator, or null with status no_data. */
  value: number | null;
  unit: MetricUnit;
  numerator: number;
  denominator: number;
  /**
   * How many items the value rests on: handled calls (inbound ones for fcr,
   * those with the column for hold and after-call work), surveys, judged
   * tickets, shifts, or won leads.
   */
  sampleSize: number;
  target: Target;
  status: MetricStatus;
}

export type MetricSet = Record<MetricId, MetricResult>;

/**
 * A calendar period in the team zone, half-open: it contains every instant t
 * with start <= t < end. Instants are epoch milliseconds.
 */
export interface PartialDay {
  wholeDays: number;
  elapsedMs: number;
  dayMs: number;
}

export interface Period {
  /** `2026-W44`, `2026-11`, `2026-Q4`, `2026-11-02` or `2026-11-02..2026-11-08`. */
  label: string;
  start: number;
  end: number;
  timezone: string;
  /**
   * Calendar days the period covers, measured on the wall clock so a week with
   * a DST change is still 7 days; a period cut short by as-of counts the
   * elapsed fraction of its last day.
   */
  days: number;
  /**
   * For a period cut short by as-of: its whole days before the last, and the
   * last day's elapsed and whole length in ms. `days` is then
   * (wholeDays × dayMs + elapsedMs) / dayMs, and a ratio over days can be
   * divided once, in ms.
   */
  partialDay?: PartialDay;
}

/** Opening hours for same-day ticket resolution, in the team zone. */
export interface BusinessHours {
  /** ISO weekday numbers, 1 = Monday ... 7 = Sunday. */
  days: number[];
  /** Minutes after local midnight. */
  open: number;
  close: number;
}

/** Everything the engine needs besides the records: the resolved report spec. */
export interface EngineSpec {
  period: Period;
  /** The instant treated as "now" (still-open tickets are judged against it). */
  asOf: number;
  timezone: string;
  businessHours: BusinessHours;
  /** Holiday dates as `YYYY-MM-DD` in the team zone. */
  holidays: string[];
  targets: Record<MetricId, Target>;
  /** Adds after-call work to handle time (the industry definition). */
  ahtIncludesAfterCallWork: boolean;
  /** Counts after-call work status as available time in shift adherence. */
  adherenceCountsAfterCallWork: boolean;
  /** Kinds that had at least one file in the data; a metric whose source is absent is no_data. */
  sourcesPresent: ReadonlySet<SourceKind>;
  /** Display names by agent key (from the roster, else the first spelling seen). */
  agentNames: ReadonlyMap<string, string>;
  /** When non-empty, only these agent keys get rows; the team row still pools everyone. */
  agentFilter: readonly string[];
}

/** The placement of a record in or outside the period, for the data ledger. */
export type Placement = 'used' | 'outside';

export interface AgentReport {
  agent: string;
  name: string;
  /** Handled and unhandled call legs in the period. */
  calls: { handled: number; unhandled: number };
  metrics: MetricSet;
}

/** The engine's output. The CLI adds the data ledger before rendering. */
export interface EngineReport {
  period: Period;
  asOf: number;
  agents: AgentReport[];
  team: { calls: { handled: number; unhandled: number }; metrics: MetricSet };
}
