import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnBounded } from '../spawn-bounded.js';
import { REPO_ROOT, runCli } from './run-cli.js';

// Most tests run the built bin/kpi.cjs twice. With KPI_WORKER_MIN_BYTES=0, the
// schedule and status files go to a worker thread whatever their size. With a
// limit that no fixture reaches, every file is read on one thread. The worker
// must not change any output: stdout, stderr, the exit code or the --rejects file.
const BIN = join(REPO_ROOT, 'bin/kpi.cjs');
// The flag of the bin's shebang, without which a run can hang at exit (see bin/kpi.cjs).
const FLAG = '--no-concurrent-recompilation';
const ALWAYS = '0';
const NEVER = String(Number.MAX_SAFE_INTEGER);

const scratch = mkdtempSync(join(tmpdir(), 'kpi-worker-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  rejects: string | null;
}

function run(args: readonly string[], minBytes: string): Run {
  // Every run uses the same path, because stderr names it and must match between runs.
  // Each run replaces the file.
  const rejectsFile = join(scratch, 'rejects.csv');
  rmSync(rejectsFile, { force: true });
  const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120', KPI_WORKER_MIN_BYTES: minBytes };
  const result = spawnBounded(process.execPath, [FLAG, BIN, ...args, '--rejects', rejectsFile], { env });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    rejects: existsSync(rejectsFile) ? readFileSync(rejectsFile, 'utf8') : null,
  };
}

/** Runs the command with and without the worker, asserts that both runs match, and returns the worker's run. */
function bothWays(args: readonly string[]): Run {
  const worker = run(args, ALWAYS);
  const single = run(args, NEVER);
  expect(worker).toEqual(single);
  return worker;
}

/** Copies a fixture folder into the scratch folder and writes `changes` over its files. */
function fixture(from: string, changes: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(scratch, 'data-'));
  cpSync(join(REPO_ROOT, from), dir, { recursive: true });
  for (const [file, text] of Object.entries(changes)) writeFileSync(join(dir, file), text);
  return dir;
}

const SMALL = join(REPO_ROOT, 'fixtures/golden/small');
const smallWeek = ['--week', '2026-W44', '--as-of', '2026-11-02T12:00:00-05:00'];

