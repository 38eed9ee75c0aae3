import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, reportDifferences, runCli } from './run-cli.js';

const DEMO = join(REPO_ROOT, 'fixtures/demo');
const SMALL = join(REPO_ROOT, 'fixtures/golden/small');
const GOLDEN_TEXT = join(REPO_ROOT, 'test/cli/golden');

const demoArgs = ['report', '--data', DEMO, '--week', '2026-W47', '--as-of', '2026-11-30T08:00:00-05:00'];

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kpi-cli-'));
}

describe('kpi report on the demo data', () => {
  it('agrees with the independent reference', async () => {
    const result = await runCli([...demoArgs, '--json']);

    expect(result.code).toBe(0);
    const differences = reportDifferences(readJson(join(DEMO, 'expected-2026-W47.json')) as never, JSON.parse(result.stdout));
    expect(differences).toEqual([]);
  });

  it('writes byte-identical JSON on repeated runs', async () => {
    const first = await runCli([...demoArgs, '--json']);
    const second = await runCli([...demoArgs, '--json'], { now: Date.UTC(2030, 0, 1) });

    expect(second.stdout).toBe(first.stdout);
  });

  it('prints the reviewed table', async () => {
    const result = await runCli(demoArgs);

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(GOLDEN_TEXT, 'demo-2026-W47.txt'), 'utf8'));
  });

  it('prints the reviewed Markdown', async () => {
    const result = await runCli([...demoArgs, '--format', 'markdown']);

    expect(result.stdout).toBe(readFileSync(join(GOLDEN_TEXT, 'demo-2026-W47.md'), 'utf8'));
  });

  it('keeps to 80 columns in a narrow terminal', async () => {
    const result = await runCli(demoArgs, { columns: 80 });
    const widest = Math.max(...result.stdout.split('\n').map((line) => [...line].length));

    expect(widest).toBeLessThanOrEqual(80);
  });

  it('names the rejected rows on stderr only', async () => {
    const result = await runCli(demoArgs);

    expect(result.stderr).toContain('calls.csv:7095: column "talk_seconds" value "4:7x"');
    expect(result.stdout).not.toContain('4:7x');
  });

  it('takes the config from the data folder', async () => {
    const result = await runCli([...demoArgs, '--json'], { cwd: tmpdir() });

    expect(JSON.parse(result.stdout).period.timezone).toBe('America/New_York');
  });

  it('narrows rows with --agent but keeps the team', async () => {
    const all = JSON.parse((await runCli([...demoArgs, '--json'])).stdout);
    const one = JSON.parse((await runCli([...demoArgs, '--json', '--agent', 'Ana.Lima@example.com'])).stdout);

    expect(one.agents.map((a: { agent: string }) => a.agent)).toEqual(['ana.lima@example.com']);
    expect(one.team).toEqual(all.team);
  });

  it('accepts a roster alias for --agent', async () => {
    const one = JSON.parse((await runCli([...demoArgs, '--json', '--agent', '101'])).stdout);

    expect(one.agents.map((a: { agent: string }) => a.agent)).toEqual(['ana.lima@example.com']);
  });

  it('names the key to add for a canonical file', async () => {
    const result = await runCli(demoArgs);

    expect(result.stderr).toContain('"dropped" is not a valid outcome');
    expect(result.stderr).toContain('map it in sources.<name>.columns.outcome.map');
  });

  it('writes every reject with --rejects', async () => {
    const file = join(tempDir(), 'rejects.csv');
    await runCli([...demoArgs, '--rejects', file]);
    const lines = readFileSync(file, 'utf8').trim().split('\n');

    expect(lines[0]).toBe('file,kind,line,column,value,reason');
    expect(lines).toHaveLength(4);
  });

  it('leaves --rejects untouched on error', async () => {
    const dir = tempDir();
    for (const name of ['agents.csv', 'calls.csv', 'kpi.config.json']) copyFileSync(join(DEMO, name), join(dir, name));
    // A row rejected before the error, then a quote the file never closes.
    writeFileSync(join(dir, 'calls.csv'), `${readFileSync(join(DEMO, 'calls.csv'), 'utf8')}C-open,ana.lima@example.com,"inbound\n`);
    const fresh = join(dir, 'fresh.csv');
    const earlier = join(dir, 'earlier.csv');
    writeFileSync(earlier, 'kept\n');

    const first = await runCli(['report', '--data', dir, '--week', '2026-W47', '--rejects', fresh]);
    const second = await runCli(['report', '--data', dir, '--week', '2026-W47', '--rejects', earlier]);

    expect(first.code).toBe(3);
    expect(second.code).toBe(3);
    expect(existsSync(fresh)).toBe(false);
    expect(readFileSync(earlier, 'utf8')).toBe('kept\n');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('kpi report on the hand-computed set', () => {
  const smallArgs = ['report', '--data', SMALL, '--week', '2026-W44', '--as-of', '2026-11-02T12:00:00-05:00'];

  it('matches the hand-computed numbers', async () => {
    const result = await runCli([...smallArgs, '--json']);
    const differences = reportDifferences(readJson(join(SMALL, 'expected.json')) as never, JSON.parse(result.stdout));

    expect(differences).toEqual([]);
  });

  it('keeps the ledger invariant for every source', async () => {
    const report = JSON.parse((await runCli([...smallArgs, '--json'])).stdout);

    for (const source of report.dataQuality.sources) {
      expect(source.rowsRead, `${source.kind} ${source.file}`).toBe(
        source.rowsUsed + source.rowsOutsidePeriod + source.rowsDuplicate + source.rowsRejected,
      );
    }
  });
});

describe('kpi report exit codes', () => {
  it('exits 1 on a miss under --fail-on-miss', async () => {
    expect((await runCli([...demoArgs, '--fail-on-miss'])).code).toBe(1);
  });

  it('exits 0 on misses without --fail-on-miss', async () => {
    expect((await runCli(demoArgs)).code).toBe(0);
  });

  it('exits 2 for two periods', async () => {
    const result = await runCli([...demoArgs, '--month']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('only one period may be given, got --week and --month');
  });

  it('exits 2 for a malformed week', async () => {
    const result = await runCli(['report', '--data', DEMO, '--week', '2026-47']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--week "2026-47" is not a week');
  });

  it('exits 2 for a week the year lacks', async () => {
    const result = await runCli(['report', '--data', DEMO, '--week', '2025-W53']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('2025-W53');
  });

  it('exits 2 for --to without --from', async () => {
    const result = await runCli(['report', '--data', DEMO, '--to', '2026-11-08']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--from and --to go together');
  });

  it('exits 2 for an unknown flag', async () => {
    const result = await runCli(['report', '--weak']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--weak'");
  });

  it('exits 2 for an unknown format', async () => {
    const result = await runCli([...demoArgs, '--format', 'xml']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('xml');
  });

  it('exits 2 for a malformed as-of', async () => {
    const result = await runCli(['report', '--data', DEMO, '--as-of', 'monday']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--as-of "monday" is not a date or date-time');
  });

  it('exits 2 for a config that is not JSON', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), '{ "timezone": ');
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not valid JSON');
  });

  it('exits 2 naming an invalid config key', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), JSON.stringify({ targets: { aht: { op: '<<', value: 300 } } }));
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('targets.aht');
  });

  it('exits 2 for an unknown time zone', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), JSON.stringify({ timezone: 'Mars/Olympus' }));
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('timezone: expected an IANA time zone name such as "America/New_York" (got "Mars/Olympus").');
  });

  it('reports a bad zone beside other bad keys', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), JSON.stringify({ timezone: 'Mars/Olympus', weekStartsOn: 'funday', businessHours: { close: '24:00' } }));
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  timezone: expected an IANA time zone name');
    expect(result.stderr).toContain('  weekStartsOn: ');
    expect(result.stderr).not.toContain('businessHours');
  });

  it('checks the hours beside a bad day', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), JSON.stringify({ businessHours: { days: ['mon', 'funday'], open: '10:00', close: '09:00' } }));
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  businessHours.days[1]: ');
    expect(result.stderr).toContain('  businessHours.close: expected a time later than businessHours.open (10:00) (got "09:00").');
  });

  it('compares no invalid opening time', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), JSON.stringify({ businessHours: { open: '25:00', close: '09:00' } }));
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  businessHours.open: expected a 24-hour time such as "09:00" (got "25:00").');
    expect(result.stderr).not.toContain('businessHours.close');
  });

  it('warns about an unknown config key and goes on', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), JSON.stringify({ timezone: 'America/New_York', holidayz: [] }));
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('unknown key "holidayz" is ignored');
  });

  it('warns about an unknown key beside config errors', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kpi.config.json'), JSON.stringify({ timezone: 'America/Nowhere', holidayz: [] }));
    const result = await runCli([...demoArgs, '--config', join(dir, 'kpi.config.json')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown key "holidayz" is ignored');
    expect(result.stderr).toContain('  timezone: expected an IANA time zone name');
    expect(result.stderr).not.toContain('unknown key(s) "holidayz"');
  });

  it('exits 3 for a missing data folder', async () => {
    const result = await runCli(['report', '--data', join(tempDir(), 'nope')]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot read the data folder');
  });

  it('exits 3 for a missing required column', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'calls.csv'), 'call_id,agent,direction,started_at,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,resolved\n');
    const config = join(dir, 'kpi.config.json');
    writeFileSync(config, JSON.stringify({ sources: { phone: { kind: 'calls', files: 'calls.csv' } } }));
    const result = await runCli(['report', '--data', dir, '--config', config, '--week', '2026-W45']);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('missing required calls column(s) "talk_seconds"');
  });

  it('exits 3 for dates whose order cannot be told', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'calls.csv'),
      'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,01/02/2026 09:00,60,resolved\nC2,ana,inbound,03/04/2026 09:00,60,resolved\n',
    );
    const result = await runCli(['report', '--data', dir, '--week', '2026-W05']);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('every date fits both day-first and month-first (for example "01/02/2026 09:00")');
  });

  it('exits 3 under --strict when rows are rejected', async () => {
    const result = await runCli([...demoArgs, '--strict']);

    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('3 row(s) rejected under --strict');
  });

  it('exits 3 when the folder has no sources', async () => {
    const result = await runCli(['report', '--data', tempDir()]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('no source files found');
  });

  it('exits 3 when no file is recognized', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'export.csv'), 'x,y\n1,2\n');
    const result = await runCli(['report', '--data', dir]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`kpi: none of the 1 data file(s) in ${dir} was recognized (the warnings above say why)`);
  });

  it('counts a sep= line in the header line', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'calls.csv'), 'sep=,\nWeekly calls\ncall_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n');
    const result = await runCli(['report', '--data', dir]);

    expect(result.stderr).toContain('its line 3 is a canonical calls header after 1 title line(s). To read it, run "kpi init", which writes the entry, or add "calls": {"kind":"calls","files":"calls.csv","skipRows":1}');
  });

  it('names the entry for a header below a title', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'calls.csv'), 'Calls report\nNovember 2026\ncall_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n');
    const result = await runCli(['report', '--data', dir]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'calls.csv: not recognized as any source kind and skipped; its line 3 is a canonical calls header after 2 title line(s). ' +
        'To read it, run "kpi init", which writes the entry, or add "calls": {"kind":"calls","files":"calls.csv","skipRows":2} to the config\'s "sources".',
    );
  });
});

