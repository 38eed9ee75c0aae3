/**
 * Compiling a column mapping against a file's header into a function from
 * row fields to one typed record. Canonical files use the same machinery with
 * the identity mapping, so there is one path from a CSV row to a record.
 */
import { ConfigError, InputError } from '../errors.js';
import { isEmptyHeader, misreadDelimiter } from '../read/csv.js';
import type { RawRow } from '../read/raw-rows.js';
import type { ColumnFieldSpec, FieldSpec, SourceSpec } from '../config/schema.js';
import {
  AGENT_STATUSES,
  CALL_OUTCOMES,
  UNHANDLED_OUTCOMES,
  type AgentStatus,
  type CallOutcome,
  type KindRecord,
  type RosterEntry,
  type SourceKind,
} from '../records.js';
import type { Zone } from '../time/zone.js';
import { parseBoolean } from '../values/boolean.js';
import { parseDuration } from '../values/duration.js';
import { ValueError } from '../values/errors.js';
import { createTimestampParser, DATE_ORDER_ADVICE, type TimestampParser } from '../values/timestamp.js';
import { compileFastRecord, type FastHelpers, type FastRecord } from './fast-record.js';
import { KIND_FIELDS, normalizeName, type FieldDef } from './kinds.js';
import type { AgentDirectory } from './agents.js';

