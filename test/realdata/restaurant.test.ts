/**
 * The restaurant booking-calls data set read through its documented mapping,
 * checked against test/reference/restaurant_reference.py, which computes the
 * same numbers straight from the CSV without kpi.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../cli/run-cli.js';
import { outputOf } from '../spawn-bounded.js';

const REALDATA = join(REPO_ROOT, '../shared/realdata');
const FILE = join(REALDATA, 'restaurant-booking-calls.csv');
const present = existsSync(FILE);
if (!present) console.warn(`skipping the restaurant booking-calls test: ${FILE} is absent`);

interface ExpectedTally {
  rows: number;
  answered: number;
  unanswered: number;
  bookings: number;
  fcr: { numerator: number; denominator: number; value: number };
}

describe.skipIf(!present)('restaurant booking calls, week 2023-W45', async () => {
  const expected = present
    ? (JSON.parse(outputOf('python3', [join(REPO_ROOT, 'test/reference/restaurant_reference.py'), FILE])) as {
        total_rows: number;
        total_bookings: number;
        agents: ({ agent: string } & ExpectedTally)[];
        team: ExpectedTally;
      })
    : null;
  const result = present
    ? await runCli([
        'report',
        '--config',
        join(REPO_ROOT, 'docs/examples/restaurant-booking-calls/kpi.config.json'),
        '--data',
        REALDATA,
        '--week',
        '2023-W45',
        '--as-of',
        '2023-12-01',
        '--json',
      ])
    : null;
  const report = result === null ? null : JSON.parse(result.stdout);
  const ledger = (kind: string) => report.dataQuality.sources.find((source: { kind: string }) => source.kind === kind);

  it('lists the agents the reference lists', () => {
    expect(report.agents.map((agent: { agent: string }) => agent.agent).sort()).toEqual(expected!.agents.map((agent) => agent.agent));
  });

  it('gives FCR per agent', () => {
    for (const want of expected!.agents) {
      const got = report.agents.find((agent: { agent: string }) => agent.agent === want.agent).metrics.fcr;
      expect([got.numerator, got.denominator], want.agent).toEqual([want.fcr.numerator, want.fcr.denominator]);
    }
  });

  it('gives the team FCR', () => {
    expect([report.team.metrics.fcr.numerator, report.team.metrics.fcr.denominator]).toEqual([expected!.team.fcr.numerator, expected!.team.fcr.denominator]);
  });

  it('counts handled and unhandled calls', () => {
    expect([report.team.calls.handled, report.team.calls.unhandled]).toEqual([expected!.team.answered, expected!.team.unanswered]);
  });

  it('counts bookings per agent', () => {
    // bookings_per_shift has no shifts to divide by, but its numerator is the agent's bookings.
    for (const want of expected!.agents) {
      const got = report.agents.find((agent: { agent: string }) => agent.agent === want.agent).metrics.bookings_per_shift;
      expect(got.numerator, want.agent).toBe(want.bookings);
    }
  });

  it('reads every row once per kind', () => {
    // The bookings entry reads every row and skips the calls that booked nothing.
    expect([ledger('calls').rowsRead, ledger('calls').rowsUsed, ledger('bookings').rowsRead, ledger('bookings').rowsUsed]).toEqual([
      expected!.total_rows,
      expected!.team.rows,
      expected!.total_rows,
      expected!.team.bookings,
    ]);
    expect(ledger('bookings').rowsSkipped).toBe(expected!.total_rows - expected!.total_bookings);
  });

  it('has no data for shift-based metrics', () => {
    // The export has no schedule or status log: no shift hours to divide by.
    expect([report.team.metrics.calls_per_hour.status, report.team.metrics.bookings_per_shift.status]).toEqual(['no_data', 'no_data']);
  });
});
