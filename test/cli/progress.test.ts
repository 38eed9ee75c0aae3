import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine, startProgress, wantsProgress } from '../../src/cli/progress.js';
import { openCsv, setConcurrentRead } from '../../src/read/csv.js';

describe('wantsProgress', () => {
  it('draws on a terminal', () => {
    expect(wantsProgress({ stderrIsTty: true, env: {} })).toBe(true);
  });

  it('skips a pipe', () => {
    expect(wantsProgress({ stderrIsTty: false, env: {} })).toBe(false);
  });

  it('skips CI', () => {
    expect(wantsProgress({ stderrIsTty: true, env: { CI: 'true' } })).toBe(false);
  });

  it('draws when CI is false', () => {
    expect(wantsProgress({ stderrIsTty: true, env: { CI: 'false' } })).toBe(true);
  });
});

describe('progressLine', () => {
  it('shows file, bar, percent and rate', () => {
    // 50 of 100 bytes: 12 of 24 marks; 2,000,000 bytes in 1 s: 2 MB/s.
    expect(progressLine('calls.csv', 50, 100, 2_000_000, 1000)).toBe('reading calls.csv [############............]  50%  2 MB/s');
  });

  it('cuts to the terminal width', () => {
    expect(progressLine('calls.csv', 50, 100, 2_000_000, 1000, 11)).toBe('reading ca');
  });

  it('shows the file another thread reads beside', () => {
    const beside = { file: '/data/agent_status.csv', bytesRead: 55, bytesTotal: 100 };
    expect(progressLine('calls.csv', 50, 100, 2_000_000, 1000, undefined, beside)).toBe(
      'reading calls.csv [############............]  50%, agent_status.csv 55%  2 MB/s',
    );
  });
});

describe('startProgress', () => {
  /** Reads a 3-chunk file with a clock that moves 600 ms per call, and returns what the bar wrote. */
  function readWithBar(stderrIsTty: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-progress-'));
    const path = join(dir, 'calls.csv');
    writeFileSync(path, 'a,b\n' + '1,2\n'.repeat(3000));
    let clock = 0;
    let written = '';
    const stop = startProgress({ write: (text) => (written += text), stderrIsTty, env: {}, now: () => (clock += 600) });
    try {
      openCsv(path, { chunkSize: 4096 }).forEachRow(() => {});
    } finally {
      stop();
    }
    return written;
  }

  it('draws and erases on a terminal', () => {
    const written = readWithBar(true);
    expect(written).toContain('reading calls.csv');
    expect(written.endsWith('\r\u001b[K')).toBe(true);
  });

  it('writes nothing to a pipe', () => {
    expect(readWithBar(false)).toBe('');
  });

  it("shows the worker's file while this thread reads", () => {
    setConcurrentRead(() => ({ file: '/data/agent_status.csv', bytesRead: 30, bytesTotal: 120 }));
    try {
      expect(readWithBar(true)).toContain(', agent_status.csv 25%');
    } finally {
      setConcurrentRead(null);
    }
  });
});