describe('kpi report with explicit files', () => {
  it('reads one kind from a flag', async () => {
    const dir = tempDir();
    copyFileSync(join(SMALL, 'calls.csv'), join(dir, 'phone.csv'));
    const result = await runCli(['report', '--calls', join(dir, 'phone.csv'), '--week', '2026-W44', '--as-of', '2026-11-02T12:00:00-05:00', '--json']);
    const report = JSON.parse(result.stdout);

    expect(report.dataQuality.sources.map((s: { file: string }) => s.file)).toEqual(['phone.csv']);
  });
});

describe('a vendor export given by flag', () => {
  const FIVE9 = join(REPO_ROOT, 'fixtures/presets/five9-call-log.csv');
  const YEAR = ['--from', '2026-01-01', '--to', '2026-12-31', '--as-of', '2027-01-02T00:00:00Z', '--json'];

  it('reads it through its preset', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kpi-five9-'));
    copyFileSync(FIVE9, join(folder, 'five9-call-log.csv'));
    writeFileSync(join(folder, 'kpi.config.json'), '{"timezone": "UTC"}');

    const byFlag = await runCli(['report', '--calls', FIVE9, '--config', join(folder, 'kpi.config.json'), ...YEAR]);
    const byFolder = await runCli(['report', '--data', folder, ...YEAR]);

    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect(byFolder.code, byFolder.stderr).toBe(0);
    expect(JSON.parse(byFlag.stdout).agents).toEqual(JSON.parse(byFolder.stdout).agents);
    expect(JSON.parse(byFlag.stdout).agents.length).toBeGreaterThan(0);
  });

  it('names the kind of a canonical file', async () => {
    const result = await runCli(['report', '--surveys', join(DEMO, 'calls.csv'), ...YEAR]);

    expect(result.code).toBe(3);
    expect(result.stderr).toBe('kpi: calls.csv: looks like a canonical calls file, not surveys; give it with --calls instead.\n');
  });

  it('names the kind a preset reads', async () => {
    const status = join(REPO_ROOT, 'fixtures/presets/talkdesk-user-status.csv');
    const result = await runCli(['report', '--calls', status, ...YEAR]);

    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^kpi: talkdesk-user-status\.csv: looks like a Talkdesk .* \(preset talkdesk-user-status\), which gives agent_status, not calls; give it with --agent-status instead\.\n$/);
  });

  it('names the roster flag and article', async () => {
    const cdr = join(REPO_ROOT, 'fixtures/presets/asterisk-master-16.csv');
    const result = await runCli(['report', '--roster', cdr, ...YEAR]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('asterisk-master-16.csv: looks like an Asterisk cdr-csv');
    expect(result.stderr).toContain('which gives calls, not agents; give it with --calls instead.');
  });
});