describe('kpi report read worker', () => {
  it('matches one thread on demo week', () => {
    const demo = ['report', '--data', join(REPO_ROOT, 'fixtures/demo'), '--week', '2026-W47', '--as-of', '2026-11-30T08:00:00-05:00'];

    const json = bothWays([...demo, '--json']);
    const table = bothWays(demo);

    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout).dataQuality.sources.map((s: { file: string }) => s.file)).toContain('agent_status.csv');
    expect(json.rejects).toContain('calls.csv,calls,7095,talk_seconds,4:7x');
    expect(table.stdout).toContain('Adher');
  });

  // The main thread reads zone offsets through TZ and the worker through
  // Intl. A year written before 100, or before year 1, must read alike in both.
  it('matches one thread on rows in years 0 and 1', () => {
    const dir = mkdtempSync(join(scratch, 'data-'));
    writeFileSync(join(dir, 'kpi.config.json'), '{"timezone":"America/New_York"}');
    writeFileSync(
      join(dir, 'calls.csv'),
      'call_id,agent,direction,started_at,ended_at,talk_seconds,hold_seconds,after_call_work_seconds,outcome,escalated,callback_required\n' +
        'C1,ana@example.com,inbound,2026-10-26 09:10:00,2026-10-26 09:14:30,240,30,60,resolved,false,no\n',
    );
    writeFileSync(
      join(dir, 'schedule.csv'),
      'agent,activity,starts_at,ends_at\nana@example.com,shift,0000-12-31 23:00:00,0001-01-01 01:00:00\nana@example.com,shift,2026-10-26 09:00:00,2026-10-26 13:00:00\n',
    );

    const result = bothWays(['report', '--data', dir, '--from', '1900-01-01', '--to', '2999-12-31', '--as-of', '2026-11-02T12:00:00-05:00', '--json']);

    expect(result.status).toBe(0);
    // The shift of 31 December, year 0, lies before the period, not in 1900.
    const schedule = JSON.parse(result.stdout).dataQuality.sources.find((s: { kind: string }) => s.kind === 'schedule');
    expect(schedule.rowsUsed).toBe(1);
    expect(schedule.rowsOutsidePeriod).toBe(1);
  });

  it('matches one thread on hand-computed week', () => {
    const result = bothWays(['report', '--data', SMALL, ...smallWeek, '--json']);

    expect(result.status).toBe(0);
  });

  it('lists schedule and status rejects first', () => {
    const status = readFileSync(join(SMALL, 'agent_status.csv'), 'utf8');
    const calls = readFileSync(join(SMALL, 'calls.csv'), 'utf8');
    const dir = fixture('fixtures/golden/small', {
      'agent_status.csv': `${status.trimEnd()}\nana,napping,2026-10-27T09:00:00-04:00,2026-10-27T09:30:00-04:00\n`,
      'calls.csv': `${calls.trimEnd()}\nX1,ana,sideways,2026-10-27T09:00:00-04:00,,60,0,0,resolved,no,no,\n`,
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    const kinds = result.rejects!.trim().split('\n').slice(1).map((line) => line.split(',')[1]);
    const lastTimeRow = Math.max(kinds.lastIndexOf('schedule'), kinds.lastIndexOf('agent_status'));
    expect(result.rejects).toMatch(/\nagent_status\.csv,agent_status,\d+,status,napping,/);
    expect(kinds.indexOf('calls')).toBeGreaterThan(lastTimeRow);
  });

  it('names off-roster agent by first spelling', () => {
    // Zed.New in agent_status.csv comes before zed.new in calls.csv in the read order.
    const status = readFileSync(join(SMALL, 'agent_status.csv'), 'utf8');
    const calls = readFileSync(join(SMALL, 'calls.csv'), 'utf8');
    const dir = fixture('fixtures/golden/small', {
      'agent_status.csv': `${status.trimEnd()}\nZed.New,available,2026-10-27T09:00:00-04:00,2026-10-27T09:30:00-04:00\n`,
      'calls.csv': `${calls.trimEnd()}\nX2,zed.new,inbound,2026-10-27T09:05:00-04:00,2026-10-27T09:10:00-04:00,240,0,60,resolved,no,no,\n`,
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    const zed = JSON.parse(result.stdout).agents.find((agent: { agent: string }) => agent.agent === 'zed.new');
    expect(zed.name).toBe('Zed.New');
  });

  it('spills 5000 rejects in order', () => {
    const status = readFileSync(join(SMALL, 'agent_status.csv'), 'utf8');
    const bad = Array.from({ length: 5000 }, (_, i) => `ana,state${i},2026-10-27T09:00:00-04:00,2026-10-27T09:30:00-04:00`).join('\n');
    const dir = fixture('fixtures/golden/small', { 'agent_status.csv': `${status.trimEnd()}\n${bad}\n` });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    const states = result.rejects!.split('\n').filter((line) => /,state\d+,/.test(line));
    expect(states).toHaveLength(5000);
    expect(states[4999]).toContain(',state4999,');
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('kpi-rejects-'))).toEqual([]);
  });

  it('prefers status error to calls error', () => {
    const dir = fixture('fixtures/golden/small', {
      'agent_status.csv': 'agent,status,started_at,ended_at\nana,available,"2026-10-27T09:00:00-04:00,2026-10-27T09:30:00-04:00\n',
      'calls.csv': 'call_id,agent,direction,started_at,ended_at,talk_seconds,hold_seconds,after_call_work_seconds,outcome,escalated,callback_required,customer\nX3,ana,inbound,"2026-10-27\n',
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    expect(result.status).toBe(3);
    expect(result.stderr).toContain('agent_status.csv:2: a quoted field opened on this line is never closed');
  });

  it('reports calls error with valid status', () => {
    const dir = fixture('fixtures/golden/small', {
      'calls.csv': 'call_id,agent,direction,started_at,ended_at,talk_seconds,hold_seconds,after_call_work_seconds,outcome,escalated,callback_required,customer\nX3,ana,inbound,"2026-10-27\n',
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    expect(result.status).toBe(3);
    expect(result.stderr).toContain('calls.csv:2: a quoted field opened on this line is never closed');
  });

  it('rejects non-numeric KPI_WORKER_MIN_BYTES', () => {
    const result = run(['report', '--data', SMALL, ...smallWeek], '16MB');

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('KPI_WORKER_MIN_BYTES is "16MB", not a number of bytes');
  });

  it('fails cleanly when the worker cannot start', async () => {
    // A worker script that throws on load: the report must stop with an error, not wait forever,
    // and leave none of the temporary files that hold rejected rows.
    const entry = join(scratch, 'broken-worker.mjs');
    writeFileSync(entry, "throw new Error('the worker script failed to load');\n");
    const calls = readFileSync(join(SMALL, 'calls.csv'), 'utf8');
    const bad = Array.from({ length: 5000 }, (_, i) => `Y${i},ana,sideways,2026-10-27T09:00:00-04:00,,60,0,0,resolved,no,no`).join('\n');
    const dir = fixture('fixtures/golden/small', { 'calls.csv': `${calls.trimEnd()}\n${bad}\n` });
    const spills = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('kpi-rejects-'));
    const before = spills();

    const result = await runCli(['report', '--data', dir, ...smallWeek], { env: { KPI_WORKER_MIN_BYTES: '0' }, workerEntry: entry });

    expect(result.code).toBe(70);
    expect(result.stderr).toContain('the worker script failed to load');
    expect(spills()).toEqual(before);
  });

  it('keeps read order across threads', () => {
    // Calls and surveys are read on the main thread, bookings on the worker, and
    // one thread reads calls, then bookings, then surveys.
    const calls = readFileSync(join(SMALL, 'calls.csv'), 'utf8');
    const bookings = readFileSync(join(SMALL, 'bookings.csv'), 'utf8');
    const surveys = readFileSync(join(SMALL, 'surveys.csv'), 'utf8');
    const dir = fixture('fixtures/golden/small', {
      'calls.csv': `${calls.trimEnd()}\nX4,Cy.Calls,inbound,2026-10-27T09:05:00-04:00,2026-10-27T09:10:00-04:00,240,0,60,resolved,no,no\nX5,ana,sideways,2026-10-27T09:00:00-04:00,,60,0,0,resolved,no,no\n`,
      'bookings.csv': `${bookings.trimEnd()}\nB9,CY.CALLS,2026-10-27T10:00:00-04:00\nB10,Di.Bookings,2026-10-27T10:00:00-04:00\nB11,ana,not a date\n`,
      'surveys.csv': `${surveys.trimEnd()}\nS9,,di.BOOKINGS,2026-10-27T11:00:00,4\nS10,,ana,2026-10-27T11:00:00,9\n`,
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    const names = new Map(JSON.parse(result.stdout).agents.map((agent: { agent: string; name: string }) => [agent.agent, agent.name]));
    expect(names.get('cy.calls')).toBe('Cy.Calls');
    expect(names.get('di.bookings')).toBe('Di.Bookings');
    const files = result.rejects!.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    const order = ['schedule.csv', 'agent_status.csv', 'calls.csv', 'bookings.csv', 'leads.csv', 'tickets.csv', 'surveys.csv', 'complaints.csv'];
    expect(files).toContain('bookings.csv');
    expect(files).toContain('surveys.csv');
    expect(files.map((file) => order.indexOf(file!))).toEqual([...files.map((file) => order.indexOf(file!))].sort((a, b) => a - b));
  });

  it('prefers calls error to bookings error', () => {
    const broken = (header: string) => `${header}\nX,"unclosed\n`;
    const dir = fixture('fixtures/golden/small', {
      'calls.csv': broken('call_id,agent,direction,started_at,ended_at,talk_seconds,hold_seconds,after_call_work_seconds,outcome,escalated,callback_required'),
      'bookings.csv': broken('booking_id,agent,created_at'),
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    expect(result.status).toBe(3);
    expect(result.stderr).toContain('calls.csv:2: a quoted field opened on this line is never closed');
  });

  it('prefers tickets error to surveys error', () => {
    const broken = (header: string) => `${header}\nX,"unclosed\n`;
    const dir = fixture('fixtures/golden/small', {
      'tickets.csv': broken('ticket_id,created_by,created_at,resolved_at'),
      'surveys.csv': broken('survey_id,call_id,agent,submitted_at,score'),
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    expect(result.status).toBe(3);
    expect(result.stderr).toContain('tickets.csv:2: a quoted field opened on this line is never closed');
  });

  /** Returns a fixture file with two more rows for agent José: the first in UTF-8, the second in windows-1252. */
  function withMixedEncodings(file: string, utf8Row: string, windows1252Row: string): Buffer {
    const text = readFileSync(join(SMALL, file), 'utf8');
    return Buffer.concat([Buffer.from(`${text.trimEnd()}\n${utf8Row}\n`), Buffer.from(`${windows1252Row}\n`, 'latin1')]);
  }

  const mixedCalls = withMixedEncodings(
    'calls.csv',
    'X8,José,inbound,2026-10-27T09:00:00-04:00,,60,0,0,resolved,no,no',
    'X9,José,inbound,2026-10-27T10:00:00-04:00,,60,0,0,resolved,no,no',
  );
  const mixedBookings = withMixedEncodings('bookings.csv', 'B20,José,10/27/2026 09:15 AM', 'B21,José,10/27/2026 09:20 AM');

  it('warns of mixed encodings in read order', () => {
    // calls.csv is read on the main thread and bookings.csv on the worker; one thread reads calls first.
    const dir = fixture('fixtures/golden/small', { 'calls.csv': mixedCalls, 'bookings.csv': mixedBookings });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    expect(result.status).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('is not valid UTF-8'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^kpi: warning: .*calls\.csv:\d+: byte 0xE9 at offset \d+ is not valid UTF-8, so the file is read as windows-1252/);
    expect(warnings[1]).toContain('bookings.csv:');
    expect(warnings[1]).toContain('has the UTF-8 text "José", which now reads "JosÃ©"');
  });

  it('warns of mixed encodings before a later error', () => {
    // bookings.csv, read on the worker, comes before surveys.csv, whose error the main thread raises.
    const dir = fixture('fixtures/golden/small', {
      'bookings.csv': mixedBookings,
      'surveys.csv': 'survey_id,call_id,agent,submitted_at,score\nX,"unclosed\n',
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/bookings\.csv:\d+: byte 0xE9 at offset \d+ is not valid UTF-8[^\n]*\n[^\n]*surveys\.csv:2: a quoted field/);
  });

  it('drops warnings after an earlier error', () => {
    // calls.csv fails before bookings.csv comes in the read order, so its warning never shows.
    const dir = fixture('fixtures/golden/small', {
      'calls.csv': 'call_id,agent,direction,started_at,talk_seconds,outcome\nX,"unclosed\n',
      'bookings.csv': mixedBookings,
    });

    const result = bothWays(['report', '--data', dir, ...smallWeek, '--json']);

    expect(result.status).toBe(3);
    expect(result.stderr).not.toContain('not valid UTF-8');
  });

  it('shows worker files in progress bar', async () => {
    // A clock that jumps two seconds at every reading, so the bar draws at every chunk.
    let time = 0;
    const clock = (): number => (time += 2000);
    const environment = { env: { KPI_WORKER_MIN_BYTES: '0' }, workerEntry: BIN, stderrTty: true, clock };

    const result = await runCli(['report', '--data', SMALL, ...smallWeek], environment);

    // The worker reads tickets.csv last, and its final progress is relayed when its result arrives.
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('reading tickets.csv');
    expect(result.stderr).toContain('reading calls.csv');
  });
});
