import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDevice } from '../device.js';
import { runCli } from './run-cli.js';

const CALLS = 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n';
const WEEK = ['--week', '2026-W45', '--as-of', '2026-11-16T00:00:00Z'];

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-guard-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function configured(config: unknown, files: Record<string, string> = { 'calls.csv': CALLS }): string {
  return folder({ ...files, 'kpi.config.json': JSON.stringify(config) });
}

describe('--rejects guards', () => {
  it('refuses to overwrite an input', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', join(dir, 'calls.csv')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is one of the inputs');
    expect(readFileSync(join(dir, 'calls.csv'), 'utf8')).toBe(CALLS);
  });

  it('refuses stdout as the rejects file', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), ...WEEK, '--rejects', '-']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--rejects needs a file path');
  });

  it('leaves a rejects file in the data folder alone', async () => {
    const dir = folder({ 'calls.csv': `${CALLS}C2,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n` });
    await runCli(['report', '--data', dir, ...WEEK, '--rejects', join(dir, 'rejects.csv')]);
    const again = await runCli(['report', '--data', dir, ...WEEK]);

    expect(existsSync(join(dir, 'rejects.csv'))).toBe(true);
    expect(again.stderr).not.toContain('rejects.csv');
  });

  it('stops on an input behind a folder link', async () => {
    const dir = folder({ 'calls.csv': `${CALLS}C2,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n` });
    const link = join(mkdtempSync(join(tmpdir(), 'kpi-guard-link-')), 'exports');
    symlinkSync(dir, link);
    const result = await runCli(['report', '--data', link, ...WEEK, '--rejects', join(dir, 'calls.csv')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is one of the inputs');
    expect(readFileSync(join(dir, 'calls.csv'), 'utf8')).toContain('C2,ana');
  });

  it('refuses a folder export that a flag replaces', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const other = join(folder({ 'week.csv': `${CALLS}C2,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n` }), 'week.csv');
    const result = await runCli(['report', '--data', dir, '--calls', other, ...WEEK, '--rejects', join(dir, 'calls.csv')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is one of the inputs');
    expect(readFileSync(join(dir, 'calls.csv'), 'utf8')).toBe(CALLS);
  });

  const nullDevice = makeDevice('null');
  it.skipIf(nullDevice === null)('writes through a link to a device', async () => {
    const dir = folder({ 'calls.csv': `${CALLS}C2,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n` });
    const link = join(mkdtempSync(join(tmpdir(), 'kpi-guard-dev-')), 'rejects.csv');
    symlinkSync(nullDevice!, link);
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', link]);

    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(nullDevice!).isCharacterDevice()).toBe(true);
  });

  it('writes through a link to a file', async () => {
    const dir = folder({ 'calls.csv': `${CALLS}C2,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n` });
    const out = mkdtempSync(join(tmpdir(), 'kpi-guard-file-'));
    writeFileSync(join(out, 'week.csv'), 'old\n');
    symlinkSync(join(out, 'week.csv'), join(out, 'latest.csv'));
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', join(out, 'latest.csv')]);

    expect(result.code).toBe(0);
    expect(lstatSync(join(out, 'latest.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(out, 'week.csv'), 'utf8')).toContain('calls.csv,calls,3,talk_seconds,x');
  });

  it('keeps the permissions of a replaced file', async () => {
    const dir = folder({ 'calls.csv': `${CALLS}C2,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n` });
    const rejects = join(mkdtempSync(join(tmpdir(), 'kpi-guard-mode-')), 'rejects.csv');
    writeFileSync(rejects, 'old\n');
    chmodSync(rejects, 0o664);
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', rejects]);

    expect(result.code).toBe(0);
    expect(statSync(rejects).mode & 0o777).toBe(0o664);
    expect(readFileSync(rejects, 'utf8')).toContain('talk_seconds');
  });
});

describe('--rejects through a dangling link', () => {
  it('creates the link target', async () => {
    const dir = folder({ 'calls.csv': `${CALLS}C2,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n` });
    const out = mkdtempSync(join(tmpdir(), 'kpi-guard-dangling-'));
    symlinkSync('week.csv', join(out, 'latest.csv'));
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', join(out, 'latest.csv')]);

    expect(result.code).toBe(0);
    expect(lstatSync(join(out, 'latest.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(out, 'week.csv'), 'utf8')).toContain('calls.csv,calls,3,talk_seconds,x');
  });

  it('stops on a link loop', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const out = mkdtempSync(join(tmpdir(), 'kpi-guard-loop-'));
    symlinkSync('second.csv', join(out, 'first.csv'));
    symlinkSync('first.csv', join(out, 'second.csv'));
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', join(out, 'first.csv')]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('leads into a loop of symbolic links');
    expect(lstatSync(join(out, 'first.csv')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(out, 'second.csv')).isSymbolicLink()).toBe(true);
  });
});

describe('input guards', () => {
  it('skips a named pipe in the folder with a warning', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    execFileSync('mkfifo', [join(dir, 'live-calls.csv')]);
    const result = await runCli(['report', '--data', dir, ...WEEK, '--json']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('live-calls.csv: skipped because it is a named pipe, not a regular file');
    expect(JSON.parse(result.stdout).dataQuality.sources.map((source: { file: string }) => source.file)).toEqual(['calls.csv']);
  });

  it('skips a folder named like an export without a word', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    mkdirSync(join(dir, 'archive.csv'));
    const result = await runCli(['report', '--data', dir, ...WEEK]);

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('archive.csv');
  });

  it('names a broken link in the folder', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    symlinkSync(join(dir, 'missing-target.csv'), join(dir, 'old-calls.csv'));
    const result = await runCli(['report', '--data', dir, ...WEEK]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('old-calls.csv: cannot read the file, which is a symbolic link to a missing file');
    expect(result.stderr).toMatch(/^kpi: old-calls\.csv: /);
  });

  it('names a missing flag file by name', async () => {
    const dir = folder({});
    const result = await runCli(['report', '--calls', join(dir, 'gone.csv'), ...WEEK]);

    expect(result.code).toBe(3);
    expect(result.stderr).toBe('kpi: gone.csv: cannot read the file (ENOENT); check that it exists and is readable.\n');
  });

  it('keeps an error naming a file with a line end on one line', async () => {
    const dir = folder({});
    const result = await runCli(['report', '--calls', join(dir, 'gone\ncalls.csv'), ...WEEK]);

    expect(result.code).toBe(3);
    expect(result.stderr).toBe('kpi: gone\\ncalls.csv: cannot read the file (ENOENT); check that it exists and is readable.\n');
  });

  it('refuses an empty flag file path', async () => {
    const result = await runCli(['report', '--tickets', '', ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('kpi: --tickets needs a file path, or "-" for standard input; write for example --tickets tickets.csv.\n');
  });

  it('stops on a nearly canonical file', async () => {
    const text = 'call_id,agent,direction,started_at,talk_seconds\nC1,ana,inbound,2026-11-02T09:00:00Z,60\n';
    const result = await runCli(['report', '--data', folder({ 'calls.csv': text }), ...WEEK]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('calls.csv: looks like a calls file but lacks the required column(s) "outcome"');
  });

  it('rejects a talk time past the call limit', async () => {
    const text = 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,43201,resolved\n';
    const result = await runCli(['report', '--data', folder({ 'calls.csv': text }), ...WEEK, '--json']);
    const calls = JSON.parse(result.stdout).dataQuality.sources[0];

    expect(calls.rowsRejected).toBe(1);
    expect(calls.rejects[0].reason).toContain('longer than the 12-hour limit for one call');
  });

  it('rejects a duration too large to add up', async () => {
    const text = `call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,${'9'.repeat(309)},resolved\n`;
    const result = await runCli(['report', '--data', folder({ 'calls.csv': text }), ...WEEK]);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('longer than the 12-hour limit');
  });

  it('takes the call limit from the config', async () => {
    const text = 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,43201,resolved\n';
    const dir = configured({ limits: { maxCallHours: 24 } }, { 'calls.csv': text });
    const result = await runCli(['report', '--data', dir, ...WEEK, '--json']);

    expect(JSON.parse(result.stdout).dataQuality.sources[0].rowsUsed).toBe(1);
  });

  it('names the call of an unattributable survey', async () => {
    const surveys = 'survey_id,call_id,submitted_at,score\nS1,C404,2026-11-02T10:00:00Z,5\n';
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS, 'surveys.csv': surveys }), ...WEEK, '--json']);
    const reject = JSON.parse(result.stdout).dataQuality.sources.find((s: { kind: string }) => s.kind === 'surveys').rejects[0];

    expect([reject.column, reject.value]).toEqual(['call_id', 'C404']);
  });

  // The pass that collects referenced call ids hashes plain ASCII ids from their bytes; these ids need their text.
  it('joins surveys on padded call ids', async () => {
    const surveys = 'survey_id,call_id,submitted_at,score\nS1,  C1 ,2026-11-02T10:00:00Z,5\n';
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS, 'surveys.csv': surveys }), ...WEEK, '--json']);
    const ledger = JSON.parse(result.stdout).dataQuality.sources.find((s: { kind: string }) => s.kind === 'surveys');

    expect(ledger.rowsRejected).toBe(0);
    expect(ledger.rowsUsed).toBe(1);
  });

  it('joins surveys on non-ASCII call ids', async () => {
    const calls = `${CALLS}Ç2,ana,inbound,2026-11-02T09:05:00Z,60,resolved\n`;
    const surveys = 'survey_id,call_id,submitted_at,score\nS2,Ç2,2026-11-02T10:00:00Z,4\n';
    const result = await runCli(['report', '--data', folder({ 'calls.csv': calls, 'surveys.csv': surveys }), ...WEEK, '--json']);
    const ledger = JSON.parse(result.stdout).dataQuality.sources.find((s: { kind: string }) => s.kind === 'surveys');

    expect(ledger.rowsRejected).toBe(0);
    expect(ledger.rowsUsed).toBe(1);
  });

  it('names a mismatched sep= line', async () => {
    const calls = `sep=;\n${CALLS}`;
    const result = await runCli(['report', '--data', folder({ 'calls.csv': calls }), ...WEEK]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('calls.csv: not recognized as any source kind and skipped; the header reads as one column, "call_id,agent,');
    expect(result.stderr).toContain('the delimiter that the file\'s "sep=" line or the config sets does not match the file');
  });

  it('names a mismatched sep= line by flag', async () => {
    const calls = join(folder({ 'week.csv': `sep=;\n${CALLS}` }), 'week.csv');
    const result = await runCli(['report', '--calls', calls, ...WEEK]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('kpi: week.csv: the header reads as one column, "call_id,agent,');
  });

  it('groups unattributable surveys in validate', async () => {
    const surveys = 'survey_id,call_id,submitted_at,score\nS1,C404,2026-11-02T10:00:00Z,5\nS2,C405,2026-11-02T10:00:00Z,4\n';
    const result = await runCli(['validate', '--data', folder({ 'calls.csv': CALLS, 'surveys.csv': surveys })]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('2 × column "call_id": no call file has this call with an agent, and the survey has no agent');
    expect(result.stdout).toContain('surveys.csv:2: "C404"');
    expect(result.stdout).toContain('surveys.csv:3: "C405"');
  });

  it('shows control characters in file names escaped', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS, '\u001b[31mred.csv': 'x,y\n1,2\n' }), ...WEEK]);

    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toContain('\\x1b[31mred.csv');
  });
});

