/**
 * A small KpiReport built by hand for the renderer tests: two agents and the
 * team over ISO week 2026-W44 in America/New_York, which ends a DST period
 * (clocks fall back on Sunday 2026-11-01, so the week is 169 hours long).
 *
 * It contains a no_data metric (Bo's CSAT), small samples (Ana's 3 surveys,
 * Bo's 8 calls and 2 tickets) and an agent name with `|`, an ESC sequence and
 * a CR. Every value is numerator / denominator; statuses follow the default
 * targets and are written out by hand.
 */
import type { MetricId, MetricResult, MetricSet, MetricStatus, MetricUnit, Target } from '../../src/engine/types.js';
import type { KpiReport } from '../../src/report.js';

export const TARGETS: Record<MetricId, Target> = {
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

const UNITS: Record<MetricId, MetricUnit> = {
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

type Parts = [numerator: number, denominator: number, status: MetricStatus];

function metrics(parts: Record<MetricId, Parts>): MetricSet {
  const entries = Object.entries(parts).map(([id, [numerator, denominator, status]]): [string, MetricResult] => [
    id,
    {
      value: status === 'no_data' ? null : numerator / denominator,
      unit: UNITS[id as MetricId],
      numerator,
      denominator,
      // Count denominators are the sample; hour and second denominators round down to a stand-in.
      sampleSize: Math.floor(denominator),
      target: TARGETS[id as MetricId],
      status,
    },
  ]);
  return Object.fromEntries(entries) as MetricSet;
}

/** Bo's display name: a pipe for Markdown, a colour escape and a carriage return for the terminal. */
export const HOSTILE_NAME = 'Bo | Ops \u001b[31m!\r';

/** Builds a fresh copy of the fixture report, so a test that mutates it cannot affect another. */
export function buildReport(): KpiReport {
  return {
    period: {
      label: '2026-W44',
      // Monday 2026-10-26 00:00 EDT (UTC-4) to Monday 2026-11-02 00:00 EST (UTC-5).
      start: Date.UTC(2026, 9, 26, 4),
      end: Date.UTC(2026, 10, 2, 5),
      timezone: 'America/New_York',
      days: 7,
    },
    // Monday 2026-11-02 08:00 EST.
    asOf: Date.UTC(2026, 10, 2, 13),
    agents: [
      {
        agent: 'ana@example.com',
        name: 'Ana Lima',
        calls: { handled: 50, unhandled: 2 },
        metrics: metrics({
          aht: [14370, 50, 'pass'], // 287.4 s → 4:47
          fcr: [39, 48, 'pass'], // 0.8125 → 81.3% (half away from zero)
          calls_per_hour: [50, 5.5, 'pass'], // 9.0909… → 9.1
          hold_time: [1250, 50, 'pass'], // 25 s → 0:25
          after_call_work: [6100, 50, 'fail'], // 122 s → 2:02
          csat: [13.5, 3, 'pass'], // 4.5 from 3 surveys, a small sample
          complaint_rate: [1, 50, 'fail'], // 0.02 is not under 0.02 → 2.0%
          escalation_rate: [4, 50, 'pass'], // 0.08 → 8.0%
          callback_rate: [6, 50, 'pass'], // 0.12 → 12.0%
          shift_adherence: [18000, 19800, 'fail'], // 0.90909… → 90.9%
          bookings_per_shift: [26, 5, 'pass'], // 5.2
          leads_won_per_week: [3, 1, 'pass'], // 3.0
          same_day_resolution: [9, 10, 'pass'], // 0.9 → 90.0%
        }),
      },
      {
        agent: 'bo',
        name: HOSTILE_NAME,
        calls: { handled: 8, unhandled: 0 },
        metrics: metrics({
          aht: [2600, 8, 'fail'], // 325 s → 5:25, 8 calls is a small sample
          fcr: [5, 8, 'fail'], // 0.625 → 62.5%
          calls_per_hour: [8, 1, 'pass'], // 8.0, the band includes its ends
          hold_time: [160, 8, 'pass'], // 20 s → 0:20
          after_call_work: [720, 8, 'pass'], // 90 s → 1:30
          csat: [0, 0, 'no_data'], // no surveys
          complaint_rate: [0, 8, 'pass'], // 0.0%
          escalation_rate: [1, 8, 'fail'], // 0.125 → 12.5%
          callback_rate: [1, 8, 'pass'], // 0.125 → 12.5%
          shift_adherence: [3420, 3600, 'pass'], // 0.95 → 95.0%
          bookings_per_shift: [4, 1, 'fail'], // 4.0
          leads_won_per_week: [0, 1, 'fail'], // 0.0
          same_day_resolution: [2, 2, 'pass'], // 1 → 100.0%, 2 tickets is a small sample
        }),
      },
    ],
    team: {
      calls: { handled: 58, unhandled: 2 },
      metrics: metrics({
        aht: [16970, 58, 'pass'], // 14370 + 2600 = 16970; 292.586… s → 4:53
        fcr: [44, 56, 'fail'], // 39 + 5 over 48 + 8; 0.785714… → 78.6%
        calls_per_hour: [58, 6.5, 'pass'], // 8.923… → 8.9
        hold_time: [1410, 58, 'pass'], // 24.31… s → 0:24
        after_call_work: [6820, 58, 'pass'], // 117.586… s → 1:58
        csat: [13.5, 3, 'pass'], // Bo adds nothing; 4.50 from 3 surveys
        complaint_rate: [1, 58, 'pass'], // 0.01724… → 1.7%
        escalation_rate: [5, 58, 'pass'], // 0.08620… → 8.6%
        callback_rate: [7, 58, 'pass'], // 0.12068… → 12.1%
        shift_adherence: [21420, 23400, 'fail'], // 0.91538… → 91.5%
        bookings_per_shift: [30, 6, 'pass'], // 5.0
        leads_won_per_week: [3, 2, 'fail'], // 1.5
        same_day_resolution: [11, 12, 'pass'], // 0.91666… → 91.7%
      }),
    },
    dataQuality: {
      sources: [
        {
          kind: 'surveys',
          file: 'surveys.csv',
          rowsRead: 4,
          rowsUsed: 3,
          rowsOutsidePeriod: 0,
          rowsDuplicate: 0,
          rowsRejected: 1,
          rowsSkipped: 0,
          rejects: [{ line: 5, column: 'score', value: '6\u001b[2J', reason: 'score is not a number from 1 to 5' }],
        },
        {
          kind: 'calls',
          file: 'calls.csv',
          rowsRead: 1200,
          rowsUsed: 1194,
          rowsOutsidePeriod: 2,
          rowsDuplicate: 1,
          rowsRejected: 3,
          rowsSkipped: 0,
          rejects: [
            { line: 17, column: 'talk_time', value: '12:3x', reason: 'not a duration; write seconds or h:mm:ss' },
            { line: 40, column: '', value: '', reason: 'row has 7 fields, the header has 9' },
            { line: 88, column: 'started_at', value: '2026-03-08 02:30', reason: 'local time falls in the spring-forward gap' },
          ],
        },
        {
          kind: 'calls',
          file: 'calls-late.csv',
          rowsRead: 10,
          rowsUsed: 10,
          rowsOutsidePeriod: 0,
          rowsDuplicate: 0,
          rowsRejected: 0,
          rowsSkipped: 0,
          rejects: [],
        },
        {
          kind: 'agent_status',
          file: 'status.csv',
          rowsRead: 300,
          rowsUsed: 296,
          rowsOutsidePeriod: 4,
          rowsDuplicate: 0,
          rowsRejected: 0,
          rowsSkipped: 0,
          rejects: [],
        },
      ],
    },
  };
}
