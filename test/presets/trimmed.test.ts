import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-trimmed-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function report(dir: string) {
  const result = await runCli(['report', '--data', dir, '--week', '2026-W46', '--as-of', '2026-11-20T08:00:00Z', '--json']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('trimmed vendor reports', () => {
  // The six columns a Five9 preset requires and nothing else: no HOLD TIME, no ABANDONED.
  const five9 =
    'CALL ID,TIMESTAMP,CALL TYPE,AGENT,DISPOSITION,TALK TIME\n' +
    '24399,"Mon, 09 Nov 2026 09:15:02",Inbound,ana@example.com,Resolved,00:04:12\n' +
    '24400,"Mon, 09 Nov 2026 09:25:00",Inbound,[None],Abandon,00:00:00\n';

  it('reads a Five9 log without optional columns', async () => {
    const document = await report(folder({ 'five9.csv': five9 }));

    expect(document.dataQuality.sources[0].rowsUsed).toBe(2);
  });

  it('leaves hold time without data', async () => {
    const document = await report(folder({ 'five9.csv': five9 }));

    expect(document.team.metrics.hold_time.status).toBe('no_data');
  });

  it('still computes handle time', async () => {
    const document = await report(folder({ 'five9.csv': five9 }));

    // 4:12 = 252 s over the one handled call; the [None] row has no agent.
    expect(document.team.metrics.aht.value).toBe(252);
  });

  it('reads a VICIdial export saved with commas', async () => {
    const text =
      'call_date,phone_number_dialed,status,user,full_name,campaign_id,length_in_sec,lead_id\n' +
      '2026-11-09 09:15:02,5550100,SALE,va07,VA Seven,OUT1,272,1001\n';
    const document = await report(folder({ 'vicidial.csv': text }));

    expect(document.dataQuality.sources[0].rowsUsed).toBe(1);
  });
});

describe('reject hints for preset rules', () => {
  it('name the fallback column and its map', async () => {
    const text =
      'CALL ID,TIMESTAMP,CALL TYPE,AGENT,DISPOSITION,TALK TIME,ABANDONED\n' +
      '24399,"Mon, 09 Nov 2026 09:15:02",Inbound,ana@example.com,Sale Made,00:04:12,\n';
    const result = await runCli(['report', '--data', folder({ 'five9.csv': text }), '--week', '2026-W46', '--as-of', '2026-11-20T08:00:00Z']);

    expect(result.stderr).toContain('column "DISPOSITION" value "Sale Made"');
    expect(result.stderr).toContain('map it in sources.five9-calls.columns.outcome.otherwise.map');
  });
});

describe('validate on a preset file', () => {
  it('names the preset and its confidence', async () => {
    const text = 'CALL ID,TIMESTAMP,CALL TYPE,AGENT,DISPOSITION,TALK TIME\n24399,"Mon, 09 Nov 2026 09:15:02",Inbound,ana@example.com,Resolved,00:04:12\n';
    const result = await runCli(['validate', '--data', folder({ 'five9.csv': text })]);

    expect(result.stdout).toMatch(/five9\.csv \(calls, preset five9-call-log, \d+% confident, as sources\.five9-calls\)/);
  });
});
