import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { RejectedRow } from '../../src/pipeline/read-source.js';
import { discardRejects, RejectQueue, replayRejects } from '../../src/pipeline/reject-queue.js';

/** Returns `count` distinct rejected rows, with text that JSON must escape. */
function rows(count: number): RejectedRow[] {
  return Array.from({ length: count }, (_, i) => ({
    file: 'calls.csv',
    kind: 'calls',
    line: i + 2,
    column: 'outcome',
    value: `dropped ${i} "é"\u2028\n`,
    reason: `"dropped ${i}" is not a valid outcome`,
  }));
}

function spillFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith('kpi-rejects-'));
}

const savedTmpdir = process.env.TMPDIR;
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
});

describe('RejectQueue', () => {
  it('replays spilled rows in order', () => {
    const before = spillFolders();
    const queue = new RejectQueue();
    const added = rows(10_000);
    for (const row of added) queue.add(row);

    const queued = queue.handOver();
    const replayed: RejectedRow[] = [];
    replayRejects(queued, (row) => replayed.push(row));

    expect(queued.spill).not.toBeNull();
    expect(replayed).toEqual(added);
    expect(existsSync(queued.spill!)).toBe(false);
    expect(spillFolders()).toEqual(before);
  });

  it('keeps rows in memory without a temporary folder', () => {
    process.env.TMPDIR = '/nonexistent/kpi-test';
    const queue = new RejectQueue();
    const added = rows(5000);
    for (const row of added) queue.add(row);

    const queued = queue.handOver();
    const replayed: RejectedRow[] = [];
    replayRejects(queued, (row) => replayed.push(row));

    expect(queued.spill).toBeNull();
    expect(replayed).toEqual(added);
  });

  it('discards spilled rows with their file', () => {
    const before = spillFolders();
    const queue = new RejectQueue();
    for (const row of rows(5000)) queue.add(row);

    const queued = queue.handOver();
    discardRejects(queued);

    expect(queued.spill).not.toBeNull();
    expect(spillFolders()).toEqual(before);
  });
});
