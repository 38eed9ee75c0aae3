/**
 * Runs the CLI in-process with a pinned environment: fixed clock, zone,
 * width and no colour, capturing stdout and stderr.
 */
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** How many times the CLI wrote to stdout. */
  stdoutWrites: number;
}

export interface CliEnvironment {
  cwd?: string;
  /** Epoch ms the run treats as the current time. */
  now?: number;
  columns?: number;
  tty?: boolean;
  env?: Record<string, string>;
  /** The system zone name; pass undefined to act as a TZ that names no IANA zone. */
  systemZone?: string | undefined;
  /** The script a worker thread runs (Io.workerEntry); without it, no worker thread is started. */
  workerEntry?: string;
  /** Whether stderr is a terminal, which the progress bar needs. */
  stderrTty?: boolean;
  /** A clock to use instead of the fixed `now`, for the progress bar's timing. */
  clock?: () => number;
}

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;

export async function runCli(args: string[], environment: CliEnvironment = {}): Promise<CliResult> {
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
    now: environment.clock ?? (() => environment.now ?? Date.UTC(2026, 10, 30, 13, 0)),
    env: environment.env ?? {},
    cwd: environment.cwd ?? REPO_ROOT,
    stdoutIsTty: environment.tty ?? false,
    columns: environment.columns ?? 120,
    systemZone: 'systemZone' in environment ? environment.systemZone : 'UTC',
    workerEntry: environment.workerEntry,
    stderrIsTty: environment.stderrTty ?? false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr, stdoutWrites };
}

interface MetricLike {
  value: number | null;
  numerator: number;
  denominator: number;
  status: string;
}

interface ReportLike {
  period: { label: string; start: string; end: string; timezone: string };
  agents: { agent: string; metrics: Record<string, MetricLike> }[];
  team: { metrics: Record<string, MetricLike> };
  dataQuality: { sources: ({ kind: string; file: string } & Record<string, unknown>)[] };
}

const LEDGER_COUNTS = ['rowsRead', 'rowsUsed', 'rowsOutsidePeriod', 'rowsDuplicate', 'rowsRejected'];

function close(expected: number | null, actual: number | null): boolean {
  if (expected === null || actual === null) return expected === actual;
  return Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/**
 * Lists every difference between an expected and an actual report in the
 * fields the contract fixes: period, agents, each metric's value, numerator,
 * denominator and status, and each source's ledger counts. Numbers may differ
 * by summation order only (relative 1e-9).
 */
export function reportDifferences(expected: ReportLike, actual: ReportLike): string[] {
  const differences: string[] = [];
  for (const key of ['label', 'start', 'end', 'timezone'] as const) {
    if (expected.period[key] !== actual.period[key]) differences.push(`period.${key}: expected ${expected.period[key]}, got ${actual.period[key]}`);
  }

  const expectedAgents = expected.agents.map((a) => a.agent);
  const actualAgents = actual.agents.map((a) => a.agent);
  if (expectedAgents.join('\n') !== actualAgents.join('\n')) {
    differences.push(`agents: expected ${expectedAgents.join(', ')}, got ${actualAgents.join(', ')}`);
  }

  const rows: [string, Record<string, MetricLike>, Record<string, MetricLike> | undefined][] = [
    ...expected.agents.map((a): [string, Record<string, MetricLike>, Record<string, MetricLike> | undefined] => [
      a.agent,
      a.metrics,
      actual.agents.find((b) => b.agent === a.agent)?.metrics,
    ]),
    ['team', expected.team.metrics, actual.team.metrics],
  ];
  for (const [who, want, got] of rows) {
    if (got === undefined) continue;
    for (const [id, metric] of Object.entries(want)) {
      const other = got[id];
      if (other === undefined) {
        differences.push(`${who}.${id}: missing`);
        continue;
      }
      for (const field of ['value', 'numerator', 'denominator'] as const) {
        if (!close(metric[field], other[field])) differences.push(`${who}.${id}.${field}: expected ${metric[field]}, got ${other[field]}`);
      }
      if (metric.status !== other.status) differences.push(`${who}.${id}.status: expected ${metric.status}, got ${other.status}`);
    }
  }

  for (const source of expected.dataQuality.sources) {
    const other = actual.dataQuality.sources.find((s) => s.kind === source.kind && s.file === source.file);
    if (other === undefined) {
      differences.push(`ledger ${source.kind} ${source.file}: missing`);
      continue;
    }
    for (const count of LEDGER_COUNTS) {
      if (source[count] !== other[count]) differences.push(`ledger ${source.kind} ${source.file}.${count}: expected ${String(source[count])}, got ${String(other[count])}`);
    }
  }
  if (expected.dataQuality.sources.length !== actual.dataQuality.sources.length) {
    differences.push(`ledger: expected ${expected.dataQuality.sources.length} sources, got ${actual.dataQuality.sources.length}`);
  }
  return differences;
}
