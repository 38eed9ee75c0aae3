/**
 * Runs the CLI in-process with a chosen system time zone, which `kpi init`
 * writes into the config, and a pinned clock.
 */
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { CliResult } from '../cli/run-cli.js';

/** Runs `kpi` in `cwd`; a null system zone stands for a TZ that names no IANA zone. */
export async function runIn(args: string[], cwd: string, systemZone: string | null = 'America/Chicago'): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let stdoutWrites = 0;
  const io: Io = {
    stdout: (text) => {
      stdout += text;
      stdoutWrites += 1;
    },
    stderr: (text) => {
      stderr += text;
    },
    now: () => Date.UTC(2026, 10, 20, 14, 0),
    env: {},
    cwd,
    stdoutIsTty: false,
    columns: 120,
    systemZone: systemZone ?? undefined,
  };
  const code = await main(args, io);
  return { code, stdout, stderr, stdoutWrites };
}
