import { describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../../src/engine/types.js';
import { DEFAULT_TARGETS, evaluate, METRIC_UNITS } from '../../src/targets/targets.js';

describe('evaluate', () => {
  it('fails exactly 300 against < 300', () => {
    expect(evaluate(300, { op: '<', value: 300 })).toBe('fail');
  });

  it('passes just under 300 against < 300', () => {
    expect(evaluate(299.999, { op: '<', value: 300 })).toBe('pass');
  });

  it('passes exactly 300 against <= 300', () => {
    expect(evaluate(300, { op: '<=', value: 300 })).toBe('pass');
  });

  it('fails exactly 0.8 against > 0.8', () => {
    expect(evaluate(0.8, { op: '>', value: 0.8 })).toBe('fail');
  });

  it('passes exactly 4.5 against >= 4.5', () => {
    expect(evaluate(4.5, { op: '>=', value: 4.5 })).toBe('pass');
  });

  it('fails just under 4.5 against >= 4.5', () => {
    expect(evaluate(4.4999, { op: '>=', value: 4.5 })).toBe('fail');
  });

  it('passes the lower end of a band', () => {
    expect(evaluate(8, { op: 'between', min: 8, max: 12 })).toBe('pass');
  });

  it('passes the upper end of a band', () => {
    expect(evaluate(12, { op: 'between', min: 8, max: 12 })).toBe('pass');
  });

  it('fails just below a band', () => {
    expect(evaluate(7.99, { op: 'between', min: 8, max: 12 })).toBe('fail');
  });

  it('fails just above a band', () => {
    expect(evaluate(12.0001, { op: 'between', min: 8, max: 12 })).toBe('fail');
  });

  it('compares unrounded values', () => {
    // 0.0199999 would display as 0.02 but is under 0.02.
    expect(evaluate(0.0199999, { op: '<', value: 0.02 })).toBe('pass');
  });

  it('returns no_data for a null value', () => {
    expect(evaluate(null, { op: '<', value: 300 })).toBe('no_data');
  });

  it('returns no_data for NaN', () => {
    expect(evaluate(Number.NaN, { op: '<', value: 300 })).toBe('no_data');
  });
});

describe('DEFAULT_TARGETS', () => {
  it('covers every metric', () => {
    expect(Object.keys(DEFAULT_TARGETS).sort()).toEqual([...METRIC_IDS].sort());
  });

  it('sets the playbook targets', () => {
    expect(DEFAULT_TARGETS).toEqual({
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
    });
  });
});

describe('METRIC_UNITS', () => {
  it('covers every metric', () => {
    expect(Object.keys(METRIC_UNITS).sort()).toEqual([...METRIC_IDS].sort());
  });

  it('gives calls_per_hour its unit', () => {
    expect(METRIC_UNITS.calls_per_hour).toBe('calls per hour');
  });

  it('gives csat the score unit', () => {
    expect(METRIC_UNITS.csat).toBe('score 1–5');
  });
});
