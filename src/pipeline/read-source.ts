/**
 * Reading one planned source row by row: field count, row filter, mapping to
 * a record, then handing the record to a sink that dedupes and places it.
 * Every data row ends in exactly one ledger count.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import { InputError } from '../errors.js';
import type { CallRecord, KindRecord, RosterEntry, StatusRecord } from '../records.js';
import type { SourceSpec } from '../config/schema.js';
import { checkFieldCount, isEmptyHeader, openCsv, type CsvOptions, type CsvReader } from '../read/csv.js';
import { MAX_REJECTS_KEPT, type Reject, type SourceLedger } from '../report.js';
import { AgentDirectory } from '../sources/agents.js';
import { normalizeName } from '../sources/kinds.js';
import { cellCondition, compileMapping, meets, meetsAll, NotThisKind, RowReject, type CompiledMapping } from '../sources/mapping.js';
import { zoneFor } from '../time/zone.js';
import { createTimestampParser, DateOrderDetector, yearLastOrders, type DateOrder, type DetectedDateOrder, type TimestampParser } from '../values/timestamp.js';
import { mayHoldYearLastDates } from '../read/date-scan.js';
import { RawRow } from '../read/raw-rows.js';
import type { PlannedSource } from './plan.js';

/** The outcome of a record handed to the sink; a rejection may name the column and value at fault. */
export type SinkResult = 'used' | 'outside' | 'duplicate' | { rejected: string; column?: string; value?: string };

/**
 * Receives each record a source yields. A record is valid only during the
 * call, because the byte path reuses one object for every call or status
 * row. A sink that keeps a record must copy it.
 */
export type RecordSink = (record: KindRecord | { kind: 'agents'; record: RosterEntry }) => SinkResult;

/** A rejected row with its file, for `--rejects` and stderr. */
export interface RejectedRow extends Reject {
  file: string;
  kind: string;
}

export interface ReadContext {
  config: ResolvedConfig;
  agents: AgentDirectory;
  /** Standard input, read once by the CLI when a source is `-`. */
  stdin: () => Buffer;
  /** Receives every rejected row (the ledger keeps only the first few). */
  onReject: (reject: RejectedRow) => void;
  /** Receives warnings about a file that reads but probably not as intended, such as one with mixed encodings. */
  onWarning?: (message: string) => void;
  /**
   * Test-only settings. `textPathOnly` reads every row through the text path
   * instead of the byte path (see fast-record.ts), and `chunkSize` sets the
   * bytes per read. Tests use them to compare the two paths on the same files.
   */
  testing?: { textPathOnly?: boolean; chunkSize?: number };
}

/** Returns the reader options a source's spec sets: delimiter, encoding, skipped rows and a supplied header. */
export function csvOptionsOf(spec: SourceSpec | null): CsvOptions {
  if (spec === null) return {};
  const options: CsvOptions = {};
  if (spec.delimiter !== undefined) options.delimiter = spec.delimiter;
  if (spec.encoding !== undefined) options.encoding = spec.encoding;
  if (spec.skipRows !== undefined) options.skipRows = spec.skipRows;
  if (spec.header !== undefined) options.header = spec.header;
  if (spec.hasHeader !== undefined) options.hasHeader = spec.hasHeader;
  return options;
}

function open(source: PlannedSource, context: ReadContext): CsvReader {
  const options = csvOptionsOf(source.spec);
  if (context.testing?.chunkSize !== undefined) options.chunkSize = context.testing.chunkSize;
  if (source.path === '-') return openCsv(context.stdin(), { ...options, name: 'stdin' });
  try {
    return openCsv(source.path, { ...options, name: source.display });
  } catch (error) {
    if (error instanceof InputError) throw error;
    // The code alone, because the message of a Node.js file error repeats the absolute path.
    throw new InputError(`${source.display}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that it exists and is readable.`);
  }
}

/**
 * Calls `onRow` with the data rows of a reader, leaving out footer lines: the
 * last `footerRows` rows, and every row from the first whose first non-empty
 * cell starts with one of the `footer` texts (a report's totals and notices).
 */
