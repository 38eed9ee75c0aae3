/**
 * Queue of rejected rows that wait while another thread reads files that come
 * earlier in the read order, so that the reject log still lists rows in that
 * order. Each time ROWS_IN_MEMORY rows are in memory, the queue moves them to
 * a temporary file, so a file whose every row is rejected does not fill memory.
 * When the temporary folder cannot be written, the rows stay in memory: a
 * report that one thread could produce must not fail for want of a file.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RejectedRow } from './read-source.js';

/** Number of rows in memory at which the queue moves them to the temporary file. */
const ROWS_IN_MEMORY = 4096;

/** Queued rows as plain data that can be posted to another thread: the temporary file (JSON lines) first, then `rows`. */
export interface QueuedRejects {
  spill: string | null;
  rows: RejectedRow[];
}

export class RejectQueue {
  private rows: RejectedRow[] = [];
  private spill: { folder: string; file: string; fd: number; size: number } | null = null;
  /** Set once the temporary file could not be made or written; the queue then keeps every row in memory. */
  private inMemoryOnly = false;

  add(row: RejectedRow): void {
    this.rows.push(row);
    if (this.rows.length >= ROWS_IN_MEMORY && !this.inMemoryOnly) this.moveToFile();
  }

  /**
   * Closes the temporary file, empties the queue and returns the queued rows.
   * replayRejects() then delivers them and removes the file.
   */
  handOver(): QueuedRejects {
    const queued = { spill: this.spill?.file ?? null, rows: this.rows };
    if (this.spill !== null) closeSync(this.spill.fd);
    this.spill = null;
    this.rows = [];
    return queued;
  }

  private moveToFile(): void {
    if (this.spill === null) {
      let folder: string | null = null;
      try {
        folder = mkdtempSync(join(tmpdir(), 'kpi-rejects-'));
        const file = join(folder, 'rejects.jsonl');
        this.spill = { folder, file, fd: openSync(file, 'w'), size: 0 };
      } catch {
        if (folder !== null) rmSync(folder, { recursive: true, force: true });
        this.inMemoryOnly = true;
        return;
      }
    }

    const bytes = Buffer.from(this.rows.map((row) => `${JSON.stringify(row)}\n`).join(''), 'utf8');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(this.spill.fd, bytes, written);
    } catch {
      // On a full disk, for example, the file keeps only whole rows, and these rows stay in memory.
      ftruncateSync(this.spill.fd, this.spill.size);
      this.inMemoryOnly = true;
      return;
    }
    this.spill.size += bytes.length;
    this.rows = [];
  }
}

/** Drops queued rows without delivering them, and removes the temporary file. */
export function discardRejects(queued: QueuedRejects): void {
  if (queued.spill !== null) rmSync(dirname(queued.spill), { recursive: true, force: true });
}

/** Delivers queued rows in the order they were added, and removes the temporary file. */
export function replayRejects(queued: QueuedRejects, onReject: (row: RejectedRow) => void): void {
  if (queued.spill !== null) {
    try {
      forEachLine(queued.spill, (line) => onReject(JSON.parse(line) as RejectedRow));
    } finally {
      rmSync(dirname(queued.spill), { recursive: true, force: true });
    }
  }
  for (const row of queued.rows) onReject(row);
}

/** Calls `onLine` with each line of a UTF-8 file written by RejectQueue, reading it in chunks. */
function forEachLine(file: string, onLine: (line: string) => void): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let carry = '';
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      // JSON.stringify escapes every line end, so each LF ends one row. The bytes are read as latin1,
      // so a UTF-8 character that the chunk cuts off stays in `carry` until the next chunk.
      const text = carry + buffer.toString('latin1', 0, read);
      const last = text.lastIndexOf('\n');
      carry = text.slice(last + 1);
      for (const line of text.slice(0, last + 1).split('\n')) {
        if (line !== '') onLine(Buffer.from(line, 'latin1').toString('utf8'));
      }
    }
  } finally {
    closeSync(fd);
  }
}
