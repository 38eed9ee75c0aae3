/**
 * Several files of one kind in a data folder: weekly exports that overlap
 * are read together, and each row seen before is counted as a duplicate.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const HEADER = 'call_id,agent,direction,started_at,talk_seconds,outcome\n';
const row = (id: string, agent: string, day: number): string => `${id},${agent},inbound,2026-11-${day} 10:00:00,200,resolved\n`;

async function report(files: Record<string, string>): Promise<{ file: string; rowsUsed: number; rowsDuplicate: number }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-overlap-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const result = await runCli(['report', '--data', dir, '--week', '2026-W46', '--as-of', '2026-11-20T08:00', '--json']);
  return JSON.parse(result.stdout).dataQuality.sources;
}

describe('overlapping call exports', () => {
  it('count the repeated rows of the earlier file as duplicates', async () => {
    const sources = await report({
      'calls-a.csv': HEADER + row('C1', 'va07', 10) + row('C2', 'va07', 11),
      'calls-b.csv': HEADER + row('C2', 'va07', 11) + row('C3', 'va08', 12),
    });
    // C2 is in both files. Files are read newest name first, so it is used from
    // calls-b.csv and is a duplicate in calls-a.csv.
    expect(sources.map((source) => [source.file, source.rowsUsed, source.rowsDuplicate])).toEqual([
      ['calls-a.csv', 1, 1],
      ['calls-b.csv', 2, 0],
    ]);
  });

  it('keep a transfer leg of another agent', async () => {
    const sources = await report({
      'calls-a.csv': HEADER + row('C1', 'va07', 10),
      'calls-b.csv': HEADER + row('C1', 'va08', 10),
    });
    // Same call id, different agents: one leg each, no duplicate.
    expect(sources.map((source) => source.rowsDuplicate)).toEqual([0, 0]);
  });
});

describe('overlapping snapshots', () => {
  it('keep the newest state of a ticket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-overlap-'));
    const header = 'ticket_id,created_by,created_at,resolved_at\n';
    writeFileSync(join(dir, 'tickets-2026-11-13.csv'), `${header}T1,va07,2026-11-13 10:00:00,\n`);
    writeFileSync(join(dir, 'tickets-2026-11-20.csv'), `${header}T1,va07,2026-11-13 10:00:00,2026-11-13 11:00:00\n`);
    const result = await runCli(['report', '--data', dir, '--week', '2026-W46', '--as-of', '2026-11-20T08:00', '--json']);

    // The 11-20 export has T1 resolved within the hour: 1 of 1 the same day.
    expect(JSON.parse(result.stdout).team.metrics.same_day_resolution.value).toBe(1);
  });
});