export function forEachDataRow(
  reader: CsvReader,
  spec: Pick<SourceSpec, 'footer' | 'footerRows'> | null,
  onRow: (fields: string[], line: number) => void,
): void {
  const prefixes = (spec?.footer ?? []).map(normalizeName);
  const held = spec?.footerRows ?? 0;
  if (prefixes.length === 0 && held === 0) {
    reader.forEachRow(onRow);
    return;
  }

  let inFooter = false;
  const pending: { fields: string[]; line: number }[] = [];
  reader.forEachRow((fields, line) => {
    if (inFooter) return;
    if (prefixes.length > 0) {
      const first = normalizeName(fields.find((field) => field.trim() !== '') ?? '');
      if (prefixes.some((prefix) => first.startsWith(prefix))) {
        inFooter = true;
        return;
      }
    }
    if (held === 0) {
      onRow(fields, line);
      return;
    }
    pending.push({ fields, line });
    if (pending.length > held) {
      const row = pending.shift()!;
      onRow(row.fields, row.line);
    }
  });
}

/** Compiles the row filter of a source (`where` / `whereNot`) against its header. */
function compileFilter(source: PlannedSource, header: readonly string[]): ((fields: readonly string[]) => boolean) | null {
  const spec = source.spec;
  if (spec === null || (spec.where === undefined && spec.whereNot === undefined)) return null;

  const position = (column: string, key: string): number => {
    const at = header.findIndex((name) => normalizeName(name) === normalizeName(column));
    if (at < 0) throw new InputError(`${source.display}: column "${column}" in ${source.sourceKey}.${key} is not in the header; fix the column name.`);
    return at;
  };
  const compile = (conditions: Record<string, string | string[]>, key: string) =>
    Object.entries(conditions).map(([column, values]) => cellCondition(position(column, key), values));

  const include = compile(spec.where ?? {}, 'where');
  const exclude = compile(spec.whereNot ?? {}, 'whereNot');
  return (fields) => meetsAll(include, fields) && !exclude.some((condition) => meets(condition, fields));
}

/** The date order that a scan found for one timestamp field whose date order the mapping leaves open. */
export interface DateOrderFinding {
  field: string;
  label: string;
  /** The columns scanned, as messages name them: `column "A"`, or `columns "A" and "B"` for a field read from several. */
  columns: string;
  /** True when the field reads several columns, so that messages name the column of each proof. */
  severalColumns: boolean;
  order: DetectedDateOrder;
  /** The field's first date that fits both orders, or null when it has none. */
  example: string | null;
  /** The first value that only fits day-first, and the first that only fits month-first, with their lines and columns. */
  dayFirst: { line: number; value: string; column: string } | null;
  monthFirst: { line: number; value: string; column: string } | null;
  /**
   * Numeric year-last dates in a column whose timestamps of other forms
   * outnumber them, such as damaged cells among ISO timestamps. They decide nothing, so the
   * order stays 'none' and their rows are rejected.
   */
  strays: { count: number; others: number; example: string } | null;
}

/** Returns where a proof of a date order was found: `line 3: "25/03/2026"`, with the column when the field has several. */
function describeProof(finding: DateOrderFinding, proof: { line: number; value: string; column: string }): string {
  const where = finding.severalColumns ? `line ${proof.line}, column "${proof.column}"` : `line ${proof.line}`;
  return `${where}: ${JSON.stringify(proof.value)}`;
}

/**
 * Describes a finding that stops the report, such as `column "A": every date
 * fits both day-first and month-first (for example "3/5/2024")`, for the
 * report's error and kpi init alike. Returns null for a decided order.
 */
export function describeDateOrderProblem(finding: DateOrderFinding): string | null {
  if (finding.order === 'ambiguous') {
    // JSON quoting, so that a quote inside the value reads as part of it.
    return `${finding.columns}: every date fits both day-first and month-first (for example ${JSON.stringify(finding.example)})`;
  }
  if (finding.order === 'conflict') {
    return (
      `${finding.columns} mix${finding.severalColumns ? '' : 'es'} day-first dates (${describeProof(finding, finding.dayFirst!)}) ` +
      `and month-first dates (${describeProof(finding, finding.monthFirst!)})`
    );
  }
  return null;
}

/**
 * Describes stray dates, such as `column "ended_at": 1 date with the year
 * last, such as "6-03-03T17:07:32", among 2000 values of other forms
 * decides no date order`. Returns null when the finding has none.
 */
