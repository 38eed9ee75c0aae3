/**
 * `kpi report`: resolve flags and config, read the sources, compute, render.
 */
import type { ResolvedConfig } from '../config/config.js';
import { FIRST_YEAR, LAST_YEAR, parsePeriodArgument, resolvePeriod, type PeriodFlag, type PeriodRequest } from '../engine/periods.js';
import type { Period } from '../engine/types.js';
import { InputError, UsageError } from '../errors.js';
import { renderPieces, type OutputFormat } from '../render/index.js';
import type { KpiReport } from '../report.js';
import { stdinOnce } from '../pipeline/read-source.js';
import { buildReport } from '../pipeline/run.js';
import { zoneFor } from '../time/zone.js';
import { ValueError } from '../values/errors.js';
import { createTimestampParser } from '../values/timestamp.js';
import { loadSources, RejectLog, warner, type SourceFlags } from './common.js';
import type { Io } from './io.js';
import { startProgress } from './progress.js';

/** The options commander hands to the report action. */
export interface ReportFlags extends SourceFlags {
  week?: string | true;
  month?: string | true;
  quarter?: string | true;
  day?: string | true;
  from?: string;
  to?: string;
  asOf?: string;
  agent: string[];
  format: OutputFormat;
  json?: boolean;
  failOnMiss?: boolean;
  strict?: boolean;
  color: boolean;
  debug?: boolean;
}

/** Turns the period flags into one request; more than one period is a usage error. */
export function periodRequestOf(flags: ReportFlags): PeriodRequest {
  const given: [PeriodFlag, string | undefined][] = [];
  const add = (flag: PeriodFlag, value: string | true | undefined): void => {
    if (value !== undefined) given.push([flag, value === true ? undefined : value]);
  };
  add('--week', flags.week);
  add('--month', flags.month);
  add('--quarter', flags.quarter);
  add('--day', flags.day);
  if (flags.from !== undefined || flags.to !== undefined) given.push(['--from', flags.from ?? '']);

  if (given.length > 1) {
    throw new UsageError(`only one period may be given, got ${given.map(([flag]) => (flag === '--from' ? '--from/--to' : flag)).join(' and ')}; keep one.`);
  }
  const [flag, value] = given[0] ?? ['--week', undefined];
  try {
    return parsePeriodArgument(flag, value, flags.to);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`);
  }
}

/** Parses `--as-of` as a date (midnight starting it) or a date-time, local to the team zone unless it has an offset. */
export function parseAsOf(text: string | undefined, config: ResolvedConfig, io: Io): number {
  if (text === undefined) return io.now();
  const parse = createTimestampParser({ zone: zoneFor(config.timezone), dateOrder: 'MDY' });
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  if (!iso.test(text.trim())) {
    throw new UsageError(`--as-of "${text}" is not a date or date-time; write 2026-11-30 or 2026-11-30T08:00 (team zone) or 2026-11-30T08:00:00-05:00.`);
  }
  const year = Number(text.trim().slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new UsageError(`--as-of "${text}" has the year ${text.trim().slice(0, 4)}, outside ${FIRST_YEAR} to ${LAST_YEAR}; check it for a typo.`);
  }
  try {
    return parse(text.trim());
  } catch (error) {
    if (error instanceof ValueError) throw new UsageError(`--as-of "${text}": ${error.message}.`);
    throw error;
  }
}

function resolvePeriodOrExplain(request: PeriodRequest, asOf: number, config: ResolvedConfig): Period {
  try {
    return resolvePeriod(request, asOf, config.timezone, config.weekStartsOn);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${error.message}.`);
    throw error;
  }
}

function anyMiss(report: KpiReport): boolean {
  const rows = [...report.agents.map((agent) => agent.metrics), report.team.metrics];
  return rows.some((metrics) => Object.values(metrics).some((metric) => metric.status === 'fail'));
}

/** Characters of output gathered before each write to stdout. */
const OUTPUT_BATCH = 1 << 20;

/** Runs `kpi report` and returns its exit code. Throws KpiError for usage, config and input errors. */
export async function runReport(flags: ReportFlags, io: Io): Promise<number> {
  const warn = warner(io);
  const format: OutputFormat = flags.json === true ? 'json' : flags.format;
  const request = periodRequestOf(flags);
  const { config, plan, inputs } = loadSources(flags, io);
  const asOf = parseAsOf(flags.asOf, config, io);
  const period = resolvePeriodOrExplain(request, asOf, config);

  const rejects = new RejectLog(flags.rejects, inputs);
  const stopProgress = startProgress({ write: io.stderr, stderrIsTty: io.stderrIsTty === true, env: io.env, now: io.now, columns: io.columns });
  let report: KpiReport;
  let built = false;
  try {
    report = await buildReport({
      config,
      period,
      asOf,
      agentFilter: flags.agent,
      plan,
      stdin: stdinOnce(),
      onReject: (row) => rejects.add(row),
      onWarning: warn,
      worker: io.workerEntry === undefined ? undefined : { entry: io.workerEntry, minBytes: workerMinBytes(io.env) },
    });
    built = true;
  } finally {
    stopProgress();
    if (built) rejects.close();
    else rejects.discard();
  }

  rejects.report(warn);
  if (flags.agent.length > 0 && report.agents.length === 0) {
    warn(`no agent named by --agent (${flags.agent.join(', ')}) has data in ${report.period.label}; check the key against the roster or the exports.`);
  }
  if (flags.strict === true && rejects.count > 0) {
    throw new InputError(`${rejects.count} row(s) rejected under --strict; fix them or drop --strict to report without them.`);
  }

  const color = flags.color && io.stdoutIsTty && (io.env.NO_COLOR ?? '') === '' && io.env.TERM !== 'dumb';
  const width = Number(io.env.COLUMNS) > 0 ? Number(io.env.COLUMNS) : (io.columns ?? 120);
  const pieces = renderPieces(report, format, { color, width, zone: zoneFor(config.timezone), minSample: config.minimumSample });
  // Pieces are joined up to about 1 MB per write: one write per agent would cost a system call each.
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= OUTPUT_BATCH) {
      io.stdout(batch);
      batch = '';
    }
  }
  if (batch !== '') io.stdout(batch);

  return flags.failOnMiss === true && anyMiss(report) ? 1 : 0;
}

/**
 * Default minimum size in bytes of the files the worker thread would read
 * (schedule, status, bookings, leads, tickets), and of the other files. Below it, starting a thread likely costs
 * more than it saves. The value is an estimate, not a measured break-even.
 */
const WORKER_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Returns the size in bytes from which report reads some kinds in a worker
 * thread: KPI_WORKER_MIN_BYTES when set, else WORKER_MIN_BYTES (16 MiB). The
 * tests set 0, which uses the worker whenever there are files of its kinds
 * and no source is standard input.
 */
function workerMinBytes(env: Io['env']): number {
  const text = env.KPI_WORKER_MIN_BYTES;
  if (text === undefined || text === '') return WORKER_MIN_BYTES;
  if (!/^\d+$/.test(text)) {
    throw new UsageError(`KPI_WORKER_MIN_BYTES is "${text}", not a number of bytes; set it to a whole number such as 16777216, or unset it.`);
  }
  return Number(text);
}
