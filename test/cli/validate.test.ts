import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.js';

const DEMO = join(REPO_ROOT, 'fixtures/demo');

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-validate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const clean = {
  'agents.csv': 'agent,name,aliases\nana@example.com,Ana,101\nbo@example.com,Bo,102\n',
  'calls.csv':
    'call_id,agent,direction,started_at,talk_seconds,outcome\n' +
    'C1,101,inbound,2026-11-02T09:00:00Z,60,resolved\n' +
    'C2,cy@example.com,inbound,2026-11-02T10:00:00Z,60,resolved\n',
  'schedule.csv':
    'agent,activity,starts_at,ends_at\n' +
    'ana@example.com,shift,2026-11-02T09:00:00Z,2026-11-02T17:00:00Z\n' +
    'bo@example.com,shift,2026-11-02T09:00:00Z,2026-11-02T17:00:00Z\n',
  'agent_status.csv': 'agent,status,started_at,ended_at\n101,available,2026-11-02T09:00:00Z,2026-11-02T17:00:00Z\n',
};

describe('kpi validate', () => {
  it('exits 1 when rows are rejected', async () => {
    const result = await runCli(['validate', '--data', DEMO]);

    expect(result.code).toBe(1);
  });

  it('groups reasons with examples', async () => {
    const result = await runCli(['validate', '--data', DEMO]);

    expect(result.stdout).toContain('1 × column "outcome": "…" is not a valid outcome');
    expect(result.stdout).toContain('calls.csv:7392: "dropped"');
  });

  it('counts rows per file', async () => {
    const result = await runCli(['validate', '--data', DEMO]);

    expect(result.stdout).toContain('rows: 10,286 read · 10,283 used · 1 duplicate · 2 rejected');
  });

  it('warns of mixed encodings', async () => {
    // Line 2 has UTF-8 "José" and line 3 windows-1252 "José" (E9), so calls.csv is read as windows-1252.
    const header = 'call_id,agent,direction,started_at,talk_seconds,outcome\n';
    const calls = Buffer.concat([
      Buffer.from(`${header}C1,José,inbound,2026-11-02T09:00:00Z,60,resolved\n`),
      Buffer.from('C2,José,inbound,2026-11-02T10:00:00Z,60,resolved\n', 'latin1'),
    ]);
    const dir = folder({ ...clean, 'calls.csv': calls });

    const result = await runCli(['validate', '--data', dir]);

    expect(result.stderr).toBe(
      'kpi: warning: calls.csv:3: byte 0xE9 at offset 112 is not valid UTF-8, so the file is read as windows-1252, ' +
        'but line 2 has the UTF-8 text "José", which now reads "JosÃ©". Re-save the file as UTF-8 so that both lines read correctly.\n',
    );
  });

  it('names a broken unknown file by name', async () => {
    // An unknown header sends the file to shape recognition, whose sample reaches the unclosed quote.
    const dir = folder({ ...clean, 'notes.csv': 'foo,bar\n1,"2\n' });
    const result = await runCli(['validate', '--data', dir]);

    expect(result.code).toBe(3);
    expect(result.stderr).toBe('kpi: notes.csv:2: a quoted field opened on this line is never closed; check the line for a stray double quote, or whether the file was cut off.\n');
  });

  it('exits 0 on clean data', async () => {
    const result = await runCli(['validate', '--data', folder(clean)]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No rows rejected.');
  });

  it('names agents missing from the roster', async () => {
    const result = await runCli(['validate', '--data', folder(clean)]);

    expect(result.stdout).toContain('Agents not in the roster (add them, or add their ids as aliases): cy@example.com');
  });

  it('names agents with shifts but no status', async () => {
    const result = await runCli(['validate', '--data', folder(clean)]);

    expect(result.stdout).toContain('Agents with scheduled shifts but no status rows (their adherence is 0): bo@example.com');
  });

  it('shows the time range in the team zone', async () => {
    const dir = folder({ ...clean, 'kpi.config.json': JSON.stringify({ timezone: 'America/New_York' }) });
    const result = await runCli(['validate', '--data', dir]);

    expect(result.stdout).toContain('covers: 2026-11-02T04:00:00-05:00 to 2026-11-02T05:00:00-05:00');
  });

  it('writes the findings as JSON', async () => {
    const result = await runCli(['validate', '--data', DEMO, '--json']);
    const document = JSON.parse(result.stdout);
    const calls = document.files.find((f: { kind: string }) => f.kind === 'calls');

    expect(calls.rowsRejected).toBe(2);
    expect(calls.reasons[0].examples[0].line).toBe(7095);
  });

  it('writes every reject with --rejects', async () => {
    const file = join(folder({}), 'rejects.csv');
    await runCli(['validate', '--data', DEMO, '--rejects', file]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');

    expect(lines).toHaveLength(4);
  });

  it('exits 3 for an unreadable folder', async () => {
    const result = await runCli(['validate', '--data', join(folder({}), 'missing')]);

    expect(result.code).toBe(3);
  });
});

describe('kpi validate with many rejects', () => {
  it('counts the rows beyond the examples', async () => {
    const rows = ['A', 'B', 'C', 'D', 'E'].map((outcome, i) => `C${i},ana,inbound,2026-11-02T09:00:00Z,60,${outcome}`).join('\n');
    const result = await runCli(['validate', '--data', folder({ 'calls.csv': `call_id,agent,direction,started_at,talk_seconds,outcome\n${rows}\n` })]);

    // 5 rejects share one reason; 3 are shown as examples.
    expect(result.stdout).toContain('and 2 more row(s); --rejects FILE lists every one');
  });
});

describe('kpi validate on accented roster keys', () => {
  // The roster writes é as e plus a combining accent, the calls as one character.
  const files = {
    'agents.csv': 'agent,name,aliases\njose\u0301@x.com,Jose R,\n',
    'calls.csv': 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,jos\u00e9@x.com,inbound,2026-11-02T09:00:00Z,60,resolved\n',
  };

  it('finds the calls agent in the roster', async () => {
    const result = await runCli(['validate', '--data', folder(files), '--json']);

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).agentsNotInRoster).toEqual([]);
  });

  it('counts a roster row in the other form as a duplicate', async () => {
    const roster = `${files['agents.csv']}jos\u00e9@x.com,Other,\n`;
    const result = await runCli(['validate', '--data', folder({ ...files, 'agents.csv': roster }), '--json']);
    const ledger = JSON.parse(result.stdout).files.find((file: { kind: string }) => file.kind === 'agents');

    expect(ledger.rowsDuplicate).toBe(1);
  });

  it('keeps the first roster row in kpi report too', async () => {
    const roster = `${files['agents.csv']}jos\u00e9@x.com,Other,\n`;
    const result = await runCli(['report', '--data', folder({ ...files, 'agents.csv': roster }), '--week', '2026-W45', '--json']);
    const document = JSON.parse(result.stdout);

    expect(document.dataQuality.sources.find((source: { kind: string }) => source.kind === 'agents').rowsDuplicate).toBe(1);
    expect(document.agents.map((agent: { name: string }) => agent.name)).toEqual(['Jose R']);
  });
});
