/**
 * The CLI's view of the outside world, injectable so tests run the whole
 * command in-process with a pinned clock, environment and terminal.
 */
import { fstatSync, writeSync } from 'node:fs';
import { OutputError } from '../errors.js';
import { restoreSystemClock } from '../time/process-clock.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The current instant, for the default as-of. */
  now(): number;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** True when stdout is a terminal (colour, width). */
  stdoutIsTty: boolean;
  /** True when stderr is a terminal (the progress bar); absent means false. */
  stderrIsTty?: boolean;
  /** Terminal width in columns, when known. */
  columns: number | undefined;
  /** The system time zone, the default team zone; undefined when TZ names no IANA zone. */
  systemZone: string | undefined;
  /**
   * Path of the script that a worker thread runs for a large report.
   * bin/kpi.cjs sets it to its own path. Without it, every file is read on
   * the main thread.
   */
  workerEntry?: string;
  /**
   * True when time zones may be read through the process clock, which sets
   * `process.env.TZ` (src/time/process-clock.ts). processIo sets it; tests
   * that run the CLI in-process leave it out.
   */
  processClock?: boolean;
}

/**
 * Writes all of a string to a file descriptor, synchronously, so output is
 * complete before exit. Throws OutputError when the write fails (a full
 * disk, say), naming `target`. A pipe whose reader went away (EPIPE) is
 * rethrown as it is when `brokenPipeIsQuiet`, so the CLI can end quietly.
 */
export function writeAll(fd: number, text: string, target: string, brokenPipeIsQuiet = true): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A pipe whose reader went away: stop quietly, as `kpi report | head` expects.
      if (code === 'EPIPE' && brokenPipeIsQuiet) throw error;
      if (code === 'EAGAIN') continue;
      // A full disk is the usual cause, but a pipe's reader that exits early needs another fix.
      const fix = code === 'EPIPE' ? 'the program reading it closed it early; keep it reading until kpi ends, or write to a file' : 'free some disk space or write to another place';
      throw new OutputError(`cannot write ${target} (${code ?? (error as Error).message}); ${fix}.`);
    }
  }
}

/**
 * Returns true when a file descriptor is a terminal. A terminal is a
 * character device, so fstat rules out pipes and files without loading
 * node:tty, which would load net and the stream classes (about 3 ms of a
 * start). Only a character device, such as a terminal or /dev/null, is put
 * to isatty.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

export function processIo(): Io {
  // The process clock changes TZ, so the system zone is read with TZ as it was at start.
  const systemTz = process.env.TZ;
  return {
    stdout: (text) => writeAll(1, text, 'the report to standard output'),
    stderr: (text) => {
      try {
        writeAll(2, text, 'to standard error');
      } catch {
        // stderr closed: nothing left to tell anyone.
      }
    },
    now: () => Date.now(),
    env: process.env,
    cwd: process.cwd(),
    // isTerminal() rather than process.stdout and process.stderr, whose
    // streams Node would build at startup only to read one flag. The width and the
    // zone are read when first asked for, so `kpi --help` pays for neither.
    stdoutIsTty: isTerminal(1),
    stderrIsTty: isTerminal(2),
    get columns() {
      return this.stdoutIsTty ? process.stdout.columns : undefined;
    },
    get systemZone() {
      restoreSystemClock(systemTz);
      return Intl.DateTimeFormat().resolvedOptions().timeZone;
    },
    processClock: true,
  };
}
