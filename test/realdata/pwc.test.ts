import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../cli/run-cli.js';

const REALDATA = join(REPO_ROOT, '../shared/realdata');
const present = existsSync(join(REALDATA, 'pwc-call-centre.csv'));
if (!present) console.warn(`skipping the PwC real-data test: ${REALDATA}/pwc-call-centre.csv is absent`);

interface Ratio {
  numerator: number;
  denominator: number;
  value: number;
}

interface ExpectedAgent {
  agent: string;
  rows: number;
  answered: number;
  aht: Ratio;
  fcr: Ratio;
  csat: Ratio;
}

// Computed straight from the CSV by test/reference/pwc_reference.py, not by kpi.
const expected = JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures/golden/pwc-2021-W02.json'), 'utf8')) as {
  agents: ExpectedAgent[];
  team: Omit<ExpectedAgent, 'agent'>;
};

describe.skipIf(!present)('PwC call-centre data, week 2021-W02', () => {
  const run = async () => {
    const result = await runCli([
      'report',
      '--config',
      join(REPO_ROOT, 'docs/examples/pwc-call-centre/kpi.config.json'),
      '--data',
      REALDATA,
      '--week',
      '2021-W02',
      '--as-of',
      '2021-02-01',
      '--json',
    ]);
    return JSON.parse(result.stdout);
  };

  it('gives handle time, FCR and CSAT per agent', async () => {
    const report = await run();

    for (const want of expected.agents) {
      const got = report.agents.find((a: { agent: string }) => a.agent === want.agent);
      for (const id of ['aht', 'fcr', 'csat'] as const) {
        expect(got.metrics[id].numerator, `${want.agent} ${id}`).toBe(want[id].numerator);
        expect(got.metrics[id].denominator, `${want.agent} ${id}`).toBe(want[id].denominator);
        expect(got.metrics[id].value, `${want.agent} ${id}`).toBeCloseTo(want[id].value, 12);
      }
    }
  });

  it('gives the team row', async () => {
    const report = await run();

    for (const id of ['aht', 'fcr', 'csat'] as const) {
      expect(report.team.metrics[id].numerator, id).toBe(expected.team[id].numerator);
      expect(report.team.metrics[id].denominator, id).toBe(expected.team[id].denominator);
    }
  });

  it('counts the week rows and unanswered calls', async () => {
    const report = await run();
    const calls = report.dataQuality.sources.find((s: { kind: string }) => s.kind === 'calls');

    expect(calls.rowsUsed).toBe(expected.team.rows);
    expect(calls.rowsRead).toBe(5000);
    expect(report.team.calls.handled).toBe(expected.team.answered);
  });
});