export function describeStrayDates(finding: DateOrderFinding): string | null {
  const strays = finding.strays;
  if (strays === null) return null;
  const dates = strays.count === 1 ? '1 date with the year last' : `${strays.count} dates with the year last`;
  const decide = strays.count === 1 ? 'decides' : 'decide';
  return `${finding.columns}: ${dates}, such as ${JSON.stringify(strays.example)}, among ${strays.others} values of other forms ${decide} no date order`;
}

/**
 * Reads the values of the slash-date columns that the mapping leaves open
 * once, and returns the order that each field's values prove. A field read
 * from several columns (`first`, or a name with `*`) pools their values, so
 * a column whose dates are all ambiguous takes the order its siblings prove.
 * Year-last dates outnumbered by timestamps of other forms are strays, which
 * leave the order undecided rather than decide it or stop the report.
 * Returns no finding when a byte scan shows that the file has no such dates.
 */
function scanDateOrders(source: PlannedSource, reader: CsvReader, mapping: CompiledMapping, context: ReadContext): DateOrderFinding[] {
  const candidates = mapping.undatedColumns;
  if (candidates.length === 0) return [];

  // Most exports write ISO dates: a byte scan proves that and spares the pass.
  // It finds dates only at the start of cells, so it cannot clear a pattern, concat or cases field, whose text is built from cells.
  const cellsOnly = candidates.every((candidate) => candidate.text === null);
  if (cellsOnly && !mayHoldYearLastDates(source.path === '-' ? context.stdin() : source.path, reader.delimiter, reader.encoding)) return [];

  const detectors = candidates.map(() => new DateOrderDetector());
  const findings: DateOrderFinding[] = candidates.map((candidate) => ({
    field: candidate.field,
    label: candidate.label,
    columns:
      candidate.columns.length <= 1
        ? `column "${candidate.label}"`
        : `columns ${candidate.columns.map((column) => `"${column.label}"`).join(' and ')}`,
    severalColumns: candidate.columns.length > 1,
    order: 'none',
    example: null,
    dayFirst: null,
    monthFirst: null,
    strays: null,
  }));
  // Per field, counted over the cell each row reads (the first filled one
  // when the field has several columns): the numeric year-last dates, the
  // first of them, and the timestamps of other forms (ISO, say). Text that
  // reads as no timestamp, such as "-" or 00/00/0000, counts as neither.
  const dated = candidates.map(() => 0);
  const firstDated = candidates.map((): string | null => null);
  const others = candidates.map(() => 0);
  const utc = zoneFor('UTC');
  const parsers = { none: createTimestampParser({ zone: utc }), DMY: createTimestampParser({ zone: utc, dateOrder: 'DMY' }), MDY: createTimestampParser({ zone: utc, dateOrder: 'MDY' }) };
  const reads = (parser: TimestampParser, value: string): boolean => {
    try {
      parser(value);
      return true;
    } catch {
      return false;
    }
  };
  // A year-last date counts only when the whole cell reads in an order it fits: "13/04/2026abc" proves nothing.
  const readsAsDate = (value: string, fits: DateOrder | 'ambiguous'): boolean => reads(fits === 'MDY' ? parsers.MDY : parsers.DMY, value);
  // Rows that a where or whereNot filter leaves out are not read, so their dates decide nothing.
  const selected = compileFilter(source, reader.header);
  forEachDataRow(open(source, context), source.spec, (fields, line) => {
    if (selected !== null && !selected(fields)) return;
    candidates.forEach((candidate, i) => {
      let read = false;
      // A pattern, concat or cases field is read as the text it gives, which has placeholders applied already.
      const cells = candidate.text === null ? candidate.columns.map((column) => fields[column.index]) : [candidate.text(fields)];
      cells.forEach((cell, k) => {
        const value = cell?.trim() ?? '';
        if (value === '' || candidate.missing.has(value.toLowerCase())) return;
        const column = candidate.text === null ? candidate.columns[k]! : { label: candidate.label };

        // Every filled cell helps decide the order, as siblings prove it for each other.
        const orders = yearLastOrders(value);
        const fits = orders !== null && readsAsDate(value, orders) ? detectors[i]!.add(value) : null;
        const finding = findings[i]!;
        if (fits === 'ambiguous') finding.example ??= value;
        if (fits === 'DMY') finding.dayFirst ??= { line, value, column: column.label };
        if (fits === 'MDY') finding.monthFirst ??= { line, value, column: column.label };

        if (read) return;
        read = true;
        if (fits === null) {
          if (orders === null && reads(parsers.none, value)) others[i]! += 1;
          return;
        }
        dated[i]! += 1;
        firstDated[i] ??= value;
      });
    });
  });

  findings.forEach((finding, i) => {
    // Dates outnumbered by timestamps of other forms are strays, such as
    // damaged cells among ISO timestamps, and prove no order even when one of
    // them fits only one order. Among several columns (`first`, `*` names)
    // each column may have a form of its own, so there the rule is off.
    const oneSource = !candidates[i]!.severalColumns;
    if (oneSource && dated[i]! > 0 && dated[i]! < others[i]!) {
      finding.strays = { count: dated[i]!, others: others[i]!, example: firstDated[i]! };
      return;
    }
    const order = detectors[i]!.result();
    // Year-last dates only in columns that no row reads (later columns of `first`) need no order settled.
    finding.order = dated[i] === 0 && (order === 'ambiguous' || order === 'conflict') ? 'none' : order;
  });
  return findings;
}

