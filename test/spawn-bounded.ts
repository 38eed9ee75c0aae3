/**
 * spawnSync with a time limit, for tests that run the built binary or a
 * reference script.
 *
 * spawnSync blocks the test's thread, so vitest's own test timeout cannot
 * fire while it waits: a child that never ends would stall the whole run
 * until CI gives up on it. With a limit, the child is killed and
 * the test fails with what the child had printed.
 */
import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';

/** Well above the slowest child's normal time (a few seconds on a loaded 2-core machine). */
export const CHILD_TIME_LIMIT_MS = 60_000;

export function spawnBounded(command: string, args: readonly string[], options: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> = {}): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { timeout: CHILD_TIME_LIMIT_MS, killSignal: 'SIGKILL', ...options, encoding: 'utf8' });

  if (result.error !== undefined) {
    const ran = [command, ...args].join(' ');
    throw new Error(`${ran} did not finish: ${result.error.message}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
  }
  return result;
}

/** Runs a command that must succeed and returns its stdout, like execFileSync but with the time limit. */
export function outputOf(command: string, args: readonly string[]): string {
  const result = spawnBounded(command, args);

  if (result.status !== 0) throw new Error(`${[command, ...args].join(' ')} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}
