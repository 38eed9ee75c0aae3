import { describe, expect, it } from 'vitest';
import { describeDateOrderProblem, describeStrayDates, type DateOrderFinding } from '../../src/pipeline/read-source.js';

function finding(overrides: Partial<DateOrderFinding>): DateOrderFinding {
  return {
    field: 'ended_at',
    label: 'ended_at',
    columns: 'column "ended_at"',
    severalColumns: false,
    order: 'ambiguous',
    example: '3/5/2024',
    dayFirst: null,
    monthFirst: null,
    strays: null,
    ...overrides,
  };
}

describe('describeDateOrderProblem', () => {
  it('quotes a plain example', () => {
    expect(describeDateOrderProblem(finding({}))).toBe('column "ended_at": every date fits both day-first and month-first (for example "3/5/2024")');
  });

  it('escapes a quote inside the example', () => {
    expect(describeDateOrderProblem(finding({ example: '6-03-03T17:07:32"' }))).toBe(
      'column "ended_at": every date fits both day-first and month-first (for example "6-03-03T17:07:32\\"")',
    );
  });

  it('escapes a quote inside a proof', () => {
    const message = describeDateOrderProblem(
      finding({ order: 'conflict', dayFirst: { line: 3, value: '25/03/2026"', column: 'ended_at' }, monthFirst: { line: 4, value: '03/25/2026', column: 'ended_at' } }),
    );
    expect(message).toBe('column "ended_at" mixes day-first dates (line 3: "25/03/2026\\"") and month-first dates (line 4: "03/25/2026")');
  });
});

describe('describeStrayDates', () => {
  it('counts one stray date', () => {
    expect(describeStrayDates(finding({ order: 'none', strays: { count: 1, others: 2000, example: '6-03-03T17:07:32' } }))).toBe(
      'column "ended_at": 1 date with the year last, such as "6-03-03T17:07:32", among 2000 values of other forms decides no date order',
    );
  });

  it('counts several stray dates', () => {
    expect(describeStrayDates(finding({ order: 'none', strays: { count: 3, others: 9, example: '3/5/2024' } }))).toBe(
      'column "ended_at": 3 dates with the year last, such as "3/5/2024", among 9 values of other forms decide no date order',
    );
  });

  it('describes nothing without strays', () => {
    expect(describeStrayDates(finding({}))).toBeNull();
  });
});