/**
 * Returns what a user adds to the config to fix a source's date order. A
 * file read without a config entry, canonical or by a preset, needs a whole
 * entry, because "dateOrder" alone is no valid entry. `offerInit` adds that
 * kpi init writes it, which is true where init finds the same problem.
 */
function dateOrderFix(source: PlannedSource, offerInit = true): string {
  if (source.preset !== undefined && source.sourceKey !== null) {
    const folder = dirname(source.path);
    return (
      `the file is read by preset ${source.preset.id}, which has no entry in the config, so add one: ` +
      `"kpi init ${folder} --print" prints the entries for the folder to copy into the config ("kpi init ${folder}" writes them where no config exists yet); ` +
      `then set ${source.sourceKey}.dateOrder to "DMY" or "MDY"`
    );
  }
  if (source.sourceKey !== null) return `set ${source.sourceKey}.dateOrder to "DMY" or "MDY"`;

  // A file given by --calls and the like takes an entry of its kind whose "files" match its name (plan.ts).
  const entry = JSON.stringify({ kind: source.kind, files: source.display, dateOrder: 'DMY' });
  const add = `add the entry "${source.kind}": ${entry} to the config's "sources" (with "MDY" for month-first dates)`;
  return source.explicit === true || !offerInit ? add : `${add}, or run "kpi init" to write it`;
}

/**
 * Decides the date order of slash-date columns that the mapping leaves open,
 * by reading the file's values of those columns once before the real pass.
 */
function detectDateOrders(source: PlannedSource, reader: CsvReader, mapping: CompiledMapping, context: ReadContext): void {
  for (const finding of scanDateOrders(source, reader, mapping, context)) {
    const strays = describeStrayDates(finding);
    if (strays !== null) {
      mapping.rejectYearLastDates(finding.field);
      // kpi init writes no date order for strays, so it is not offered as the fix.
      context.onWarning?.(`${source.display}: ${strays}; their rows are rejected. To read them as dates: ${dateOrderFix(source, false)}.`);
      continue;
    }
    if (finding.order === 'DMY' || finding.order === 'MDY') {
      mapping.setDateOrder(finding.field, finding.order);
      continue;
    }

    const problem = describeDateOrderProblem(finding);
    if (problem === null) continue;
    const fix =
      finding.order === 'conflict'
        ? `. Fix the export, or read one order and reject the rows in the other: ${dateOrderFix(source)}`
        : `; ${dateOrderFix(source)}`;
    throw new InputError(`${source.display}: ${problem}${fix}.`);
  }
}

/**
 * Returns the date order of each slash-date column of a planned source that
 * its mapping leaves open, as the report detects it, for `kpi init`.
 */