describe('a VICIdial agent log given by flag', () => {
  const AGENT_LOG = join(REPO_ROOT, 'fixtures/presets/vicidial-agent-log.csv');

  it('reads all four status entries', async () => {
    const folder = tempDir();
    copyFileSync(AGENT_LOG, join(folder, 'vicidial-agent-log.csv'));

    const byFlag = await runCli(['validate', '--agent-status', AGENT_LOG, '--json']);
    const byFolder = await runCli(['validate', '--data', folder, '--json']);
    const mappings = (stdout: string): string[] => JSON.parse(stdout).files.map((file: { mapping: string }) => file.mapping);

    expect(byFolder.code, byFolder.stderr).toBe(0);
    expect(byFlag.code, byFlag.stderr).toBe(0);
    expect(mappings(byFolder.stdout).length).toBe(4);
    expect(mappings(byFlag.stdout)).toEqual(mappings(byFolder.stdout));
  });
});

describe('a report of many agents', () => {
  // 600 agents make about 2.3 MB of JSON, more than one write of output.
  const folder = tempDir();
  const rows = Array.from({ length: 600 }, (_, i) => `a${i},available,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z`);
  writeFileSync(join(folder, 'agent_status.csv'), `agent,status,started_at,ended_at\n${rows.join('\n')}\n`);
  const args = ['report', '--data', folder, '--week', '2026-W10', '--as-of', '2026-03-09T00:00:00Z'];

  it('writes its JSON in several writes', async () => {
    const result = await runCli([...args, '--json']);
    const document = JSON.parse(result.stdout) as { agents: { agent: string }[] };

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdoutWrites).toBeGreaterThan(1);
    expect(document.agents).toHaveLength(600);
    expect(document.agents[599]!.agent).toBe('a99');
    expect(result.stdout.endsWith('\n}\n')).toBe(true);
  });

  it('writes every row of its CSV', async () => {
    const result = await runCli([...args, '--format', 'csv']);
    const lines = result.stdout.split('\r\n');

    expect(result.code, result.stderr).toBe(0);
    expect(lines).toHaveLength(1 + 601 * 13 + 1);
    expect(lines.at(-1)).toBe('');
  });
});
