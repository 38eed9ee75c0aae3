/**
 * Reports over folders of phone-system exports read by presets alone (no
 * config): legs grouped per agent, unhandled legs kept, status intervals
 * from the VICIdial agent log. The week is 2026-W46 in UTC.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { PRESET_FIXTURES } from './read-fixture.js';

interface Report {
  agents: { agent: string; calls: { handled: number; unhandled: number }; metrics: Record<string, { numerator: number; denominator: number; value: number | null }> }[];
  team: { calls: { handled: number; unhandled: number } };
  dataQuality: { sources: { kind: string; file: string; rowsUsed: number; rowsDuplicate: number; rowsRejected: number }[] };
}

async function reportOn(files: string[]): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-presets-'));
  for (const file of files) cpSync(join(PRESET_FIXTURES, file), join(dir, file));
  const result = await runCli(['report', '--data', dir, '--week', '2026-W46', '--as-of', '2026-11-20T08:00', '--json'], { cwd: dir });
  return JSON.parse(result.stdout) as Report;
}

describe('FreePBX CDR report', () => {
  it('counts one handled leg per agent and call', async () => {
    const report = await reportOn(['freepbx-cdr.csv']);
    // 1001: the outbound call and the first leg of the transferred call.
    // 1002: the queue call (its second leg is a duplicate) and the transfer leg.
    expect(report.agents.map((agent) => [agent.agent, agent.calls.handled])).toEqual([
      ['1001', 2],
      ['1002', 2],
    ]);
  });

  it('keeps the unanswered queue leg as unhandled', async () => {
    const report = await reportOn(['freepbx-cdr.csv']);
    expect(report.team.calls.unhandled).toBe(1);
  });

  it('counts the second queue leg as a duplicate', async () => {
    const report = await reportOn(['freepbx-cdr.csv']);
    expect(report.dataQuality.sources.map((source) => [source.rowsUsed, source.rowsDuplicate, source.rowsRejected])).toEqual([[5, 1, 0]]);
  });

  it('averages talk time over handled legs', async () => {
    const report = await reportOn(['freepbx-cdr.csv']);
    const agent = report.agents.find((entry) => entry.agent === '1002')!;
    // (120 + 95) / 2 = 107.5 s.
    expect(agent.metrics.aht!.value).toBe(107.5);
  });
});

describe('VICIdial exports', () => {
  it('reads calls and status intervals together', async () => {
    const report = await reportOn(['vicidial-calls.tsv', 'vicidial-agent-log.csv']);
    // Calls: SALE and CALLBK for va07; the VDAD row is unhandled.
    expect([report.team.calls.handled, report.team.calls.unhandled]).toEqual([2, 1]);
  });

  it('divides calls by logged-in hours without a schedule', async () => {
    const report = await reportOn(['vicidial-calls.tsv', 'vicidial-agent-log.csv']);
    const agent = report.agents.find((entry) => entry.agent === 'va07')!;
    // Logged in: away 60 + available 30 + on call 272 + after-call work 45 = 407 s; the 1800 s of LUNCH is a break.
    expect([agent.metrics.calls_per_hour!.numerator, agent.metrics.calls_per_hour!.denominator]).toEqual([2, 407 / 3600]);
  });
});

describe('Asterisk and 3CX logs without a header', () => {
  it('are read side by side', async () => {
    const report = await reportOn(['asterisk-master-18.csv', '3cx-cdr.txt']);
    // Asterisk: 1001 and 1002 handled, one unanswered trunk leg. 3CX: 504 twice, 960 missed.
    expect([report.team.calls.handled, report.team.calls.unhandled]).toEqual([4, 2]);
  });
});
