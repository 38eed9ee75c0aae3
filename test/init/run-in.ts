/**
 * Runs the CLI in-process with a chosen system time zone, which `kpi init`
 * writes into the config, and a pinned clock.
 */
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { CliResult } from '../cli/run-cli.js';

export async function runIn(args: string[], cwd: string, systemZone = 'America/Chicago'): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    now: () => Date.UTC(2026, 10, 20, 14, 0),
    env: {},
    cwd,
    stdoutIsTty: false,
    columns: 120,
    systemZone,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