/** A row that cannot become a record: the column and value at fault, and why. */
export class RowReject extends Error {
  constructor(
    readonly column: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * A row that is not a record of this kind at all, such as a call report row
 * whose rating column contains the "no rating" placeholder: it is not counted
 * for this kind (the same row is counted under the kind it does belong to).
 */
export class NotThisKind extends Error {}

/** The reader of one mapped field's raw text, with what messages need to name it. */
export interface FieldReader {
  def: FieldDef;
  /** True when the file has this field (a column, a constant or a rule). */
  present: boolean;
  /** The column name shown in rejects. */
  label: string;
  /** The config path to change when the value is wrong. */
  configKey: string;
  /** Returns the field's raw text for a row, after value maps and placeholders ('' = empty). */
  raw(fields: readonly string[]): string;
  /** Returns the cell as exported, trimmed, before placeholders and maps ('' for constants and rules). */
  cell(fields: readonly string[]): string;
  /** The config key of the value map that would accept a value of this field, for reject hints. */
  mapKey: string | null;
  /** Timestamp fields only: the date order, when the mapping fixes it. */
  dateOrder: 'DMY' | 'MDY' | undefined;
  /** Timestamp fields only: true once detection found the field's year-last dates to be strays, which are then rejected. */
  strayYearLast: boolean;
  /** Timestamp fields made of a date column and a time column. */
  timeColumn: ((fields: readonly string[]) => string) | null;
  /** Duration fields only. */
  unit: 'seconds' | 'minutes' | 'hours';
  /**
   * The columns whose dates the field reads as exported, for date-order
   * detection: one, or several for `first` and `*` names. Empty for forms
   * whose text the cell does not show, such as a pattern or a constant.
   */
  dateColumns: number[];
  /** Cell texts of the date columns that mean a missing value, trimmed and lower-cased (`missing` in the config). */
  missing: ReadonlySet<string>;
  /** True for a pattern, `concat` or `cases` field (or a `first` list with one), whose dates only `raw` shows, so date-order detection reads that text. */
  derivedDates: boolean;
  /** The text date-order detection reads when it is not `raw`: a `cases` field's fallback text, without the rules' own values. */
  detectionText?: (fields: readonly string[]) => string;
  /** True when the field reads more than one column: a `first` list, or a name with `*` that matches several. */
  severalColumns: boolean;
  /** Timestamp fields of the `from`/`add` form: the duration column added to the start. */
  offset: { label: string; configKey: string; unit: 'seconds' | 'minutes' | 'hours'; raw: (fields: readonly string[]) => string } | null;
  /** True for an end read from the agent's next start (`{ "next": "started_at" }`). */
  next: boolean;
  /**
   * Source of the raw text for the fast path (fast-record.ts): the cell at
   * index `cellAt`, which `ofCell` turns into raw text, or a constant. Other
   * forms leave all three null, and the text path then reads the whole file.
   */
  cellAt: number | null;
  ofCell: ((cell: string) => string) | null;
  constant: string | null;
  /** True when `ofCell` only trims: no placeholders, pattern or value map. */
  plain: boolean;
}

/** Everything a compiled mapping needs besides the header. */
export interface MappingContext {
  file: string;
  kind: SourceKind;
  /** The config key of the source, e.g. `sources.pwc`, or null for a canonical file. */
  sourceKey: string | null;
  /**
   * True when the config has no entry for the source (a canonical file, or
   * one a preset reads), so that a reject cannot ask to set one key of it.
   */
  noEntry?: boolean;
  spec: Pick<SourceSpec, 'columns' | 'missing' | 'dateOrder' | 'decimalComma'>;
  zone: Zone;
  wonStages: readonly string[];
  agents: AgentDirectory;
}

/** The compiled mapping: header checks done once, then one call per row. */
export interface CompiledMapping {
  kind: SourceKind;
  /**
   * Timestamp fields that read columns as exported and have no fixed date
   * order, which makes them candidates for date-order detection. One order is
   * decided per field from the values of all its `columns`, because one parser
   * reads them all. `plain` is true when the field reads one trimmed cell with
   * no placeholders, pattern or value map. `missing` lists the cell texts
   * that mean a missing value, trimmed and lower-cased. A field whose text
   * the cells do not show (pattern, `concat`, `cases`) has `text`, the
   * field's text of a row, which detection reads instead of the columns.
   */
  undatedColumns: {
    field: string;
    label: string;
    columns: { index: number; label: string }[];
    text: ((fields: readonly string[]) => string) | null;
    /** True when the field reads more than one column (see TextSource.severalColumns). */
    severalColumns: boolean;
    plain: boolean;
    missing: ReadonlySet<string>;
  }[];
  /** Fixes a field's date order after detection. */
  setDateOrder(field: string, order: 'DMY' | 'MDY'): void;
  /** Makes a field reject every numeric year-last date, after detection found them to be strays. */
  rejectYearLastDates(field: string): void;
  /**
   * True when the status end comes from the agent's next start: toRecord then
   * returns each status with its end equal to its start, for the caller to fix
   * once the whole file is read.
   */
  endsAtNextStart: boolean;
  /**
   * Returns a field's text for a row, after placeholders and value maps, or
   * '' when the file lacks the field: the text toRecord reads for it.
   */
  fieldText(name: string, fields: readonly string[]): string;
  /** Returns fieldText for a raw row, decoding only the cell that the field reads when it can. */
  rawFieldText(name: string, row: RawRow): string;
  /** Returns the column a field reads as trimmed text and nothing else (no placeholders, pattern or map), or null. */
  plainColumn(name: string): number | null;
  /** Converts one row; throws RowReject. Roster rows come back as { kind: 'agents' }. */
  toRecord(fields: readonly string[]): KindRecord | { kind: 'agents'; record: RosterEntry };
  /**
   * Converts a raw row, or returns null when toRecord must convert the row's
   * fields instead. The property itself is null when the mapping has a form
   * that the fast path does not cover (see fast-record.ts).
   */
  fastRecord: FastRecord | null;
}

/** Builds a header index that finds a column by case-insensitive name and flags repeated names. */
function indexHeader(header: readonly string[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  header.forEach((name, i) => {
    const key = normalizeName(name);
    if (key === '') return;
    const positions = index.get(key);
    if (positions === undefined) index.set(key, [i]);
    else positions.push(i);
  });
  return index;
}

export function compileMapping(header: readonly string[], context: MappingContext): CompiledMapping {
  if (isEmptyHeader(header)) {
    throw new InputError(`${context.file}: the file is empty (no header row); export it again with its header row, or remove it.`);
  }
  const index = indexHeader(header);
  const sourceKey = context.sourceKey;
  const columns = context.spec.columns ?? {};
  const placeholders = new Set((context.spec.missing ?? []).map(normalizeName));

  for (const name of Object.keys(columns)) {
    if (!KIND_FIELDS[context.kind].some((def) => def.name === name)) {
      const known = KIND_FIELDS[context.kind].map((def) => def.name).join(', ');
      throw new InputError(`${context.file}: ${sourceKey}.columns has "${name}", which is not a ${context.kind} field; use one of ${known}.`);
    }
  }

  const shownHeader = (): string => header.filter((h) => h.trim() !== '').map((h) => `"${h}"`).join(', ');

  const findColumn = (name: string, configKey: string): number | null => {
    const positions = index.get(normalizeName(name)) ?? (name.includes('*') ? wildcardPositions(header, name) : undefined);
    if (positions === undefined || positions.length === 0) return null;
    if (positions.length > 1) {
      throw new InputError(
        `${context.file}: column "${name}" matches ${positions.length} columns (positions ${positions.map((p) => p + 1).join(' and ')}); ` +
          `select one with "position" in ${configKey}, or rename one in the export.`,
      );
    }
    return positions[0]!;
  };

  // A name with `*` may match several columns, such as one "Date entered" column per pipeline.
  const findColumns = (name: string, configKey: string): number[] => {
    if (!name.includes('*') || index.has(normalizeName(name))) {
      const at = findColumn(name, configKey);
      return at === null ? [] : [at];
    }
    return wildcardPositions(header, name);
  };

  const columnAt = (name: string, configKey: string): number => {
    const at = findColumn(name, configKey);
    if (at === null) {
      throw new InputError(`${context.file}: column "${name}" is not in the header (${shownHeader()}); fix ${configKey} or export the column.`);
    }
    return at;
  };

  const positionAt = (position: number, configKey: string): number => {
    if (position > header.length) {
      throw new InputError(`${context.file}: ${configKey}.position is ${position} but the file has ${header.length} columns; fix the position.`);
    }
    return position - 1;
  };

  const readers = KIND_FIELDS[context.kind].map((def) =>
    compileField(def, columns[def.name], { ...context, columnAt, findColumn, findColumns, positionAt, placeholders, index, header }),
  );

  const missing = readers.filter((r) => r.def.required && !r.present).map((r) => r.def.name);
  if (missing.length > 0) {
    const misread = misreadDelimiter(header);
    if (misread !== null) throw new InputError(`${context.file}: ${misread}.`);
    const hint =
      sourceKey === null
        ? `add the column(s) or map them in a "sources" entry of the config`
        : `map them in ${sourceKey}.columns`;
    throw new InputError(`${context.file}: missing required ${context.kind} column(s) ${missing.map((m) => `"${m}"`).join(', ')}; ${hint}.`);
  }

  const byName = new Map(readers.map((r) => [r.def.name, r]));
  const parsers = new Map<string, TimestampParser>();
  const parserFor = (reader: FieldReader): TimestampParser => {
    let parser = parsers.get(reader.def.name);
    if (parser === undefined) {
      parser = createTimestampParser({ zone: context.zone, dateOrder: reader.dateOrder ?? context.spec.dateOrder, rejectYearLast: reader.strayYearLast });
      parsers.set(reader.def.name, parser);
    }
    return parser;
  };

  const { toRecord, helpers } = recordBuilder(context, byName, parserFor);

  return {
    kind: context.kind,
    undatedColumns: readers
      .filter(
        (r) =>
          r.def.type === 'timestamp' && r.present && (r.dateColumns.length > 0 || r.derivedDates) && (r.dateOrder ?? context.spec.dateOrder) === undefined,
      )
      .map((r) => ({
        field: r.def.name,
        label: r.label,
        columns: r.dateColumns.map((index) => ({ index, label: headerLabel(header, index) })),
        text: r.derivedDates ? (r.detectionText ?? r.raw) : null,
        severalColumns: r.severalColumns,
        plain: r.plain,
        missing: r.missing,
      })),
    setDateOrder(fieldName, order) {
      const reader = byName.get(fieldName);
      if (reader === undefined) return;
      reader.dateOrder = order;
      parsers.delete(fieldName);
    },
    rejectYearLastDates(fieldName) {
      const reader = byName.get(fieldName);
      if (reader === undefined) return;
      reader.strayYearLast = true;
      parsers.delete(fieldName);
    },
    endsAtNextStart: byName.get('ended_at')?.next === true,
    fieldText(name, fields) {
      const reader = byName.get(name);
      return reader === undefined || !reader.present ? '' : reader.raw(fields);
    },
    rawFieldText(name, row) {
      const reader = byName.get(name);
      if (reader === undefined || !reader.present) return '';
      if (reader.constant !== null) return reader.constant;
      if (reader.cellAt !== null && !row.complex && reader.cellAt < row.count) return reader.ofCell!(row.text(reader.cellAt));
      return reader.raw(row.fields());
    },
    plainColumn(name) {
      const reader = byName.get(name);
      return reader !== undefined && reader.present && reader.plain && reader.constant === null ? reader.cellAt : null;
    },
    toRecord,
    fastRecord: compileFastRecord(context.kind, byName, helpers),
  };
}

/** Returns the positions of the header names that a name with `*` wildcards matches, case-insensitively. */
export function wildcardPositions(header: readonly string[], pattern: string): number[] {
  const parts = normalizeName(pattern).split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const regex = new RegExp(`^${parts.join('.*')}$`);
  const positions: number[] = [];
  header.forEach((name, i) => {
    if (regex.test(normalizeName(name))) positions.push(i);
  });
  return positions;
}

interface CompileContext extends MappingContext {
  columnAt(name: string, configKey: string): number;
  /** Like columnAt, but null when the header lacks the column. */
  findColumn(name: string, configKey: string): number | null;
  /** Every column a name matches: one, or several for a name with `*`. */
  findColumns(name: string, configKey: string): number[];
  positionAt(position: number, configKey: string): number;
  placeholders: ReadonlySet<string>;
  index: Map<string, number[]>;
  header: readonly string[];
}

/** The raw-text side of a field: everything in FieldReader but its definition and presence. */
type TextSource = Omit<FieldReader, 'def' | 'present' | 'configKey'>;

const EMPTY_SOURCE: TextSource = {
  label: '',
  mapKey: null,
  raw: () => '',
  cell: () => '',
  dateOrder: undefined,
  strayYearLast: false,
  timeColumn: null,
  unit: 'seconds',
  dateColumns: [],
  missing: new Set(),
  derivedDates: false,
  severalColumns: false,
  offset: null,
  next: false,
  cellAt: null,
  ofCell: null,
  constant: null,
  plain: false,
};

function compileField(def: FieldDef, spec: FieldSpec | undefined, context: CompileContext): FieldReader {
  // A canonical file has no entry yet; the hint names the entry the user would add for it.
  const configKey = `${context.sourceKey ?? 'sources.<name>'}.columns.${def.name}`;

  // Without a mapping, a field reads the column of its canonical name when the file has one.
  const effective: FieldSpec | undefined = spec ?? (context.index.has(def.name) ? def.name : undefined);
  if (effective === undefined) return { ...EMPTY_SOURCE, def, present: false, label: def.name, configKey };

  const source = compileText(def, effective, configKey, context, false);
  if (source === null) return { ...EMPTY_SOURCE, def, present: false, label: def.name, configKey };
  return { ...source, def, present: true, configKey };
}

/**
 * Compiles one field form into a reader of raw text. With `optional`, a form
 * whose column the header lacks returns null instead of throwing, so `first`
 * can skip alternatives the export does not have.
 */
function compileText(def: FieldDef, spec: FieldSpec, configKey: string, context: CompileContext, optional: boolean): TextSource | null {
  const locate = (name: string, key: string): number | null =>
    optional ? context.findColumn(name, key) : context.columnAt(name, key);

  if (typeof spec === 'string') return compileColumn({ column: spec }, configKey, context, optional);

  if ('value' in spec) {
    const constant = spec.value;
    return { ...EMPTY_SOURCE, label: `${def.name} (constant)`, raw: () => constant, constant };
  }

  if ('date' in spec) {
    const dateAt = locate(spec.date, `${configKey}.date`);
    const timeAt = locate(spec.time, `${configKey}.time`);
    if (dateAt === null || timeAt === null) return null;
    return {
      ...EMPTY_SOURCE,
      label: `${spec.date} + ${spec.time}`,
      dateColumns: [dateAt],
      missing: context.placeholders,
      raw: cellReader(dateAt, context.placeholders, null, null),
      cell: plainCell(dateAt),
      timeColumn: cellReader(timeAt, context.placeholders, null, null),
      dateOrder: spec.dateOrder,
    };
  }

  if ('cases' in spec) return compileCases(def, spec, configKey, context);

  if ('first' in spec) {
    const alternatives = spec.first
      .map((alternative, i) => compileText(def, alternative, `${configKey}.first[${i}]`, context, true))
      .filter((alternative): alternative is TextSource => alternative !== null);
    if (alternatives.length === 0) {
      if (optional) return null;
      throw new InputError(`${context.file}: none of the columns in ${configKey}.first is in the header (${context.header.filter((h) => h.trim() !== '').map((h) => `"${h}"`).join(', ')}); fix ${configKey}.`);
    }
    if (alternatives.length === 1) return alternatives[0]!;

    const rawReaders = alternatives.map((alternative) => alternative.raw);
    const cellReaders = alternatives.map((alternative) => alternative.cell);
    // NOTE: timeColumn and offset come from the first alternative, even for a row whose value comes from another one.
    return {
      ...alternatives[0]!,
      label: alternatives.map((alternative) => alternative.label).join(' or '),
      // One parser reads whichever alternative has a value, so all their columns share one date order.
      dateColumns: [...new Set(alternatives.flatMap((alternative) => alternative.dateColumns))],
      missing: new Set(alternatives.flatMap((alternative) => [...alternative.missing])),
      // With one derived alternative, detection reads the text each row reads, as it cannot read that alternative's cells.
      derivedDates: alternatives.some((alternative) => alternative.derivedDates),
      // The list reads whichever alternative has a value, so detection reads the row's value (raw), not the first alternative's rule text.
      detectionText: undefined,
      severalColumns: true,
      dateOrder: sharedDateOrder(alternatives, configKey, context),
      cellAt: null,
      ofCell: null,
      constant: null,
      plain: false,
      raw: (fields) => firstNonEmpty(rawReaders, fields),
      cell: (fields) => firstNonEmpty(cellReaders, fields),
    };
  }

  if ('concat' in spec) {
    const positions: number[] = [];
    for (const [i, name] of spec.concat.entries()) {
      const at = locate(name, `${configKey}.concat[${i}]`);
      if (at === null) return null;
      positions.push(at);
    }
    const separator = spec.separator ?? ' ';
    const readers = positions.map((at) => cellReader(at, context.placeholders, null, null));
    const isTimestamp = def.type === 'timestamp';
    const joined = (fields: readonly string[]): string => {
      const parts = readers.map((read) => read(fields));
      // A timestamp without its date or its time is missing, where other text keeps the parts it has.
      const missing = isTimestamp ? parts.some((part) => part === '') : parts.every((part) => part === '');
      return missing ? '' : parts.join(separator);
    };
    return { ...EMPTY_SOURCE, label: spec.concat.join(' + '), raw: joined, cell: joined, derivedDates: true };
  }

  if ('from' in spec) {
    if (def.type !== 'timestamp') {
      throw new InputError(`${context.file}: ${configKey} uses "from" and "add", which only a timestamp field can; map ${def.name} to a column.`);
    }
    const startAt = locate(spec.from, `${configKey}.from`);
    const addAt = locate(spec.add, `${configKey}.add`);
    if (startAt === null || addAt === null) return null;
    return {
      ...EMPTY_SOURCE,
      label: spec.from,
      dateColumns: [startAt],
      missing: context.placeholders,
      raw: cellReader(startAt, context.placeholders, null, null),
      cell: plainCell(startAt),
      dateOrder: spec.dateOrder,
      offset: { label: spec.add, configKey: `${configKey}.add`, unit: spec.unit ?? 'seconds', raw: cellReader(addAt, context.placeholders, null, null) },
    };
  }

  if ('next' in spec) {
    if (context.kind !== 'agent_status' || def.name !== 'ended_at') {
      throw new InputError(`${context.file}: ${configKey} is { "next": "started_at" }, which only agent_status ended_at accepts; map ${def.name} to a column.`);
    }
    return { ...EMPTY_SOURCE, label: `${def.name} (next start)`, next: true };
  }

  return compileColumn(spec, configKey, context, optional);
}

/** Compiles the column forms: a name (with `*` wildcards) or a position, with placeholders, a pattern and a value map. */
function compileColumn(spec: ColumnFieldSpec, configKey: string, context: CompileContext, optional: boolean): TextSource | null {
  let positions: number[];
  if (spec.position !== undefined) {
    positions = [context.positionAt(spec.position, configKey)];
  } else {
    positions = context.findColumns(spec.column!, configKey);
    if (positions.length === 0) {
      if (optional) return null;
      context.columnAt(spec.column!, configKey);
    }
  }

  const local = new Set([...context.placeholders, ...(spec.missing ?? []).map(normalizeName)]);
  let pattern: RegExp | null = null;
  if (spec.pattern !== undefined) {
    try {
      pattern = new RegExp(spec.pattern, 'i');
    } catch (error) {
      throw new InputError(`${context.file}: ${configKey}.pattern is not a valid regular expression (${(error as Error).message}); fix it.`);
    }
  }

  const header = context.header[positions[0]!]?.trim() ?? '';
  const label = spec.column ?? (header === '' ? `column ${positions[0]! + 1}` : header);
  const map = spec.map ?? null;
  const ofCell = cellText(local, map, pattern);
  const readers = positions.map((at) => cellReader(at, local, map, pattern));
  const cells = positions.map(plainCell);
  const single = readers.length === 1;
  return {
    ...EMPTY_SOURCE,
    cellAt: single ? positions[0]! : null,
    ofCell: single ? ofCell : null,
    plain: local.size === 0 && map === null && pattern === null,
    label,
    dateColumns: pattern === null ? positions : [],
    missing: local,
    derivedDates: pattern !== null,
    severalColumns: positions.length > 1,
    raw: single ? readers[0]! : (fields) => firstNonEmpty(readers, fields),
    cell: single ? cells[0]! : (fields) => firstNonEmpty(cells, fields),
    mapKey: `${configKey}.map`,
    dateOrder: spec.dateOrder,
    unit: spec.unit ?? 'seconds',
  };
}

/**
 * Returns the date order that the alternatives of a `first` list set, or
 * undefined when none sets one. Because one parser reads the field, an order
 * set on one alternative also applies to the others, and two different orders
 * raise a ConfigError.
 */
function sharedDateOrder(alternatives: readonly TextSource[], configKey: string, context: CompileContext): 'DMY' | 'MDY' | undefined {
  const orders = new Set(alternatives.map((alternative) => alternative.dateOrder).filter((order) => order !== undefined));
  if (orders.size > 1) {
    // A contradiction in the config, not in the data: exit 2 like other config errors.
    throw new ConfigError(
      `${context.file}: the alternatives in ${configKey}.first set different date orders (${[...orders].map((order) => `"${order}"`).join(' and ')}), ` +
        `but one field is read in one order; set the same dateOrder on each alternative, or set it once on the source.`,
    );
  }
  return orders.values().next().value;
}

/** Returns a column's header name, or "column N" (1-based) when the header cell is empty. */
function headerLabel(header: readonly string[], index: number): string {
  const name = header[index]?.trim() ?? '';
  return name === '' ? `column ${index + 1}` : name;
}

function firstNonEmpty(readers: readonly ((fields: readonly string[]) => string)[], fields: readonly string[]): string {
  for (const read of readers) {
    const text = read(fields);
    if (text !== '') return text;
  }
  return '';
}

/** A condition on one cell of a row: its text, compared case-insensitively, is one of `values`. */
export interface CellCondition {
  at: number;
  values: ReadonlySet<string>;
}

/** Returns the condition that the cell at `at` contains one of `values` (a config's `when`, `where` or `whereNot` entry). */
export function cellCondition(at: number, values: string | readonly string[]): CellCondition {
  return { at, values: new Set((Array.isArray(values) ? values : [values]).map(normalizeName)) };
}

/** Returns whether a row meets a condition. */
export function meets(condition: CellCondition, fields: readonly string[]): boolean {
  return condition.values.has(normalizeName(fields[condition.at] ?? ''));
}

/** Returns whether a row meets every condition. */
export function meetsAll(conditions: readonly CellCondition[], fields: readonly string[]): boolean {
  return conditions.every((condition) => meets(condition, fields));
}

function compileCases(
  def: FieldDef,
  spec: Extract<FieldSpec, { cases: unknown }>,
  configKey: string,
  context: CompileContext,
): TextSource {
  const cases = spec.cases.map((rule, i) => ({
    conditions: Object.entries(rule.when).map(([column, values]) => cellCondition(context.columnAt(column, `${configKey}.cases[${i}].when`), values)),
    value: rule.value,
  }));
  const fallback =
    spec.otherwise === undefined ? null : compileText(def, spec.otherwise, `${configKey}.otherwise`, context, false);
  const otherwise = fallback === null ? () => '' : fallback.raw;
  return {
    ...EMPTY_SOURCE,
    // A value that fails is shown with the fallback column's label. Rules' values of enumerated fields
    // are checked on load, but a timestamp rule value only as rows read it (NOTE: a bad one rejects every row it takes).
    label: fallback === null ? `${def.name} (rules)` : fallback.label,
    mapKey: fallback?.mapKey ?? null,
    raw: (fields) => {
      for (const rule of cases) {
        if (meetsAll(rule.conditions, fields)) return rule.value;
      }
      return otherwise(fields);
    },
    cell: (fields) => (fallback === null ? '' : fallback.cell(fields)),
    // Detection reads the fallback's text of the rows that no rule takes, because a rule's value comes from the config, not from a cell.
    derivedDates: true,
    detectionText: (fields) => (cases.some((rule) => meetsAll(rule.conditions, fields)) ? '' : otherwise(fields)),
    severalColumns: fallback?.severalColumns ?? false,
  };
}

function plainCell(at: number): (fields: readonly string[]) => string {
  return (fields) => (fields[at] ?? '').trim();
}

/** Returns a reader of the cell at `at` of a row, converted by cellText. */
function cellReader(
  at: number,
  placeholders: ReadonlySet<string>,
  map: Record<string, string> | null,
  pattern: RegExp | null,
): (fields: readonly string[]) => string {
  const ofCell = cellText(placeholders, map, pattern);
  return (fields) => ofCell(fields[at] ?? '');
}

/**
 * Returns a function that turns a cell into raw text. It trims the cell and
 * empties placeholders. Then it takes the first capture group of `pattern`
 * (the whole match when there is no group, and empty when nothing matches),
 * and last applies a value map (case-insensitive).
 */
export function cellText(
  placeholders: ReadonlySet<string>,
  map: Record<string, string> | null,
  pattern: RegExp | null,
): (cell: string) => string {
  const lookup = map === null ? null : new Map(Object.entries(map).map(([from, to]) => [normalizeName(from), to]));
  return (cell) => {
    let text = cell.trim();
    if (text === '') return '';
    if (placeholders.size > 0 && placeholders.has(text.toLowerCase())) return '';
    if (pattern !== null) {
      const match = pattern.exec(text);
      text = match === null ? '' : (match[1] ?? match[0]).trim();
      if (text === '') return '';
    }
    if (lookup !== null) {
      const mapped = lookup.get(text.toLowerCase());
      if (mapped !== undefined) return mapped;
    }
    return text;
  };
}

type RawOf = (name: string) => string;

function recordBuilder(
  context: MappingContext,
  readers: Map<string, FieldReader>,
  parserFor: (reader: FieldReader) => TimestampParser,
): { toRecord: CompiledMapping['toRecord']; helpers: FastHelpers } {
  const reader = (name: string): FieldReader => readers.get(name)!;
  const has = (name: string): boolean => readers.get(name)?.present === true;

  const durationOptions = { decimalComma: context.spec.decimalComma === true };

  // The row being converted. The helpers below read it instead of taking it
  // as an argument, so a row allocates no closures; toRecord never nests.
  let fields: readonly string[] = [];

  // Accepted values of each choice field by the text in the export: a few
  // distinct texts repeat on every row, so the normalizing regex runs once
  // for each. Null marks a text that is not a valid value.
  const choices = new Map<string, Map<string, string | null>>();

  // Agent keys by the text in the export, for the same reason. The first
  // resolve of each text still runs, so the directory records its spelling.
  const agentKeys = new Map<string, string>();

  const raw: RawOf = (name) => reader(name).raw(fields);

  const required = (name: string): string => {
    const text = raw(name);
    if (text === '') {
      const cell = reader(name).cell(fields);
      if (cell !== '') {
        throw new RowReject(reader(name).label, cell, `${name} is empty after reading "${cell}" (a placeholder for a missing value, or no match for the column's pattern); every row needs one`);
      }
      throw new RowReject(reader(name).label, '', `${name} is empty; every row needs one`);
    }
    return text;
  };

  const timestamp = (name: string): number => {
    const field = reader(name);
    const text = required(name);
    const time = field.timeColumn === null ? undefined : field.timeColumn(fields);
    let instant: number;
    try {
      instant = parserFor(field)(text, time);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      const shown = time === undefined ? text : `${text} ${time}`;
      throw new RowReject(field.label, shown, withDateOrderKey(error.message, context));
    }
    if (field.offset === null) return instant;

    const added = field.offset.raw(fields);
    try {
      return instant + parseDuration(added, field.offset.unit, durationOptions) * 1000;
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      throw new RowReject(field.offset.label, added, `${error.message}; if the column contains another unit, set ${field.offset.configKey.replace(/\.add$/, '.unit')}`);
    }
  };

  const optionalTimestamp = (name: string): number | null => (has(name) && raw(name) !== '' ? timestamp(name) : null);

  const duration = (name: string, emptyValue: number | null): number => {
    const field = reader(name);
    const text = raw(name);
    if (text === '') {
      if (emptyValue === null) throw new RowReject(field.label, '', `${name} is empty; a handled call needs its duration`);
      return emptyValue;
    }
    try {
      return parseDuration(text, field.unit, durationOptions);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      const hint = text.includes(',') ? `if the column uses a decimal comma, set "decimalComma": true in the source entry` : `if the column contains another unit, set ${field.configKey}.unit`;
      throw new RowReject(field.label, text, `${error.message}; ${hint}`);
    }
  };

  const flag = (name: string): boolean => {
    if (!has(name)) return false;
    const text = raw(name);
    try {
      return parseBoolean(text);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      throw new RowReject(reader(name).label, text, `${error.message}; or map the value in ${reader(name).mapKey ?? `${reader(name).configKey}.map`}`);
    }
  };

  const choiceValue = (name: string, allowed: readonly string[], text: string): string | null => {
    let known = choices.get(name);
    if (known === undefined) {
      known = new Map();
      choices.set(name, known);
    }
    let value = known.get(text);
    if (value === undefined) {
      // A map's result is not trimmed as a cell is, and the config check accepts " available ", so it is trimmed here.
      const normalized = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
      value = allowed.includes(normalized) ? normalized : null;
      if (known.size < CACHE_LIMIT) known.set(ownCopy(text), value);
    }
    return value;
  };

  const choice = <T extends string>(name: string, allowed: readonly T[]): T => {
    const text = required(name);
    const value = choiceValue(name, allowed, text);
    if (value !== null) return value as T;
    throw new RowReject(
      reader(name).label,
      text,
      `"${text}" is not a valid ${name} (expected ${allowed.join(', ')}); map it in ${reader(name).mapKey ?? `${reader(name).configKey}.map`}`,
    );
  };

  const resolveAgent = (text: string): string => {
    let key = agentKeys.get(text);
    if (key === undefined) {
      const copy = ownCopy(text);
      key = context.agents.resolve(copy);
      if (agentKeys.size < CACHE_LIMIT) agentKeys.set(copy, key);
    }
    return key;
  };

  const agent = (name: string): string => resolveAgent(required(name));

  const helpers: FastHelpers = {
    choiceValue,
    resolveAgent,
    agentKeyOf: (text) => context.agents.keyOf(text),
    parserFor,
    durationOptions,
    wonStages: context.wonStages,
  };
  const toRecord: CompiledMapping['toRecord'] = (row) => {
    fields = row;
    switch (context.kind) {
      case 'calls': {
        const outcome = choice<CallOutcome>('outcome', CALL_OUTCOMES);
        const agentText = raw('agent');
        const agentKey = agentText === '' ? null : resolveAgent(agentText);
        const handled = agentKey !== null && !UNHANDLED_OUTCOMES.has(outcome);
        const startedAt = timestamp('started_at');
        const endedAt = optionalTimestamp('ended_at');
        if (endedAt !== null && endedAt < startedAt) {
          throw new RowReject(reader('ended_at').label, raw('ended_at'), 'the call ends before it starts; check the two timestamp columns and their time zones');
        }
        return {
          kind: 'calls',
          record: {
            callId: required('call_id'),
            agent: agentKey,
            direction: choice('direction', ['inbound', 'outbound'] as const),
            startedAt,
            endedAt,
            talkSeconds: duration('talk_seconds', handled ? null : 0),
            holdSeconds: has('hold_seconds') ? duration('hold_seconds', 0) : null,
            afterCallWorkSeconds: has('after_call_work_seconds') ? duration('after_call_work_seconds', 0) : null,
            outcome,
            escalated: flag('escalated'),
            callbackRequired: flag('callback_required'),
          },
        };
      }

      case 'agent_status':
      case 'schedule': {
        const isStatus = context.kind === 'agent_status';
        const startName = isStatus ? 'started_at' : 'starts_at';
        const endName = isStatus ? 'ended_at' : 'ends_at';
        const who = agent('agent');
        const start = timestamp(startName);
        const end = reader(endName).next ? start : timestamp(endName);
        if (end < start) {
          throw new RowReject(reader(endName).label, raw(endName), `${endName} is before ${startName}; check the two timestamp columns and their time zones`);
        }
        if (isStatus) {
          return { kind: 'agent_status', record: { agent: who, status: choice<AgentStatus>('status', AGENT_STATUSES), startedAt: start, endedAt: end } };
        }
        return { kind: 'schedule', record: { agent: who, activity: choice('activity', ['shift', 'break'] as const), startsAt: start, endsAt: end } };
      }

      case 'bookings':
        return { kind: 'bookings', record: { bookingId: required('booking_id'), agent: agent('agent'), createdAt: timestamp('created_at') } };

      case 'leads': {
        const stage = required('stage');
        const won = context.wonStages.includes(stage.toLowerCase());
        const wonAt = optionalTimestamp('won_at');
        if (won && wonAt === null) {
          throw new RowReject(reader('won_at').label, '', `a won lead needs won_at; map the column holding the date it entered the won stage`);
        }
        return {
          kind: 'leads',
          record: {
            leadId: required('lead_id'),
            agent: agent('agent'),
            won,
            wonAt,
            source: has('source') ? raw('source').toLowerCase() : null,
          },
        };
      }

      case 'tickets': {
        const createdAt = timestamp('created_at');
        const resolvedAt = optionalTimestamp('resolved_at');
        if (resolvedAt !== null && resolvedAt < createdAt) {
          throw new RowReject(reader('resolved_at').label, raw('resolved_at'), 'the ticket is resolved before it was created; check the two timestamp columns and their time zones');
        }
        return { kind: 'tickets', record: { ticketId: required('ticket_id'), createdBy: agent('created_by'), createdAt, resolvedAt } };
      }

      case 'surveys': {
        if (raw('score') === '' && reader('score').cell(fields) !== '') throw new NotThisKind();
        const scoreText = required('score');
        const score = Number(scoreText.replace(',', '.'));
        // A decimal comma is accepted in scores whatever decimalComma is set to, because a score never contains a thousands separator.
        if (!Number.isFinite(score) || score < 1 || score > 5 || !/^\s*\d+([.,]\d+)?\s*$/.test(scoreText)) {
          throw new RowReject(reader('score').label, scoreText, `"${scoreText}" is not a score from 1 to 5; if it marks "no rating", list it in ${reader('score').configKey}.missing`);
        }
        const callId = has('call_id') && raw('call_id') !== '' ? raw('call_id') : null;
        const agentText = has('agent') ? raw('agent') : '';
        return {
          kind: 'surveys',
          record: {
            surveyId: required('survey_id'),
            callId,
            agent: agentText === '' ? null : resolveAgent(agentText),
            submittedAt: timestamp('submitted_at'),
            score,
          },
        };
      }

      case 'complaints':
        return {
          kind: 'complaints',
          record: {
            complaintId: required('complaint_id'),
            agent: agent('agent'),
            callId: has('call_id') && raw('call_id') !== '' ? raw('call_id') : null,
            createdAt: timestamp('created_at'),
          },
        };

      case 'agents':
        return {
          kind: 'agents',
          record: {
            agent: required('agent'),
            name: required('name'),
            aliases: has('aliases') ? raw('aliases').split(';').map((a) => a.trim()).filter((a) => a !== '') : [],
          },
        };
    }
  };
  return { toRecord, helpers };
}

/** Entries each per-mapping cache keeps at most, so a column of unique texts cannot grow one without bound. */
const CACHE_LIMIT = 4096;

/**
 * Returns a copy of a field's text that shares no memory with the file. A
 * field is a slice of a whole decoded chunk, and V8 keeps that chunk alive
 * for as long as the slice is kept, as a cache key would be. V8 copies
 * slices shorter than 13 characters already (SlicedString::kMinLength).
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}

/** Names the config key in a timestamp message that ends with the advice to set the column's date order. */
function withDateOrderKey(message: string, context: MappingContext): string {
  if (context.sourceKey === null || context.noEntry === true || !message.endsWith(DATE_ORDER_ADVICE)) return message;
  return `${message.slice(0, -DATE_ORDER_ADVICE.length)}set ${context.sourceKey}.dateOrder to "DMY" or "MDY"`;
}
