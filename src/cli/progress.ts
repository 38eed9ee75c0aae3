/**
 * A progress bar on stderr for long reads: the file being read, how far in,
 * and the read rate. It shows only on a terminal outside CI, never on stdout,
 * and only once reading has taken a second, so short reports print nothing.
 */
import { basename } from 'node:path';
import { currentConcurrentRead, setReadProgressListener, type ConcurrentRead } from '../read/csv.js';

/** Where the bar draws and how it decides whether to draw at all. */
export interface ProgressTarget {
  /** Writes to stderr. */
  write(text: string): void;
  stderrIsTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** The current time in ms; injectable for tests. */
  now(): number;
  /** Terminal width in columns, when known. */
  columns?: number | undefined;
}

/** Delay before the bar first appears, and the least time between redraws, in ms. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;
const BAR_WIDTH = 24;

/** Returns true when a progress bar belongs on this stderr: a terminal, outside CI, TERM not "dumb". */
export function wantsProgress(target: Pick<ProgressTarget, 'stderrIsTty' | 'env'>): boolean {
  const ci = target.env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  return target.stderrIsTty && target.env.TERM !== 'dumb';
}

/**
 * Starts reporting file reads to a bar on `target` when wantsProgress allows,
 * and returns the function that stops it and erases the bar. Call the stop
 * function in a `finally`, so an error message never lands after a half bar.
 */
export function startProgress(target: ProgressTarget): () => void {
  if (!wantsProgress(target)) return () => {};

  const started = target.now();
  let lastDraw = 0;
  let drawn = false;
  let bytesBefore = 0;
  let currentFile = '';
  let currentBytes = 0;

  setReadProgressListener((file, bytesRead, bytesTotal) => {
    if (file !== currentFile) {
      bytesBefore += currentBytes;
      currentFile = file;
    }
    currentBytes = bytesRead;

    const now = target.now();
    if (now - started < SHOW_AFTER_MS || now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    drawn = true;
    // While this thread reads, the worker's file is shown beside it; once this thread waits, the worker's own events take over.
    const other = currentConcurrentRead();
    const beside = other === null || other.file === file ? undefined : other;
    target.write(`\r${progressLine(basename(file), bytesRead, bytesTotal, bytesBefore + bytesRead, now - started, target.columns, beside)}\u001b[K`);
  });

  return () => {
    setReadProgressListener(null);
    if (drawn) target.write('\r\u001b[K');
  };
}

/**
 * Formats one line of the bar, e.g.
 * `reading calls.csv [##########..............]  42%  118 MB/s`, cut to
 * `columns` characters when the terminal is narrower. With `beside`, the
 * file another thread reads follows: `, agent_status.csv 55%`. The rate is
 * this thread's.
 */
export function progressLine(
  file: string,
  bytesRead: number,
  bytesTotal: number,
  bytesSoFar: number,
  elapsedMs: number,
  columns?: number,
  beside?: ConcurrentRead,
): string {
  const fraction = readFraction(bytesRead, bytesTotal);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const other = beside === undefined ? '' : `, ${basename(beside.file)} ${Math.floor(readFraction(beside.bytesRead, beside.bytesTotal) * 100)}%`;
  const rate = elapsedMs > 0 ? `${Math.round(bytesSoFar / 1e6 / (elapsedMs / 1000))} MB/s` : '';
  const line = `reading ${file} ${bar} ${percent}${other}  ${rate}`;
  return columns !== undefined && columns > 1 ? line.slice(0, columns - 1) : line;
}

function readFraction(bytesRead: number, bytesTotal: number): number {
  return bytesTotal > 0 ? Math.min(1, bytesRead / bytesTotal) : 0;
}