export function findDateOrders(source: PlannedSource, config: ResolvedConfig): DateOrderFinding[] {
  const context: ReadContext = { config, agents: new AgentDirectory(), stdin: () => Buffer.alloc(0), onReject: () => {} };
  const reader = open(source, context);
  const mapping = compileMapping(reader.header, {
    file: source.display,
    kind: source.kind,
    sourceKey: source.sourceKey,
    spec: source.spec ?? {},
    zone: zoneFor(source.spec?.timezone ?? config.timezone),
    wonStages: config.wonStages,
    agents: context.agents,
  });
  return scanDateOrders(source, reader, mapping, context);
}

/** Reads one planned source into the sink and returns its ledger. */
export function readSource(source: PlannedSource, sink: RecordSink, context: ReadContext): SourceLedger {
  const reader = open(source, context);
  // Sent before the header is mapped, so that they come before any error that a wrongly decoded header causes.
  for (const warning of reader.warnings) context.onWarning?.(warning);
  // compileMapping's advice for an empty file, to export it again or remove it, does not fit a pipe.
  if (source.path === '-' && isEmptyHeader(reader.header)) {
    throw new InputError(`${source.display}: standard input is empty (no header row); pipe the export into kpi with its header row.`);
  }
  const zone = zoneFor(source.spec?.timezone ?? context.config.timezone);
  const mapping = compileMapping(reader.header, {
    file: source.display,
    kind: source.kind,
    sourceKey: source.sourceKey,
    noEntry: source.preset !== undefined,
    spec: source.spec ?? {},
    zone,
    wonStages: context.config.wonStages,
    agents: context.agents,
  });
  const selected = compileFilter(source, reader.header);

  const ledger: SourceLedger = {
    kind: source.kind,
    file: source.display,
    rowsRead: 0,
    rowsUsed: 0,
    rowsOutsidePeriod: 0,
    rowsDuplicate: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    rejects: [],
  };
  const reject = (line: number, column: string, value: string, reason: string): void => {
    ledger.rowsRejected += 1;
    const entry = { line, column, value, reason };
    if (ledger.rejects.length < MAX_REJECTS_KEPT) ledger.rejects.push(entry);
    context.onReject({ ...entry, file: source.display, kind: source.kind });
  };
  const headerLength = reader.header.length;

  // A start-only status log is held until the file is read, because each
  // status ends where the same agent's next status starts.
  const startOnly: { record: StatusRecord; line: number; fields: string[] }[] = [];
  const deliver = (record: ReturnType<CompiledMapping['toRecord']>, line: number, row: readonly string[] | RawRow): void => {
    const result = sink(record);
    if (result === 'used') ledger.rowsUsed += 1;
    else if (result === 'outside') ledger.rowsOutsidePeriod += 1;
    else if (result === 'duplicate') ledger.rowsDuplicate += 1;
    else reject(line, result.column ?? '', result.value ?? rowText(row, reader.delimiter), result.rejected);
  };

  // Counts, checks and delivers a record that either path read from a row.
  const accept = (record: ReturnType<CompiledMapping['toRecord']>, line: number, row: string[] | RawRow): void => {
    ledger.rowsRead += 1;

    const absurd = record.kind === 'calls' ? longestDuration(record.record, context.config.maxCallSeconds) : null;
    if (absurd !== null) {
      reject(line, absurd.field, String(absurd.seconds), `${absurd.field} of ${absurd.seconds} s is longer than the ${context.config.maxCallSeconds / 3600}-hour limit for one call; fix the export, check the column's unit, or raise limits.maxCallHours`);
      return;
    }

    if (mapping.endsAtNextStart && record.kind === 'agent_status') {
      startOnly.push({ record: record.record, line, fields: Array.isArray(row) ? row : row.fields() });
      return;
    }
    deliver(record, line, row);
  };

  const readRow = (fields: string[], line: number): void => {
    // A malformed row is counted even where a filter would skip it: its fields cannot be trusted.
    const shape = checkFieldCount(fields, headerLength);
    if (shape !== null) {
      ledger.rowsRead += 1;
      reject(line, '', fields.join(reader.delimiter), shape);
      return;
    }

    // Rows a filter or a "no rating" placeholder leaves out are read but are no record of this kind.
    if (selected !== null && !selected(fields)) {
      ledger.rowsRead += 1;
      ledger.rowsSkipped += 1;
      return;
    }

    let record: ReturnType<CompiledMapping['toRecord']>;
    try {
      record = mapping.toRecord(fields);
    } catch (error) {
      if (error instanceof NotThisKind) {
        ledger.rowsRead += 1;
        ledger.rowsSkipped += 1;
        return;
      }
      if (!(error instanceof RowReject)) throw error;
      ledger.rowsRead += 1;
      reject(line, error.column, error.value, error.reason);
      return;
    }
    accept(record, line, fields);
  };

  const fastRecord = mapping.fastRecord;
  const spec = source.spec;
  const plainRows = selected === null && !mapping.endsAtNextStart && (spec?.footer ?? []).length === 0 && (spec?.footerRows ?? 0) === 0;
  if (fastRecord !== null && reader.forEachRawRow !== null && plainRows && context.testing?.textPathOnly !== true) {
    // The date-order pass runs just before the first row that the text path
    // converts. Rows before it had only fixed-width ISO timestamps, which read
    // the same in either date order, so nothing read so far depends on the
    // order that the pass decides. A candidate column with placeholders or a
    // value map is the exception. The pass reads a mapped cell as exported,
    // so a cell that the map turns into an ISO date may still decide the
    // order or stop the report when every row takes the fast path. For such
    // a column, the pass runs before the first row, as on the text path.
    let datesSettled = !mapping.undatedColumns.every((column) => column.plain);
    if (datesSettled) detectDateOrders(source, reader, mapping, context);
    reader.forEachRawRow((row) => {
      if (fitsHeader(row, headerLength)) {
        const record = fastRecord(row);
        if (record !== null) {
          accept(record, row.line, row);
          return;
        }
      }
      if (!datesSettled) {
        datesSettled = true;
        detectDateOrders(source, reader, mapping, context);
      }
      readRow(row.fields(), row.line);
    });
  } else {
    detectDateOrders(source, reader, mapping, context);
    forEachDataRow(reader, source.spec, readRow);
  }

  if (startOnly.length > 0) {
    closeAtNextStart(startOnly.map((entry) => entry.record));
    for (const entry of startOnly) deliver({ kind: 'agent_status', record: entry.record }, entry.line, entry.fields);
  }
  return ledger;
}