describe('config guards', () => {
  it('words an empty list or text plainly', async () => {
    const result = await runCli(['report', '--data', configured({ businessHours: { days: [] }, sources: { a: { kind: 'calls', files: 'calls.csv', columns: { call_id: '' } } } }), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  businessHours.days: expected at least one entry (got []).');
    expect(result.stderr).not.toContain('Too small');
  });

  it('words a low number and a missing key plainly', async () => {
    const config = { minimumSample: { calls: -1 }, sources: { a: { kind: 'calls', files: 'calls.csv', columns: { ended_at: { from: 'started_at' } } } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  minimumSample.calls: expected a number of at least 0 (got -1).');
    expect(result.stderr).toContain('  sources.a.columns.ended_at.add: expected a string (missing).');
  });

  it('refuses a holiday that does not exist', async () => {
    const result = await runCli(['report', '--data', configured({ holidays: ['2026-02-30'] }), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holidays[0]: expected a date that exists on the calendar');
  });

  it('refuses a mapped field the kind lacks', async () => {
    const result = await runCli(['report', '--data', configured({ sources: { phone: { kind: 'calls', files: 'calls.csv', columns: { agnt: 'agent' } } } }), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources.phone.columns.agnt: "agnt" is not a field of calls files');
  });

  it('refuses a value map to an unknown outcome', async () => {
    const config = { sources: { phone: { kind: 'calls', files: 'calls.csv', columns: { outcome: { column: 'outcome', map: { Done: 'resolvd' } } } } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('sources.phone.columns.outcome.map["Done"] is "resolvd", which is not a valid outcome');
  });

  it('names every bad mapping beside other bad keys', async () => {
    const columns = { agnt: 'agent', outcome: { column: 'outcome', map: { Done: 'resolvd' } } };
    const config = { timezone: 'Mars/Olympus', sources: { phone: { kind: 'calls', files: 'calls.csv', timezone: 'Bad/Zone', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  timezone: expected an IANA time zone name');
    expect(result.stderr).toContain('  sources.phone.timezone: expected an IANA time zone name');
    expect(result.stderr).toContain('  sources.phone.columns.agnt: "agnt" is not a field of calls files');
    expect(result.stderr).toContain('  sources.phone.columns.outcome.map["Done"] is "resolvd", which is not a valid outcome');
  });

  it('names bad mappings beside a malformed field', async () => {
    const columns = { talk_seconds: { column: 'talk', unit: 'fortnights' }, outcome: { value: 'resolvd' } };
    const config = { sources: { phone: { kind: 'calls', files: 'calls.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.columns.talk_seconds.unit: Invalid option: expected one of "seconds"|"minutes"|"hours" (got "fortnights").');
    expect(result.stderr).toContain('  sources.phone.columns.outcome.value is "resolvd", which is not a valid outcome');
  });

  it('names misplaced field forms on load', async () => {
    const columns = { ended_at: { next: 'started_at' }, agent: { from: 'start', add: 'talk' }, customer: { column: 'caller', pattern: '([' } };
    const config = { sources: { phone: { kind: 'calls', files: 'nothing-matches.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.columns.ended_at is { "next": "started_at" }, which only agent_status ended_at accepts');
    expect(result.stderr).toContain('  sources.phone.columns.agent uses "from" and "add", which only a timestamp field can');
    expect(result.stderr).toContain('  sources.phone.columns.customer.pattern is not a valid regular expression');
  });

  it('names the part a field form lacks', async () => {
    const columns = { ended_at: { from: 'start' }, started_at: { column: 'start', add: 'talk' } };
    const config = { sources: { phone: { kind: 'calls', files: 'nothing-matches.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.columns.ended_at.add:');
    expect(result.stderr).not.toContain('unknown key(s) "from"');
    expect(result.stderr).toContain('  sources.phone.columns.started_at: unknown key(s) "column"');
    expect(result.stderr).toContain('  sources.phone.columns.started_at.from:');
  });

  it('rejects keys of two field forms', async () => {
    const cases = [{ when: { Answered: 'N' }, value: 'missed' }];
    const columns = { outcome: { cases, otherwise: { value: 'resolved' }, column: 'outcome' }, direction: { value: 'inbound', map: { in: 'inbound' } } };
    const config = { sources: { phone: { kind: 'calls', files: 'nothing-matches.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.columns.outcome: unknown key(s) "column"');
    expect(result.stderr).toContain('  sources.phone.columns.direction: unknown key(s) "map"');
  });

  it('names a next that is not started_at', async () => {
    const columns = { ended_at: { next: 'startd_at' } };
    const config = { sources: { presence: { kind: 'agent_status', files: 'nothing-matches.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.presence.columns.ended_at.next: ');
    expect(result.stderr).toContain('(got "startd_at")');
    expect(result.stderr).not.toContain('unknown key(s) "next"');
  });

  it('names a date and time on a non-timestamp', async () => {
    const columns = { direction: { date: 'Date', time: 'Time' }, started_at: { date: 'Date', time: 'Time' } };
    const config = { sources: { phone: { kind: 'calls', files: 'nothing-matches.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.columns.direction uses "date" and "time", which only a timestamp field can; map direction to a column.');
    expect(result.stderr).not.toContain('columns.started_at');
  });

  it('names the default close hour', async () => {
    const result = await runCli(['report', '--data', configured({ businessHours: { open: '18:00' } }), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('businessHours.close: expected a time later than businessHours.open (18:00)');
    expect(result.stderr).toContain('set it, because the default, 17:00, is not later');
  });

  it('refuses a boolean constant that is not one', async () => {
    const columns = { escalated: { value: 'maybe' }, callback_required: { column: 'cb', map: { later: 'perhaps', now: 'Yes' } } };
    const config = { sources: { phone: { kind: 'calls', files: 'calls.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.columns.escalated.value is "maybe", which is not a valid boolean; use one of true, false, yes, no, y, n, 1, 0.');
    expect(result.stderr).toContain('  sources.phone.columns.callback_required.map["later"] is "perhaps"');
    expect(result.stderr).not.toContain('map["now"]');
  });

  it('reports an empty required value', async () => {
    const columns = { outcome: { value: '' }, direction: { column: 'direction', map: { in: 'inbound', unknown: ' ' } }, escalated: { value: '' } };
    const config = { sources: { phone: { kind: 'calls', files: 'calls.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.columns.outcome.value is empty, but outcome is required, so each row that gets it is rejected; use one of resolved,');
    expect(result.stderr).toContain('  sources.phone.columns.direction.map["unknown"] is empty, but direction is required');
    expect(result.stderr).not.toContain('columns.escalated');
  });

  it('explains a missing files key', async () => {
    const result = await runCli(['report', '--data', configured({ sources: { phone: { kind: 'calls' } } }), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('  sources.phone.files: expected a file name such as "calls.csv", a pattern with * and ?, or a list of them (missing).');
  });

  it('explains a malformed target', async () => {
    const result = await runCli(['report', '--data', configured({ targets: { aht: { op: '=<', value: 300 } } }), ...WEEK]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('targets.aht: expected { "op": "<" | "<=" | ">" | ">=", "value": number }');
  });

  it('falls back to UTC without a system zone name', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), ...WEEK, '--json'], { systemZone: undefined });

    expect(JSON.parse(result.stdout).period.timezone).toBe('UTC');
    expect(result.stderr).toContain('the system time zone has no IANA name, so the report uses UTC');
  });
});

describe('period guards', () => {
  it('refuses a repeated period flag', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), '--week', '2026-W45', '--week', '2026-W46']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--week is given 2 times');
  });
});

describe('year guards', () => {
  it('refuses a week in a mistyped year', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), '--week', '0226-W47']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--week "0226-W47" has the year 0226, outside 1900 to 2999');
  });

  it('refuses an as-of in a mistyped year', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), '--as-of', '0001-01-01']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--as-of "0001-01-01" has the year 0001');
  });

  it('refuses a range ending in year 9999', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), '--from', '2026-01-01', '--to', '9999-12-31']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--to "9999-12-31" has the year 9999');
  });
});

describe('agent guards', () => {
  it('warns when --agent matches nobody', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), ...WEEK, '--agent', 'nobody@example.com']);

    expect(result.stderr).toContain('no agent named by --agent (nobody@example.com) has data in 2026-W45');
  });
});

describe('more guards', () => {
  it('refuses a folder as the rejects file', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', dir]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a folder; give a file path');
  });

  it('refuses a rejects path ending in a slash', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const missing = join(mkdtempSync(join(tmpdir(), 'kpi-guard-slash-')), 'new.csv');
    const result = await runCli(['report', '--data', dir, ...WEEK, '--rejects', `${missing}/`]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ends with a slash, so it names a folder');
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a folder as the init output', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const result = await runCli(['init', dir, '--output', dir, '--force']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a folder; give a file path');
  });

  it('names a placeholder that stands for a required value', async () => {
    const config = { sources: { phone: { kind: 'calls', files: 'calls.csv', missing: ['[None]'], columns: { agent: 'agent', call_id: 'call_id' } } } };
    const text = 'call_id,agent,direction,started_at,talk_seconds,outcome\n[None],ana,inbound,2026-11-02T09:00:00Z,60,resolved\n';
    const result = await runCli(['report', '--data', configured(config, { 'calls.csv': text }), ...WEEK, '--json']);
    const reject = JSON.parse(result.stdout).dataQuality.sources[0].rejects[0];

    expect(reject.value).toBe('[None]');
    expect(reject.reason).toContain('call_id is empty after reading "[None]"');
  });

  it('hints at decimal commas', async () => {
    const text = 'call_id;agent;direction;started_at;talk_seconds;outcome\nC1;ana;inbound;2026-11-02T09:00:00Z;60,5;resolved\n';
    const result = await runCli(['report', '--data', folder({ 'calls.csv': text }), ...WEEK]);

    expect(result.stderr).toContain('if the column uses a decimal comma, set "decimalComma": true');
  });
});

describe('lead guards', () => {
  it('warns when no lead has a won stage', async () => {
    const leads = 'lead_id,agent,stage,won_at\nL1,ana,Closed Won,2026-11-03T10:00:00Z\nL2,ana,Lost,\n';
    const result = await runCli(['report', '--data', folder({ 'leads.csv': leads }), ...WEEK]);

    expect(result.stderr).toContain('none of 2 lead(s) has a won stage (wonStages: won)');
  });
});

describe('--agent guard', () => {
  it('rejects a flag as the agent key', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const result = await runCli(['report', '--data', dir, ...WEEK, '--agent', '--json']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--agent needs an agent key, but is followed by the flag --json');
  });

  it('accepts a key with one leading dash', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const result = await runCli(['report', '--data', dir, ...WEEK, '--json', '--agent', '-ana']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).agents).toEqual([]);
  });
});

describe('empty files', () => {
  it('skips an empty file in the folder', async () => {
    const dir = folder({ 'calls.csv': CALLS, 'extra.csv': '\uFEFF' });
    const result = await runCli(['report', '--data', dir, ...WEEK, '--json']);

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('extra.csv: skipped because it is empty (no header row)');
  });

  it('stops on an empty file given by flag', async () => {
    const dir = folder({ 'calls.csv': '' });
    const result = await runCli(['report', ...WEEK, '--calls', join(dir, 'calls.csv')]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('calls.csv: the file is empty (no header row); export it again with its header row, or remove it.');
  });
});

describe('format and colour flags', () => {
  it('refuses --json beside another --format', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), ...WEEK, '--json', '--format', 'csv']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--json asks for JSON but --format asks for csv');
    expect(result.stdout).toBe('');
  });

  it('takes --json with --format json', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': CALLS }), ...WEEK, '--json', '--format', 'json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).period.label).toBe('2026-W45');
  });

  it('accepts --no-color on validate and init', async () => {
    const dir = folder({ 'calls.csv': CALLS });
    const plain = await runCli(['validate', '--data', dir]);
    const validate = await runCli(['validate', '--data', dir, '--no-color']);
    const init = await runCli(['init', dir, '--print', '--no-color']);

    expect(validate).toEqual(plain);
    expect(init.code).toBe(0);
  });
});

describe('a file given by a flag', () => {
  const AMBIGUOUS = 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,03/05/2026 09:00,60,resolved\n';
  const MAY = ['--month', '2026-05', '--as-of', '2026-12-01T00:00:00Z', '--json'];

  it('names the entry for ambiguous dates', async () => {
    const other = folder({ 'x.csv': AMBIGUOUS });
    const result = await runCli(['report', '--data', configured({ timezone: 'UTC' }, {}), '--calls', join(other, 'x.csv'), ...MAY]);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('add the entry "calls": {"kind":"calls","files":"x.csv","dateOrder":"DMY"}');
    expect(result.stderr).not.toContain('kpi init');
  });

  it('reads through a matching entry', async () => {
    const other = folder({ 'x.csv': AMBIGUOUS });
    const config = { timezone: 'UTC', sources: { calls: { kind: 'calls', files: 'x.csv', dateOrder: 'DMY' } } };
    const result = await runCli(['report', '--data', configured(config, {}), '--calls', join(other, 'x.csv'), ...MAY]);

    // Day first, 03/05 is 3 May: the call is in May.
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).team.calls.handled).toBe(1);
    expect(result.stderr).not.toContain('no file in');
  });

  it('reads once per matching entry', async () => {
    const other = folder({ 'x.csv': AMBIGUOUS });
    const config = {
      timezone: 'UTC',
      sources: { monthFirst: { kind: 'calls', files: 'x*.csv', dateOrder: 'MDY' }, dayFirst: { kind: 'calls', files: 'x.csv', dateOrder: 'DMY' } },
    };
    const result = await runCli(['report', '--data', configured(config, {}), '--calls', join(other, 'x.csv'), ...MAY]);
    const ledgers = JSON.parse(result.stdout).dataQuality.sources;

    // Month first, C1 is 5 March (outside May); day first, 3 May. The second read of the same call is a duplicate.
    expect(result.code).toBe(0);
    expect(ledgers.map((ledger: { rowsUsed: number; rowsOutsidePeriod: number; rowsDuplicate: number }) => [ledger.rowsUsed, ledger.rowsOutsidePeriod, ledger.rowsDuplicate])).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(result.stderr).not.toContain('no file in');
  });

  it('skips the no-match warning without a folder', async () => {
    const dir = configured({ timezone: 'UTC', sources: { phone: { kind: 'calls', files: 'vendor-*.csv' } } }, { 'c.csv': CALLS });
    const result = await runCli(['report', '--calls', join(dir, 'c.csv'), ...WEEK], { cwd: dir });

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('no file in');
  });

  it('maps a vendor export through an entry', async () => {
    const other = folder({ 'vendor.csv': 'Id,Who,Way,Start,Talk,Result\nC1,ana,inbound,2026-05-04T09:00:00Z,60,resolved\n' });
    const columns = { call_id: 'Id', agent: 'Who', direction: 'Way', started_at: 'Start', talk_seconds: 'Talk', outcome: 'Result' };
    const config = { timezone: 'UTC', sources: { phone: { kind: 'calls', files: 'vendor*.csv', columns } } };
    const result = await runCli(['report', '--data', configured(config, {}), '--calls', join(other, 'vendor.csv'), ...MAY]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).team.calls.handled).toBe(1);
  });
});
