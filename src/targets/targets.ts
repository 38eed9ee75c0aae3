/**
 * The playbook's default targets, the unit of each metric, and the pass/fail
 * comparison. "Under" is strictly less, "over" strictly greater, "N+" at least
 * N, and a band includes both ends.
 */
import type { MetricId, MetricStatus, MetricUnit, Target } from '../engine/types.js';

export const DEFAULT_TARGETS: Record<MetricId, Target> = {
  aht: { op: '<', value: 300 },
  fcr: { op: '>', value: 0.8 },
  calls_per_hour: { op: 'between', min: 8, max: 12 },
  hold_time: { op: '<', value: 30 },
  after_call_work: { op: '<', value: 120 },
  csat: { op: '>=', value: 4.5 },
  complaint_rate: { op: '<', value: 0.02 },
  escalation_rate: { op: '<', value: 0.1 },
  callback_rate: { op: '<', value: 0.15 },
  shift_adherence: { op: '>=', value: 0.95 },
  bookings_per_shift: { op: '>=', value: 5 },
  leads_won_per_week: { op: '>=', value: 2 },
  same_day_resolution: { op: '>=', value: 0.9 },
};

export const METRIC_UNITS: Record<MetricId, MetricUnit> = {
  aht: 'seconds',
  fcr: 'ratio',
  calls_per_hour: 'calls per hour',
  hold_time: 'seconds',
  after_call_work: 'seconds',
  csat: 'score 1–5',
  complaint_rate: 'ratio',
  escalation_rate: 'ratio',
  callback_rate: 'ratio',
  shift_adherence: 'ratio',
  bookings_per_shift: 'bookings per shift',
  leads_won_per_week: 'leads per week',
  same_day_resolution: 'ratio',
};

/**
 * Compares an unrounded metric value with its target. A null or non-finite
 * value has no data, so it neither passes nor fails.
 */
export function evaluate(value: number | null, target: Target): MetricStatus {
  if (value === null || !Number.isFinite(value)) return 'no_data';

  let met: boolean;
  switch (target.op) {
    case '<':
      met = value < target.value;
      break;
    case '<=':
      met = value <= target.value;
      break;
    case '>':
      met = value > target.value;
      break;
    case '>=':
      met = value >= target.value;
      break;
    case 'between':
      met = value >= target.min && value <= target.max;
      break;
  }
  return met ? 'pass' : 'fail';
}
