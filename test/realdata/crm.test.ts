/**
 * The CRM sales-pipeline data set read through its documented mapping,
 * checked against test/reference/crm_reference.py, which computes leads won
 * per week straight from the CSV without kpi.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../cli/run-cli.js';
import { outputOf } from '../spawn-bounded.js';

const REALDATA = join(REPO_ROOT, '../shared/realdata');
const FILE = join(REALDATA, 'crm-sales-pipeline.csv');
const present = existsSync(FILE);
if (!present) console.warn(`skipping the CRM sales-pipeline test: ${FILE} is absent`);

interface ExpectedRatio {
  numerator: number;
  denominator: number;
  value: number;
}

describe.skipIf(!present)('CRM sales pipeline, month 2017-06', async () => {
  const expected = present
    ? (JSON.parse(outputOf('python3', [join(REPO_ROOT, 'test/reference/crm_reference.py'), FILE])) as {
        total_rows: number;
        agents: ({ agent: string } & ExpectedRatio)[];
        team: ExpectedRatio;
      })
    : null;
  const result = present
    ? await runCli([
        'report',
        '--config',
        join(REPO_ROOT, 'docs/examples/crm-sales-pipeline/kpi.config.json'),
        '--data',
        REALDATA,
        '--month',
        '2017-06',
        '--as-of',
        '2018-01-01',
        '--json',
      ])
    : null;
  const report = result === null ? null : JSON.parse(result.stdout);

  it('lists the agents with a deal won in June', () => {
    expect(report.agents.map((agent: { agent: string }) => agent.agent).sort()).toEqual(expected!.agents.map((agent) => agent.agent));
  });

  it('gives leads won per week per agent', () => {
    for (const want of expected!.agents) {
      const got = report.agents.find((agent: { agent: string }) => agent.agent === want.agent).metrics.leads_won_per_week;
      expect(got.numerator, want.agent).toBe(want.numerator);
      expect(got.value, want.agent).toBeCloseTo(want.value, 12);
    }
  });

  it('gives the team value', () => {
    expect(report.team.metrics.leads_won_per_week.value).toBeCloseTo(expected!.team.value, 12);
  });

  it('reads every deal', () => {
    const leads = report.dataQuality.sources.find((source: { kind: string }) => source.kind === 'leads');
    expect([leads.rowsRead, leads.rowsUsed, leads.rowsRejected]).toEqual([expected!.total_rows, expected!.team.numerator, 0]);
  });
});
