import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDevice } from '../device.js';
import { spawnBounded } from '../spawn-bounded.js';
import { REPO_ROOT } from './run-cli.js';

// These run the built bin/kpi.cjs as a user would; `npm test` builds first.
const BIN = join(REPO_ROOT, 'bin/kpi.cjs');
// The flag of the bin's shebang, without which a run can hang at exit (see bin/kpi.cjs).
const FLAG = '--no-concurrent-recompilation';
const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', COLUMNS: '120' };
const demo = ['report', '--data', join(REPO_ROOT, 'fixtures/demo'), '--week', '2026-W47', '--as-of', '2026-11-30T08:00:00-05:00'];

describe('bin/kpi.cjs', () => {
  it('prints help and exits 0', () => {
    const result = spawnBounded(process.execPath, [FLAG, BIN, 'report', '--help'], { env });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--fail-on-miss');
  });

  it('passes its shebang flag to Node', () => {
    // The shebang's flag (see bin/kpi.cjs) shows in the process's own argument list.
    const probe = join(mkdtempSync(join(tmpdir(), 'kpi-shebang-')), 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => process.stderr.write(`flags: ${process.execArgv.join(' ')}\\n`));\n");
    const result = spawnBounded(BIN, ['--version'], { env: { ...env, NODE_OPTIONS: `--require ${probe}` } });

    expect(result.status).toBe(0);
    expect(result.stderr).toContain('flags: --no-concurrent-recompilation');
  });

  it('ends quietly when the pipe closes', () => {
    const command = `"${process.execPath}" ${FLAG} "${BIN}" ${demo.map((a) => `"${a}"`).join(' ')} --json | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const result = spawnBounded('bash', ['-c', command], { env });

    expect(result.stdout.trim()).toBe('0');
    expect(result.stderr).not.toContain('EPIPE');
  });

  // /dev/full fails every write with ENOSPC, as a full disk does.
  it.skipIf(!existsSync('/dev/full'))('exits 74 when stdout is full', () => {
    const command = `"${process.execPath}" ${FLAG} "${BIN}" ${demo.map((a) => `"${a}"`).join(' ')} --json >/dev/full`;
    const result = spawnBounded('bash', ['-c', command], { env });

    expect(result.status).toBe(74);
    expect(result.stderr).toContain('kpi: cannot write the report to standard output (ENOSPC); free some disk space or write to another place.');
    expect(result.stderr).not.toContain('unexpected error');
  });

  const fullDevice = makeDevice('full');
  it.skipIf(fullDevice === null)('exits 74 when the rejects file is full', () => {
    const result = spawnBounded(process.execPath, [FLAG, BIN, ...demo, '--rejects', fullDevice!], { env });

    expect(result.status).toBe(74);
    expect(result.stderr).toContain(`kpi: cannot write the rejects to ${fullDevice} (ENOSPC)`);
    expect(statSync(fullDevice!).isCharacterDevice()).toBe(true);
  });

  it('keeps stdout to the JSON document', () => {
    const result = spawnBounded(process.execPath, [FLAG, BIN, ...demo, '--json'], { env });

    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toContain('calls.csv:7095');
  });

  it('exits 2 without a subcommand argument it knows', () => {
    const result = spawnBounded(process.execPath, [FLAG, BIN, 'reprot'], { env });

    expect(result.status).toBe(2);
  });

  // The binary reads zone offsets through the process clock, which changes
  // TZ (src/time/process-clock.ts); the system zone must still be the one
  // TZ named at start.
  it('takes the team zone from TZ when no config names one', () => {
    const data = mkdtempSync(join(tmpdir(), 'kpi-tz-'));
    copyFileSync(join(REPO_ROOT, 'fixtures/demo/calls.csv'), join(data, 'calls.csv'));
    const args = [FLAG, BIN, 'report', '--data', data, '--week', '2026-W47', '--as-of', '2026-11-30T08:00:00Z', '--json'];

    for (const [tz, zone, start] of [
      ['America/Chicago', 'America/Chicago', '2026-11-16T00:00:00-06:00'],
      ['Asia/Kolkata', 'Asia/Calcutta', '2026-11-16T00:00:00+05:30'],
    ]) {
      const result = spawnBounded(process.execPath, args, { env: { ...env, TZ: tz } });

      expect(result.status, result.stderr).toBe(0);
      const period = JSON.parse(result.stdout).period;
      expect(period.timezone).toBe(zone);
      expect(period.start).toBe(start);
    }
  });

  it('names the Node version it needs on a Node without getBuiltinModule', () => {
    // Node before 20.16 has no process.getBuiltinModule; a preload takes it away to act as one.
    const preload = join(mkdtempSync(join(tmpdir(), 'kpi-old-node-')), 'old-node.cjs');
    writeFileSync(preload, 'delete process.getBuiltinModule;\n');
    const result = spawnBounded(process.execPath, [FLAG, '--require', preload, BIN, '--version'], { env });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('install Node.js 20.16 or later');
  });

  it('still runs from the old bin/kpi.js', () => {
    const result = spawnBounded(process.execPath, [join(REPO_ROOT, 'bin/kpi.js'), 'report', '--help'], { env });

    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--fail-on-miss');
  });
});

describe('a named pipe given by --calls', () => {
  it('stops with an error rather than waiting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-fifo-'));
    const calls = join(dir, 'calls.csv');
    writeFileSync(calls, 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n');
    const fifo = join(dir, 'pipe.csv');
    // The writer is started once, as a shell's process substitution is. The
    // data folder gives the writer time to finish before kpi reads the pipe
    // again. The last cat lets a writer that is still waiting end.
    const args = [FLAG, BIN, ...demo.slice(0, 3), '--calls', fifo, ...demo.slice(3)].map((arg) => `"${arg}"`).join(' ');
    const script = [
      `mkfifo "${fifo}"`,
      `(cat "${calls}" > "${fifo}" &) >/dev/null 2>&1`,
      `timeout 10 "${process.execPath}" ${args} >/dev/null; echo "exit $?"`,
      `timeout 5 cat "${fifo}" >/dev/null`,
    ].join('\n');
    const result = spawnBounded('bash', ['-c', script], { env });

    expect(result.stdout).not.toContain('exit 124');
    expect(result.stdout).toContain('exit 3');
    expect(result.stderr).toContain('pipe.csv: cannot read a pipe or device by its path; redirect it to standard input');
  });
});

describe('a rejects file that cannot be started', () => {
  it('leaves no temporary file behind', () => {
    const out = mkdtempSync(join(tmpdir(), 'kpi-header-limit-'));
    // A file size limit of 0 fails the first write, the header's, with EFBIG
    // as a full disk would with ENOSPC. SIGXFSZ is ignored so that the write
    // returns the error instead of ending the process.
    const args = [FLAG, BIN, ...demo, '--rejects', join(out, 'rejects.csv')].map((arg) => `"${arg}"`).join(' ');
    const result = spawnBounded('bash', ['-c', `trap '' XFSZ; ulimit -f 0; "${process.execPath}" ${args}`], { env });

    expect(result.status).toBe(74);
    expect(result.stderr).toContain('cannot write the rejects to');
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('a rejects pipe whose reader has gone', () => {
  it('exits 74 and names the reader as the cause', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-gone-reader-'));
    const fifo = join(dir, 'rejects.pipe');
    // The reader opens the pipe and closes it at once, so a later write of a reject fails with EPIPE.
    const args = [FLAG, BIN, ...demo, '--rejects', fifo].map((arg) => `"${arg}"`).join(' ');
    const script = [`mkfifo "${fifo}"`, `(exec 3<"${fifo}"; exec 3<&-) &`, `"${process.execPath}" ${args} >/dev/null; echo "exit $?"`].join('\n');
    const result = spawnBounded('bash', ['-c', script], { env });

    expect(result.stdout).toContain('exit 74');
    expect(result.stderr).toContain('rejects.pipe (EPIPE); the program reading it closed it early');
  });
});

describe('--rejects and standard input', () => {
  it('keeps the file redirected to stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-stdin-'));
    const calls = join(dir, 'week.csv');
    const text = 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,x,resolved\n';
    writeFileSync(calls, text);
    const stdin = openSync(calls, 'r');
    const args = [FLAG, BIN, 'report', '--calls', '-', '--week', '2026-W45', '--as-of', '2026-11-16T00:00:00Z', '--rejects', calls];
    let result;
    try {
      result = spawnBounded(process.execPath, args, { env, cwd: dir, stdio: [stdin, 'pipe', 'pipe'] });
    } finally {
      closeSync(stdin);
    }

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is one of the inputs');
    expect(readFileSync(calls, 'utf8')).toBe(text);
  });

  it('rejects empty standard input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-stdin-'));
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const stdin = openSync(empty, 'r');
    let result;
    try {
      result = spawnBounded(process.execPath, [FLAG, BIN, 'report', '--calls', '-', '--week', '2026-W45'], { env, cwd: dir, stdio: [stdin, 'pipe', 'pipe'] });
    } finally {
      closeSync(stdin);
    }

    expect(result.status).toBe(3);
    expect(result.stderr).toContain('stdin: standard input is empty (no header row); pipe the export into kpi with its header row.');
  });
});