/** Returns true when a raw row has as many fields as the header, or more fields whose extras are all empty. */
function fitsHeader(row: RawRow, headerLength: number): boolean {
  if (row.count < headerLength) return false;
  for (let i = headerLength; i < row.count; i++) {
    if (row.ends[i]! > row.starts[i]!) return false;
  }
  return true;
}

function rowText(row: readonly string[] | RawRow, delimiter: string): string {
  return row instanceof RawRow ? row.joined(delimiter) : row.join(delimiter);
}

/** Returns the first duration of a call beyond the limit (or not finite), or null when all are within it. */
function longestDuration(call: CallRecord, limitSeconds: number): { field: string; seconds: number } | null {
  // The durations are checked one by one without building a list, because this runs for every call row.
  if (!(call.talkSeconds <= limitSeconds)) return { field: 'talk_seconds', seconds: call.talkSeconds };
  if (call.holdSeconds !== null && !(call.holdSeconds <= limitSeconds)) return { field: 'hold_seconds', seconds: call.holdSeconds };
  if (call.afterCallWorkSeconds !== null && !(call.afterCallWorkSeconds <= limitSeconds)) {
    return { field: 'after_call_work_seconds', seconds: call.afterCallWorkSeconds };
  }
  return null;
}

/**
 * Sets each status's end to the start of the same agent's next status, in
 * time order. An agent's last status has no known end, so it ends where it
 * starts and adds no time.
 */
export function closeAtNextStart(records: StatusRecord[]): void {
  const byAgent = new Map<string, StatusRecord[]>();
  for (const record of records) {
    const list = byAgent.get(record.agent);
    if (list === undefined) byAgent.set(record.agent, [record]);
    else list.push(record);
  }
  for (const list of byAgent.values()) {
    list.sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 0; i < list.length; i++) list[i]!.endedAt = list[i + 1]?.startedAt ?? list[i]!.startedAt;
  }
}

/** Reads standard input once; later calls return the same bytes. */
export function stdinOnce(): () => Buffer {
  let bytes: Buffer | null = null;
  return () => (bytes ??= readFileSync(0));
}
