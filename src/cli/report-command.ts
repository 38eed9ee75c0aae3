/**
 * `kpi report`: resolve flags and config, read the sources, compute, render.
 */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, findConfigFile, loadConfig, type ResolvedConfig } from '../config/config.js';
import { parsePeriodArgument, resolvePeriod, type PeriodFlag, type PeriodRequest } from '../engine/periods.js';
import type { Period } from '../engine/types.js';
import { InputError, UsageError } from '../errors.js';
import type { SourceKind } from '../records.js';
import { render, type OutputFormat } from '../render/index.js';
import type { KpiReport } from '../report.js';
import { planSources, type ExplicitFile } from '../pipeline/plan.js';
import { stdinOnce, type RejectedRow } from '../pipeline/read-source.js';
import { buildReport } from '../pipeline/run.js';
import { zoneFor } from '../time/zone.js';
import { ValueError } from '../values/errors.js';
import { createTimestampParser } from '../values/timestamp.js';
import type { Io } from './io.js';

/** The options commander hands to the report action. */
export interface ReportFlags {
  week?: string | true;
  month?: string | true;
  quarter?: string | true;
  day?: string | true;
  from?: string;
  to?: string;
  asOf?: string;
  data?: string;
  config?: string;
  agent: string[];
  format: OutputFormat;
  json?: boolean;
  failOnMiss?: boolean;
  strict?: boolean;
  rejects?: string;
  color: boolean;
  debug?: boolean;
  [explicitSource: string]: unknown;
}

/** Flags that name one file of one kind, replacing the data folder's files of that kind. */
export const EXPLICIT_SOURCE_FLAGS = [
  ['calls', 'calls'],
  ['agent-status', 'agent_status'],
  ['schedule', 'schedule'],
  ['bookings', 'bookings'],
  ['leads', 'leads'],
  ['tickets', 'tickets'],
  ['surveys', 'surveys'],
  ['complaints', 'complaints'],
  ['roster', 'agents'],
] as const;

/** How many rejects are echoed on stderr; `--rejects FILE` has them all. */
const REJECTS_ON_STDERR = 5;

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

function explicitFiles(flags: ReportFlags, cwd: string): ExplicitFile[] {
  const files: ExplicitFile[] = [];
  for (const [flag, kind] of EXPLICIT_SOURCE_FLAGS) {
    const key = flag.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
    const value = flags[key];
    if (typeof value !== 'string') continue;
    files.push({ kind: kind as SourceKind, path: value === '-' ? '-' : resolve(cwd, value) });
  }
  if (files.filter((file) => file.path === '-').length > 1) {
    throw new UsageError('only one source can read standard input ("-"); give the others as files.');
  }
  return files;
}

/** Collects rejects: the first few for stderr, all of them in the --rejects file when asked. */
class RejectLog {
  readonly first: RejectedRow[] = [];
  count = 0;
  private readonly fd: number | null;

  constructor(path: string | undefined) {
    if (path === undefined) {
      this.fd = null;
      return;
    }
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new UsageError(`--rejects ${path}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose a writable path.`);
    }
    writeSync(this.fd, 'file,kind,line,column,value,reason\n');
  }

  add(row: RejectedRow): void {
    this.count += 1;
    if (this.first.length < REJECTS_ON_STDERR) this.first.push(row);
    if (this.fd !== null) {
      const cells = [row.file, row.kind, String(row.line), row.column, row.value, row.reason];
      writeSync(this.fd, `${cells.map(csvCell).join(',')}\n`);
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
  }
}

/** Quotes a CSV cell and defuses spreadsheet formulas in text taken from exports. */
function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Shows control characters as escapes so a crafted export cannot drive the terminal through stderr. */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function describeReject(row: RejectedRow): string {
  const column = row.column === '' ? '' : ` column "${visible(row.column)}"`;
  const value = row.value === '' ? '' : ` value "${visible(row.value.length > 80 ? `${row.value.slice(0, 77)}...` : row.value)}"`;
  return `${row.file}:${row.line}:${column}${value}: ${visible(row.reason)}`;
}

function anyMiss(report: KpiReport): boolean {
  const rows = [...report.agents.map((agent) => agent.metrics), report.team.metrics];
  return rows.some((metrics) => Object.values(metrics).some((metric) => metric.status === 'fail'));
}

/**
 * Finds the config when --config is not given: in the current folder or a
 * parent, else in the --data folder, so a folder of exports can carry its own.
 */
function defaultConfigFile(flags: ReportFlags, io: Io): string | null {
  const found = findConfigFile(io.cwd);
  if (found !== null || flags.data === undefined) return found;
  const inData = join(resolve(io.cwd, flags.data), CONFIG_FILE_NAME);
  return existsSync(inData) ? inData : null;
}

/** Runs `kpi report` and returns its exit code. Throws KpiError for usage, config and input errors. */
export function runReport(flags: ReportFlags, io: Io): number {
  const warn = (message: string): void => io.stderr(`kpi: warning: ${message}\n`);
  const format: OutputFormat = flags.json === true ? 'json' : flags.format;
  const request = periodRequestOf(flags);

  const configFile = flags.config !== undefined ? resolve(io.cwd, flags.config) : defaultConfigFile(flags, io);
  const config = loadConfig(configFile, io.systemZone, warn);
  const asOf = parseAsOf(flags.asOf, config, io);
  const period = resolvePeriodOrExplain(request, asOf, config);

  const dataDir = flags.data !== undefined ? resolve(io.cwd, flags.data) : (config.data ?? io.cwd);
  const explicit = explicitFiles(flags, io.cwd);
  const plan = planSources(flags.data === undefined && explicit.length > 0 && config.data === null ? null : dataDir, config, explicit, warn);
  if (plan.length === 0) {
    throw new InputError(`no source files found in ${dataDir}; point --data at the folder of exports (files ending in .csv, .tsv or .txt).`);
  }

  const rejects = new RejectLog(flags.rejects);
  let report: KpiReport;
  try {
    report = buildReport({
      config,
      period,
      asOf,
      agentFilter: flags.agent,
      plan,
      stdin: stdinOnce(),
      onReject: (row) => rejects.add(row),
    });
  } finally {
    rejects.close();
  }

  for (const row of rejects.first) warn(describeReject(row));
  if (rejects.count > rejects.first.length) {
    warn(`${rejects.count - rejects.first.length} more rejected row(s)${flags.rejects === undefined ? '; list them all with --rejects FILE' : ` in ${flags.rejects}`}.`);
  }
  if (flags.strict === true && rejects.count > 0) {
    throw new InputError(`${rejects.count} row(s) rejected under --strict; fix them or drop --strict to report without them.`);
  }

  const color = flags.color && io.stdoutIsTty && (io.env.NO_COLOR ?? '') === '' && io.env.TERM !== 'dumb';
  const width = Number(io.env.COLUMNS) > 0 ? Number(io.env.COLUMNS) : (io.columns ?? 120);
  io.stdout(
    render(report, format, {
      color,
      width,
      zone: zoneFor(config.timezone),
      minSample: config.minimumSample,
    }),
  );

  return flags.failOnMiss === true && anyMiss(report) ? 1 : 0;
}
