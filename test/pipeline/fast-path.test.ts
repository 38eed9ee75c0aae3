/**
 * Checks readSource's byte path (raw rows converted by fast-record.ts, with
 * the text path as fallback) against its text path alone. On generated files
 * both must give the same records, ledger, rejected rows and error messages
 * at every chunk size. The files mix values that the byte path converts
 * itself with values that it must hand to the text path. Those include
 * padded, quoted and escaped cells, slash dates, non-ISO timestamps,
 * fractional and clock durations, invalid choices, short and long rows, BOMs,
 * windows-1252 bytes and CRLF line ends.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type ResolvedConfig } from '../../src/config/config.js';
import type { SourceSpec } from '../../src/config/schema.js';
import type { PlannedSource } from '../../src/pipeline/plan.js';
import { readSource, type ReadContext, type RejectedRow } from '../../src/pipeline/read-source.js';
import type { KindRecord, SourceKind } from '../../src/records.js';
import type { SourceLedger } from '../../src/report.js';
import { AgentDirectory } from '../../src/sources/agents.js';
import { findPreset, toSourceSpec } from '../../src/sources/presets/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-fast-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = loadConfig(null, () => 'America/New_York', () => {});

/**
 * Bytes per read: 7 splits nearly every row and cell across chunks, 64 splits
 * some, 4096 contains a whole generated file, and undefined is the default
 * (DEFAULT_CHUNK_SIZE in src/read/csv.ts).
 */
const CHUNK_SIZES: readonly (number | undefined)[] = [7, 64, 4096, undefined];

// ---------------------------------------------------------------------------
// Cell values

/**
 * Local days of the generated timestamps. In America/New_York, 2026-03-08
 * starts daylight saving time and 2026-11-01 ends it.
 */
const DAYS: readonly [number, number, number][] = [
  [2026, 3, 7],
  [2026, 3, 8],
  [2026, 3, 13],
  [2026, 4, 3],
  [2026, 4, 13],
  [2026, 11, 1],
  [2026, 11, 2],
  [2026, 12, 25],
  // Europe/London changes its clocks on these days, and New York does not.
  [2026, 3, 29],
  [2026, 10, 25],
];

/** The wall-clock start of a row. Every timestamp cell of the row is written relative to it. */
interface WallTime {
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallTime: fc.Arbitrary<WallTime> = fc.record({
  day: fc.nat(DAYS.length - 1),
  // Hours 1 to 3 contain the gap and the repeated hour of the two change days.
  hour: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 23 })),
  minute: fc.constantFrom(0, 30, 59),
  second: fc.constantFrom(0, 5, 59),
});

type TimestampForm =
  | 'iso'
  | 'iso-space'
  | 'iso-lower-t'
  | 'utc'
  | 'offset'
  | 'fraction'
  | 'slash'
  | 'epoch'
  | 'padded'
  | 'empty'
  | 'blank'
  | 'literal';

/** A timestamp cell: its form, and its distance from the row's start. */
interface TimestampCell {
  form: TimestampForm;
  deltaMinutes: number;
  offset: string;
  /** Whether this slash date is written day-first, in a file that mixes date orders. */
  dayFirst: boolean;
  literal: string;
}

/**
 * Fixed timestamp texts: times in the spring gap and in the repeated autumn
 * hour, fields out of range, and forms other than fixed-width ISO.
 */
const TIMESTAMP_LITERALS = [
  '2026-03-08 02:30:00',
  '2026-03-08T02:59:59',
  '2026-11-01 01:30:00',
  '2026-02-30 10:00:00',
  '2026-03-09 24:00:00',
  '2026-13-01T00:00:00',
  '2026-03-09T10:00:00+24:00',
  '2026-03-09',
  '2026/03/09 10:00:00',
  'Thu, 12 Mar 2026 14:51:34',
  '1772971200000',
  'not a date',
];

function timestampCell(forms: fc.Arbitrary<TimestampForm>, deltas: readonly number[]): fc.Arbitrary<TimestampCell> {
  return fc.record({
    form: forms,
    deltaMinutes: fc.constantFrom(...deltas),
    offset: fc.constantFrom('-05:00', '-0400', '+01:30', '+00:00'),
    dayFirst: fc.boolean(),
    literal: fc.constantFrom(...TIMESTAMP_LITERALS),
  });
}

const ISO_FORMS = ['iso', 'iso-space', 'iso-lower-t', 'utc', 'offset'] as const;
const AWKWARD_FORMS = fc.oneof(
  { arbitrary: fc.constant<TimestampForm>('slash'), weight: 3 },
  { arbitrary: fc.constantFrom<TimestampForm>('fraction', 'epoch', 'padded', 'empty', 'blank', 'literal'), weight: 3 },
);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Slash-date style of a file: none, day-first, month-first, or both. Both must raise InputError. */
type SlashStyle = 'none' | 'DMY' | 'MDY' | 'both';

function renderTimestamp(cell: TimestampCell, start: WallTime, slashStyle: SlashStyle): string {
  const [year, month, day] = DAYS[start.day]!;
  const wall = new Date(Date.UTC(year, month - 1, day, start.hour, start.minute + cell.deltaMinutes, start.second));
  const y = wall.getUTCFullYear();
  const mo = pad(wall.getUTCMonth() + 1);
  const d = pad(wall.getUTCDate());
  const h = wall.getUTCHours();
  const clock = `${pad(h)}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  const iso = `${y}-${mo}-${d}T${clock}`;

  switch (cell.form) {
    case 'iso':
      return iso;
    case 'iso-space':
      return `${y}-${mo}-${d} ${clock}`;
    case 'iso-lower-t':
      return `${y}-${mo}-${d}t${clock}`;
    case 'utc':
      return `${iso}Z`;
    case 'offset':
      return `${iso}${cell.offset}`;
    case 'fraction':
      return `${iso}.250`;
    case 'epoch':
      return String(Math.floor(wall.getTime() / 1000));
    case 'padded':
      return ` ${iso} `;
    case 'empty':
      return '';
    case 'blank':
      return '   ';
    case 'literal':
      return cell.literal;
    case 'slash': {
      if (slashStyle === 'none') return iso;
      const dayFirst = slashStyle === 'DMY' || (slashStyle === 'both' && cell.dayFirst);
      if (dayFirst) return `${d}/${mo}/${y} ${pad(h)}:${pad(wall.getUTCMinutes())}`;
      const hour12 = h % 12 === 0 ? 12 : h % 12;
      return `${mo}/${d}/${y} ${pad(hour12)}:${pad(wall.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
    }
  }
}

type CellValue = string | TimestampCell;

/**
 * The values a column takes: usual ones, as most exports write them, and
 * awkward ones, which the byte path must leave to the text path or which
 * reject the row. A usual value may still be rejected, such as an empty
 * ended_at in a status file.
 */
interface ColumnValues {
  usual: fc.Arbitrary<CellValue>;
  awkward: fc.Arbitrary<CellValue>;
}

function textValues(usual: readonly string[], awkward: readonly string[]): ColumnValues {
  return { usual: fc.constantFrom(...usual), awkward: fc.constantFrom(...awkward) };
}

/** Adds texts to a column's values, such as placeholders and value-map keys for a mapped source. */
function withTexts(values: ColumnValues, usual: readonly string[], awkward: readonly string[]): ColumnValues {
  return {
    usual: usual.length === 0 ? values.usual : fc.oneof(values.usual, fc.constantFrom(...usual)),
    awkward: awkward.length === 0 ? values.awkward : fc.oneof(values.awkward, fc.constantFrom(...awkward)),
  };
}

/** ISO forms, and slash dates, which a file whose slash style is 'none' writes as ISO instead. */
const USUAL_FORMS = fc.oneof(
  { arbitrary: fc.constantFrom<TimestampForm>(...ISO_FORMS), weight: 5 },
  { arbitrary: fc.constant<TimestampForm>('slash'), weight: 1 },
);

const startValues: ColumnValues = {
  usual: timestampCell(USUAL_FORMS, [0]),
  awkward: timestampCell(AWKWARD_FORMS, [0]),
};

/** End timestamps, written from the row's start: the awkward ones may end before it starts. */
const endValues: ColumnValues = {
  usual: timestampCell(fc.oneof(USUAL_FORMS, fc.constant<TimestampForm>('empty')), [0, 1, 5, 90, 600, 1500]),
  awkward: timestampCell(fc.oneof(AWKWARD_FORMS, fc.constantFrom<TimestampForm>(...ISO_FORMS)), [-30, -1, 0, 5, 1500]),
};

const idValues = textValues(
  ['C1', 'C2', 'C3', 'C4', 'C5', 'C1', 'C2', 'c1', ' C2 ', '0042', 'Ω-7', 'id,with,commas', 'line\r\nbreak'],
  ['', '  ', 'id "q"'],
);

const agentValues = textValues(
  [
    'ana@example.com',
    'ana@example.com',
    'ANA@Example.com',
    ' ana@example.com ',
    'ben',
    'Ben ',
    '  BEN',
    'José',
    'JOSÉ',
    'Zoë Ærø',
    '€uro desk',
    'Łukasz',
    '李雷',
    "o'brien, pat",
    'two\nlines',
    'tab\there',
  ],
  ['', '   ', 'say "hi"'],
);

const durationValues: ColumnValues = {
  usual: fc.oneof(fc.nat(5000).map(String), fc.constantFrom('0', '45', '245', '007', '43200')),
  awkward: fc.constantFrom(
    '43201',
    '99999999',
    '1234567890123456',
    '245.5',
    '4:05',
    '1:02:03',
    '12:00:01',
    '4m 5s',
    '-5',
    ' 30 ',
    'abc',
    '1,5',
    '',
    '  ',
  ),
};

const booleanValues = textValues(['true', 'FALSE', 'Yes', 'no', 'y', 'N', '1', '0', '', ' yes ', 'TRUE ', 'n'], ['maybe', 'nope', '2']);
const directionValues = textValues(['inbound', 'outbound', 'Inbound', 'OUTBOUND', ' inbound '], ['in', '', 'in-bound']);
const outcomeValues = textValues(
  ['resolved', 'escalated', 'callback', 'unresolved', 'abandoned', 'missed', 'voicemail', 'Resolved', 'VOICEMAIL', ' missed '],
  ['call back', 'voice mail', 'dropped', ''],
);
const statusValues = textValues(
  ['available', 'on_call', 'On Call', 'on-call', 'after call work', 'break', 'away', 'OFFLINE', 'other'],
  ['lunch', '', 'on call now'],
);
const activityValues = textValues(['shift', 'break', 'Shift', 'BREAK', ' shift '], ['meeting', '']);
const scoreValues = textValues(['1', '2', '3', '4', '5'], ['0', '6', '3.5', '3,5', ' 4', '04', 'five', '', '10']);
const stageValues = textValues(['Won', 'won', 'WON', ' Won ', 'Lost', 'Open', 'Closed Won'], ['']);
const leadSourceValues = textValues(['outbound', 'Outbound', 'inbound', 'Référence', '', 'web'], ['say "x"', '   ']);

/** Free text, such as a customer name or a note, including texts that need quoting. */
const freeTextValues = textValues(
  ['Acme', 'Globex', '', 'a, b', 'two\nlines', 'cr\r\nlf', 'tab\there', 'semi;colon', 'pipe|bar', 'Zoë', '李', '03/04/2026'],
  ['say "x"', '   '],
);

// ---------------------------------------------------------------------------
// File layouts

/** One column of a generated file. */
interface ColumnDef {
  /** The header cell before its case and spacing vary. */
  header: string;
  /** True for a column that every file has. Other columns are left out of some files. */
  required: boolean;
  values: ColumnValues;
}

const column = (header: string, values: ColumnValues, required = true): ColumnDef => ({ header, required, values });

/** The canonical columns of each kind (src/sources/kinds.ts). */
const CANONICAL_COLUMNS: Record<Exclude<SourceKind, 'agents'>, ColumnDef[]> = {
  calls: [
    column('call_id', idValues),
    column('agent', agentValues),
    column('direction', directionValues),
    column('started_at', startValues),
    column('ended_at', endValues, false),
    column('talk_seconds', durationValues),
    column('hold_seconds', durationValues, false),
    column('after_call_work_seconds', durationValues, false),
    column('outcome', outcomeValues),
    column('escalated', booleanValues, false),
    column('callback_required', booleanValues, false),
    column('customer', freeTextValues, false),
  ],
  agent_status: [column('agent', agentValues), column('status', statusValues), column('started_at', startValues), column('ended_at', endValues)],
  schedule: [column('agent', agentValues), column('activity', activityValues), column('starts_at', startValues), column('ends_at', endValues)],
  surveys: [
    column('survey_id', idValues),
    column('call_id', idValues, false),
    column('agent', agentValues, false),
    column('submitted_at', startValues),
    column('score', scoreValues),
  ],
  complaints: [
    column('complaint_id', idValues),
    column('agent', agentValues),
    column('call_id', idValues, false),
    column('created_at', startValues),
  ],
  bookings: [column('booking_id', idValues), column('agent', agentValues), column('created_at', startValues)],
  tickets: [
    column('ticket_id', idValues),
    column('created_by', agentValues),
    column('created_at', startValues),
    column('resolved_at', endValues, false),
  ],
  leads: [
    column('lead_id', idValues),
    column('agent', agentValues),
    column('stage', stageValues),
    column('won_at', endValues, false),
    column('source', leadSourceValues, false),
  ],
};

/** A column no mapping reads: its values still pass through the tokenizers and the date scan. */
const NOTES_COLUMN = column('notes', freeTextValues, false);

/** Quoting of a cell: bare, in quotes, or Excel's `"ab"c` with text after the closing quote. */
type Quoting = 'bare' | 'quoted' | 'excel';

/**
 * Shape of a generated row: as generated, cut short, with an extra field, with
 * a trailing delimiter, blank, all empty, or a copy of the previous line.
 */
type RowShape = 'normal' | 'short' | 'long' | 'trailing' | 'blank' | 'empty' | 'duplicate';

interface RowPlan {
  start: WallTime;
  /** A usual row: only usual values, and no cell written Excel's way. */
  usual: boolean;
  usualCells: CellValue[];
  /** The cells of a row that is not usual: mostly usual values with some awkward ones. */
  mixedCells: CellValue[];
  quoting: Quoting[];
  shape: RowShape;
}

type FileEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'bom-then-windows-1252';

/** Everything that decides one generated file. */
interface FilePlan {
  /** Per column: whether an optional column is written. */
  included: boolean[];
  /** Per column: a sort key that shuffles the column order. */
  order: number[];
  headerCase: ('lower' | 'upper' | 'title' | 'spaced')[];
  rows: RowPlan[];
  delimiter: string;
  lineEnd: string;
  finalLineEnd: boolean;
  encoding: FileEncoding;
  sepLine: boolean;
  slashStyle: SlashStyle;
  /** A last line whose quote is never closed, which both paths must reject with the same error. */
  unclosedQuote: boolean;
}

/** Returns plans of files with these columns. The first `keepOrder` columns stay first, and the others are shuffled. */
function filePlan(columns: readonly ColumnDef[], keepOrder: number): fc.Arbitrary<FilePlan> {
  const count = columns.length;
  const row: fc.Arbitrary<RowPlan> = fc.record({
    start: wallTime,
    usual: fc.boolean(),
    usualCells: fc.tuple(...columns.map((def) => def.values.usual)),
    mixedCells: fc.tuple(
      ...columns.map((def) => fc.oneof({ arbitrary: def.values.usual, weight: 5 }, { arbitrary: def.values.awkward, weight: 1 })),
    ),
    quoting: fc.array(
      fc.oneof({ arbitrary: fc.constant<Quoting>('bare'), weight: 8 }, { arbitrary: fc.constantFrom<Quoting>('quoted', 'excel'), weight: 2 }),
      { minLength: count, maxLength: count },
    ),
    shape: fc.oneof(
      { arbitrary: fc.constant<RowShape>('normal'), weight: 14 },
      { arbitrary: fc.constantFrom<RowShape>('short', 'long', 'trailing', 'blank', 'empty', 'duplicate'), weight: 3 },
    ),
  });
  return fc.record({
    included: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
    order: fc.array(fc.nat(20), { minLength: count, maxLength: count }).map((keys) => keys.map((key, i) => (i < keepOrder ? -1 : key))),
    headerCase: fc.array(fc.constantFrom('lower', 'upper', 'title', 'spaced'), { minLength: count, maxLength: count }),
    rows: fc.array(row, { maxLength: 16 }),
    delimiter: fc.constantFrom(',', ',', ';', '\t', '|'),
    lineEnd: fc.constantFrom('\n', '\r\n', '\r\n', '\r'),
    finalLineEnd: fc.boolean(),
    encoding: fc.constantFrom<FileEncoding>('utf-8', 'utf-8', 'utf-8-bom', 'windows-1252', 'bom-then-windows-1252'),
    sepLine: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
    slashStyle: fc.constantFrom<SlashStyle>('none', 'none', 'none', 'DMY', 'MDY', 'both'),
    unclosedQuote: fc.oneof({ arbitrary: fc.constant(false), weight: 12 }, { arbitrary: fc.constant(true), weight: 1 }),
  });
}

// ---------------------------------------------------------------------------
// Rendering a plan into bytes

function headerText(name: string, style: FilePlan['headerCase'][number]): string {
  switch (style) {
    case 'lower':
      return name;
    case 'upper':
      return name.toUpperCase();
    case 'title':
      return name.charAt(0).toUpperCase() + name.slice(1);
    case 'spaced':
      return ` ${name} `;
  }
}

/** Writes one cell, quoting it whenever its text would otherwise end the field or the row. */
function writeCell(text: string, quoting: Quoting, delimiter: string): string {
  const mustQuote = text.includes(delimiter) || text.includes('\n') || text.includes('\r') || text.startsWith('"');
  if (quoting === 'bare' && !mustQuote) return text;
  const quoted = (part: string): string => `"${part.replaceAll('"', '""')}"`;
  if (quoting === 'excel') {
    // Excel reads `"ab"c` as abc, so the tail may follow the closing quote when it needs no quoting itself.
    const cut = Math.floor(text.length / 2);
    const tail = text.slice(cut);
    if (!tail.includes(delimiter) && !/["\r\n]/.test(tail)) return quoted(text.slice(0, cut)) + tail;
  }
  return quoted(text);
}

/** Characters windows-1252 puts at 0x80-0x9F that the generated texts use. */
const WINDOWS_1252_HIGH: Record<string, number> = { '€': 0x80 };

/** Encodes text as windows-1252, writing `?` for a character it lacks (Ł, 李, Ω). */
function encodeWindows1252(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(WINDOWS_1252_HIGH[char] ?? 0x3f);
  }
  return Buffer.from(bytes);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function encodeFile(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([BOM, Buffer.from(text, 'utf8')]);
    case 'windows-1252':
      return encodeWindows1252(text);
    case 'bom-then-windows-1252':
      // Invalid UTF-8 after a BOM: both paths decode the bytes to U+FFFD.
      return Buffer.concat([BOM, encodeWindows1252(text)]);
  }
}

/** Renders a plan as the text of a CSV file (before encoding). */
function renderFile(columns: readonly ColumnDef[], plan: FilePlan): string {
  const delimiter = plan.delimiter;
  const chosen = columns
    .map((def, index) => ({ def, index }))
    .filter(({ def, index }) => def.required || plan.included[index] === true)
    .sort((a, b) => plan.order[a.index]! - plan.order[b.index]!);

  const lines: string[] = [];
  if (plan.sepLine) lines.push(`sep=${delimiter}`);
  lines.push(chosen.map(({ def, index }) => writeCell(headerText(def.header, plan.headerCase[index]!), 'bare', delimiter)).join(delimiter));

  let previous: string | null = null;
  for (const row of plan.rows) {
    const cells = row.usual ? row.usualCells : row.mixedCells;
    const texts = chosen.map(({ index }) => {
      const value = cells[index]!;
      return typeof value === 'string' ? value : renderTimestamp(value, row.start, plan.slashStyle);
    });
    const quoting = chosen.map(({ index }): Quoting => {
      const mode = row.quoting[index]!;
      return row.usual && mode === 'excel' ? 'quoted' : mode;
    });

    if (row.shape === 'blank') {
      lines.push('');
      continue;
    }
    if (row.shape === 'duplicate' && previous !== null) {
      lines.push(previous);
      continue;
    }
    if (row.shape === 'short' && texts.length > 1) {
      texts.pop();
      quoting.pop();
    }
    if (row.shape === 'empty') texts.fill('');
    if (row.shape === 'long') {
      texts.push('extra');
      quoting.push('bare');
    }
    if (row.shape === 'trailing') {
      texts.push('');
      quoting.push('bare');
    }
    previous = texts.map((text, i) => writeCell(text, quoting[i]!, delimiter)).join(delimiter);
    lines.push(previous);
  }

  if (plan.unclosedQuote) lines.push(`"never closed${delimiter}C9`);
  return lines.join(plan.lineEnd) + (plan.finalLineEnd ? plan.lineEnd : '');
}

// ---------------------------------------------------------------------------
// Reading through both paths

/** Output of one readSource call. */
interface ReadOutcome {
  records: KindRecord[];
  ledger: SourceLedger | null;
  rejected: RejectedRow[];
  /** The thrown error's class and message, or null. */
  error: string | null;
  /** AgentDirectory.displayNames() afterwards: the name the report shows for each agent key. */
  agentNames: [string, string][];
  /** Messages sent to onWarning, also before an error. */
  warnings: string[];
}

function readOnce(source: PlannedSource, readConfig: ResolvedConfig, testing: NonNullable<ReadContext['testing']>): ReadOutcome {
  const records: KindRecord[] = [];
  const rejected: RejectedRow[] = [];
  const agents = new AgentDirectory();
  const warnings: string[] = [];
  const context: ReadContext = {
    config: readConfig,
    agents,
    stdin: () => {
      throw new Error('this test reads no standard input');
    },
    onReject: (row) => rejected.push(row),
    onWarning: (message) => warnings.push(message),
    testing,
  };
  try {
    const ledger = readSource(
      source,
      (item) => {
        // The byte path reuses a record's object for the next row, so the test keeps a copy.
        records.push(structuredClone(item) as KindRecord);
        return 'used';
      },
      context,
    );
    return { records, ledger, rejected, error: null, agentNames: [...agents.displayNames()], warnings };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    // Records and rejects delivered before an error are not compared. The text path
    // runs the date-order pass, which raises most of these errors, before its first
    // row, but the byte path runs it only before its first fallback row. The CLI
    // writes no rejects file for a run that stops with an error, so users see no
    // difference.
    return { records: [], ledger: null, rejected: [], error: `${error.constructor.name}: ${error.message}`, agentNames: [], warnings };
  }
}

const describeRun = (testing: NonNullable<ReadContext['testing']>): string =>
  `${testing.textPathOnly === true ? 'text' : 'byte'} path, chunk size ${testing.chunkSize ?? 'default'}`;

/**
 * Reads a source through both paths at every chunk size and expects the text
 * path's result each time.
 */
function expectSameOutcomes(source: PlannedSource, readConfig: ResolvedConfig): void {
  const expected = readOnce(source, readConfig, { textPathOnly: true });
  for (const chunkSize of CHUNK_SIZES) {
    for (const textPathOnly of [false, true]) {
      if (textPathOnly && chunkSize === undefined) continue;
      const testing = { textPathOnly, chunkSize };
      const actual = readOnce(source, readConfig, testing);
      const run = describeRun(testing);
      expect(actual.error, `error, ${run}`).toBe(expected.error);
      expect(actual.records, `records, ${run}`).toStrictEqual(expected.records);
      expect(actual.ledger, `ledger, ${run}`).toStrictEqual(expected.ledger);
      expect(actual.rejected, `onReject calls, ${run}`).toStrictEqual(expected.rejected);
      expect(actual.agentNames, `agent names, ${run}`).toStrictEqual(expected.agentNames);
      expect(actual.warnings, `warnings, ${run}`).toStrictEqual(expected.warnings);
    }
  }
}

function writeSourceFile(name: string, columns: readonly ColumnDef[], plan: FilePlan): string {
  const path = join(dir, name);
  writeFileSync(path, encodeFile(renderFile(columns, plan), plan.encoding));
  return path;
}

// ---------------------------------------------------------------------------
// Properties

const CANONICAL_KINDS = Object.keys(CANONICAL_COLUMNS) as (keyof typeof CANONICAL_COLUMNS)[];

describe('readSource byte path', () => {
  it.each(CANONICAL_KINDS)('matches the text path on %s files', (kind) => {
    const columns = [...CANONICAL_COLUMNS[kind], NOTES_COLUMN];
    fc.assert(
      fc.property(filePlan(columns, 0), (plan) => {
        const path = writeSourceFile(`${kind}.csv`, columns, plan);
        expectSameOutcomes({ path, display: `${kind}.csv`, kind, sourceKey: null, spec: null }, config);
      }),
      { numRuns: 40 },
    );
  });
});

// ---------------------------------------------------------------------------
// Mapped sources

/** A `sources` entry of the test config and the export columns it reads. */
interface MappedSource {
  name: string;
  kind: Exclude<SourceKind, 'agents'>;
  entry: Omit<SourceSpec, 'kind'>;
  /** The export's columns; the first stays first, because a mapping may read it by position. */
  columns: ColumnDef[];
}

/**
 * Entries whose fields are not plain columns: value maps, placeholders
 * (source-wide and per column), a constant, a position, minutes, a decimal
 * comma and another zone. The byte path reads such fields through the
 * mapping's text conversion of each cell.
 */
const MAPPED_SOURCES: MappedSource[] = [
  {
    name: 'phone',
    kind: 'calls',
    entry: {
      files: 'phone.csv',
      missing: ['N/A', '-'],
      decimalComma: true,
      columns: {
        call_id: { position: 1 },
        agent: { column: 'Agent Name', map: { 'Desk 7': 'ana@example.com', 'desk 9': 'Ben' } },
        direction: { value: 'inbound' },
        started_at: 'Start Time',
        ended_at: { column: 'End Time', missing: ['never'] },
        talk_seconds: { column: 'Talk', unit: 'minutes' },
        hold_seconds: 'Hold',
        outcome: { column: 'Disposition', map: { Done: 'resolved', 'No Answer': 'missed', VM: 'voicemail' } },
        escalated: { column: 'Escalated?', map: { Escalated: 'yes', 'Not escalated': 'no' } },
        customer: 'Customer',
      },
    },
    columns: [
      column('Call Id', withTexts(idValues, [], ['N/A'])),
      column('Agent Name', withTexts(agentValues, ['Desk 7', 'DESK 9'], ['N/A', '-'])),
      column('Start Time', withTexts(startValues, [], ['N/A'])),
      column('End Time', withTexts(endValues, ['never', 'N/A'], [' never '])),
      column('Talk', withTexts(durationValues, ['1,5', '0,25'], ['N/A'])),
      column('Hold', withTexts(durationValues, ['-'], [])),
      column('Disposition', withTexts(outcomeValues, ['Done', 'no answer', 'vm'], ['N/A', 'Dropped'])),
      column('Escalated?', withTexts(booleanValues, ['Escalated', 'not escalated', '-'], [])),
      column('Customer', withTexts(freeTextValues, ['N/A'], [])),
    ],
  },
  {
    name: 'csat',
    kind: 'surveys',
    entry: {
      files: 'csat.csv',
      timezone: 'Europe/London',
      columns: {
        survey_id: 'Response',
        call_id: { column: 'Call', missing: ['none'] },
        agent: { column: 'Agent Name', map: { 'Desk 7': 'ana@example.com' } },
        submitted_at: 'Submitted',
        score: { column: 'Rating', missing: ['0'] },
      },
    },
    columns: [
      column('Response', idValues),
      column('Call', withTexts(idValues, ['none', 'NONE'], [])),
      column('Agent Name', withTexts(agentValues, ['Desk 7'], [])),
      column('Submitted', startValues),
      column('Rating', withTexts(scoreValues, ['0'], [])),
    ],
  },
  {
    name: 'crm',
    kind: 'leads',
    entry: {
      files: 'crm.csv',
      missing: ['(none)'],
      columns: {
        lead_id: 'Deal',
        agent: 'Owner',
        stage: { column: 'Stage', map: { 'Closed Won': 'won', Pending: 'open' } },
        won_at: 'Won Date',
        source: 'Lead Source',
      },
    },
    columns: [
      column('Deal', idValues),
      column('Owner', withTexts(agentValues, ['(None)'], [])),
      column('Stage', withTexts(stageValues, ['Closed Won', 'pending'], ['(none)'])),
      column('Won Date', withTexts(endValues, ['(none)'], [])),
      column('Lead Source', withTexts(leadSourceValues, ['(none)'], [])),
    ],
  },
  {
    name: 'presence',
    kind: 'agent_status',
    entry: {
      files: 'presence.csv',
      columns: {
        agent: 'User',
        status: { column: 'State', map: { Ready: 'available', Lunch: 'break', 'Not Ready': 'away' } },
        started_at: 'From',
        ended_at: 'To',
      },
    },
    columns: [
      column('User', agentValues),
      column('State', withTexts(statusValues, ['Ready', 'LUNCH', 'not ready'], ['Unknown'])),
      column('From', startValues),
      column('To', endValues),
    ],
  },
  {
    name: 'helpdesk',
    kind: 'tickets',
    entry: {
      files: 'helpdesk.csv',
      columns: {
        ticket_id: 'Ticket',
        created_by: { column: 'Assignee', map: { 'Desk 7': 'ana@example.com' }, missing: ['unassigned'] },
        created_at: 'Opened',
        resolved_at: { column: 'Closed', missing: ['open'] },
      },
    },
    columns: [
      column('Ticket', idValues),
      column('Assignee', withTexts(agentValues, ['Desk 7', 'Unassigned'], [])),
      column('Opened', startValues),
      column('Closed', withTexts(endValues, ['open', 'OPEN'], [])),
    ],
  },
];

describe('readSource byte path with a config mapping', () => {
  it('matches the text path', () => {
    const configFile = join(dir, 'kpi.config.json');
    const sources = Object.fromEntries(MAPPED_SOURCES.map((source) => [source.name, { kind: source.kind, ...source.entry }]));
    writeFileSync(configFile, JSON.stringify({ timezone: 'America/New_York', wonStages: ['won'], sources }));
    const warnings: string[] = [];
    const mappedConfig = loadConfig(configFile, () => 'America/New_York', (message) => warnings.push(message));
    expect(warnings).toEqual([]);

    for (const source of MAPPED_SOURCES) {
      const spec = mappedConfig.sources[source.name]!;
      const fileName = String(spec.files);
      fc.assert(
        fc.property(filePlan(source.columns, 1), (plan) => {
          const path = writeSourceFile(fileName, source.columns, plan);
          expectSameOutcomes({ path, display: fileName, kind: source.kind, sourceKey: `sources.${source.name}`, spec }, mappedConfig);
        }),
        { numRuns: 30 },
      );
    }
  });
});

// ---------------------------------------------------------------------------
// Single cases

function writeTestFile(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Returns the source entry of a preset, as a config written by `kpi init` would hold it. */
function presetSpec(id: string, files: string): SourceSpec {
  const preset = findPreset(id)!;
  const [part] = Object.values(preset.sources);
  return toSourceSpec(part!, files);
}

/** Writes a test file and returns it as a source read through a preset's entry. */
function presetSource(id: string, kind: PlannedSource['kind'], name: string, content: string): PlannedSource {
  const path = writeTestFile(name, content);
  return { path, display: name, kind, sourceKey: `sources.${id}`, spec: presetSpec(id, name) };
}

describe('readSource date order of multi-column fields', () => {
  const FRESHDESK_HEADER = 'Ticket ID,Subject,Status,Agent,Created time,Resolved time,Closed time\n';

  it('applies a first list\'s order to all columns', () => {
    // Line 2's "25/03" in "Resolved time" proves day-first, and "Closed time" alone fits both orders.
    const source = presetSource(
      'freshdesk-tickets',
      'tickets',
      'freshdesk.csv',
      FRESHDESK_HEADER +
        '8812,A,Resolved,VA Seven,2026-03-25 09:16,25/03/2026 10:05,\n' +
        '8813,B,Resolved,VA Seven,2026-03-26 09:16,02/04/2026 10:05,02/04/2026 10:06\n' +
        '8814,C,Closed,VA Seven,2026-03-27 09:16,,03/04/2026 10:06\n',
    );

    const outcome = readOnce(source, config, { textPathOnly: true });
    expect(outcome.error).toBeNull();
    expect(outcome.rejected).toEqual([]);
    const resolved = outcome.records.map((item) => (item.kind === 'tickets' ? item.record.resolvedAt : null));
    expect(resolved).toEqual([
      Date.parse('2026-03-25T10:05:00-04:00'),
      Date.parse('2026-04-02T10:05:00-04:00'),
      Date.parse('2026-04-03T10:06:00-04:00'),
    ]);
    expectSameOutcomes(source, config);
  });

  it('raises when a first list fits both orders', () => {
    const source = presetSource(
      'freshdesk-tickets',
      'tickets',
      'freshdesk-ambiguous.csv',
      FRESHDESK_HEADER + '8812,A,Resolved,VA Seven,2026-03-25 09:16,01/04/2026 10:05,\n' + '8814,C,Closed,VA Seven,2026-03-27 09:16,,03/04/2026 10:06\n',
    );

    expect(readOnce(source, config, {}).error).toContain(
      'InputError: freshdesk-ambiguous.csv: columns "Resolved time" and "Closed time": every date fits both day-first and month-first (for example "01/04/2026 10:05")',
    );
    expectSameOutcomes(source, config);
  });

  it('names each column of a conflict', () => {
    const source = presetSource(
      'freshdesk-tickets',
      'tickets',
      'freshdesk-conflict.csv',
      FRESHDESK_HEADER + '8812,A,Resolved,VA Seven,2026-03-25 09:16,25/03/2026 10:05,\n' + '8814,C,Closed,VA Seven,2026-03-27 09:16,,03/25/2026 10:06\n',
    );

    expect(readOnce(source, config, {}).error).toContain(
      'columns "Resolved time" and "Closed time" mix day-first dates (line 2, column "Resolved time": "25/03/2026 10:05") ' +
        'and month-first dates (line 3, column "Closed time": "03/25/2026 10:06")',
    );
    expectSameOutcomes(source, config);
  });

  it('applies a Pipedrive won time order', () => {
    // "Deal - Won time" proves month-first on line 3, and "Deal - Deal closed on" alone fits both orders.
    const source = presetSource(
      'pipedrive-deals',
      'leads',
      'pipedrive.csv',
      'Deal - ID,Deal - Owner,Deal - Status,Deal - Won time,Deal - Deal closed on\n' +
        '2001,VA Seven,won,,11/02/2026 16:40\n' +
        '2002,VA Eight,won,11/13/2026 09:00,11/13/2026 09:00\n' +
        '2003,VA Eight,open,,\n',
    );

    const outcome = readOnce(source, config, { textPathOnly: true });
    expect(outcome.error).toBeNull();
    expect(outcome.rejected).toEqual([]);
    const wonAt = outcome.records.map((item) => (item.kind === 'leads' ? item.record.wonAt : null));
    expect(wonAt).toEqual([Date.parse('2026-11-02T16:40:00-05:00'), Date.parse('2026-11-13T09:00:00-05:00'), null]);
    expectSameOutcomes(source, config);
  });

  it('applies a wildcard name\'s order to all columns', () => {
    const path = writeTestFile('wildcard.csv', 'ticket_id,created_by,created_at,Closed (web),Closed (mail)\nT1,ana,2026-03-09T10:00:00,,02/04/2026 10:00\nT2,ben,2026-03-09T11:00:00,25/03/2026 10:00,\n');
    const spec: SourceSpec = { kind: 'tickets', files: 'wildcard.csv', columns: { resolved_at: 'Closed (*)' } };
    const source: PlannedSource = { path, display: 'wildcard.csv', kind: 'tickets', sourceKey: 'sources.helpdesk', spec };

    const outcome = readOnce(source, config, { textPathOnly: true });
    expect(outcome.error).toBeNull();
    expect(outcome.rejected).toEqual([]);
    const resolved = outcome.records.map((item) => (item.kind === 'tickets' ? item.record.resolvedAt : null));
    expect(resolved).toEqual([Date.parse('2026-04-02T10:00:00-04:00'), Date.parse('2026-03-25T10:00:00-04:00')]);
    expectSameOutcomes(source, config);
  });

  it('raises on different orders in a first list', () => {
    const path = writeTestFile('orders.csv', 'ticket_id,created_by,created_at,Resolved,Closed\nT1,ana,2026-03-09T10:00:00,,02/04/2026 10:00\n');
    const spec: SourceSpec = {
      kind: 'tickets',
      files: 'orders.csv',
      columns: { resolved_at: { first: [{ column: 'Resolved', dateOrder: 'DMY' }, { column: 'Closed', dateOrder: 'MDY' }] } },
    };
    const source: PlannedSource = { path, display: 'orders.csv', kind: 'tickets', sourceKey: 'sources.helpdesk', spec };

    expect(readOnce(source, config, {}).error).toBe(
      'ConfigError: orders.csv: the alternatives in sources.helpdesk.columns.resolved_at.first set different date orders ("DMY" and "MDY"), ' +
        'but one field is read in one order; set the same dateOrder on each alternative, or set it once on the source.',
    );
  });
});

describe('readSource byte path on single cases', () => {
  it('names agents like the text path', () => {
    // The text path rejects line 2 for its empty booking_id before it reads the agent.
    // So "ana" on line 3 is the agent's first spelling and the report's name for it.
    const path = writeTestFile('names.csv', 'booking_id,agent,created_at\n,ANA,2026-03-09T10:00:00\nB1,ana,2026-03-09T10:00:00\n');
    const source: PlannedSource = { path, display: 'names.csv', kind: 'bookings', sourceKey: null, spec: null };

    const expected = readOnce(source, config, { textPathOnly: true });
    expect(expected.agentNames).toEqual([['ana', 'ana']]);
    for (const chunkSize of CHUNK_SIZES) {
      const testing = { chunkSize };
      expect(readOnce(source, config, testing).agentNames, `agent names, ${describeRun(testing)}`).toEqual(expected.agentNames);
    }
  });

  it('leaves a slash-date placeholder out of the date order', () => {
    // "01/01/1900" fits both orders, but the config names it as missing, so it decides nothing and stops nothing.
    const path = writeTestFile(
      'placeholder.csv',
      'ticket_id,created_by,created_at,resolved_at\nT1,ana,2026-03-09T10:00:00,01/01/1900\nT2,ben,2026-03-09T11:00:00,2026-03-09T12:00:00\n',
    );
    const spec: SourceSpec = {
      kind: 'tickets',
      files: 'placeholder.csv',
      columns: { resolved_at: { column: 'resolved_at', missing: ['01/01/1900'] } },
    };
    const source: PlannedSource = { path, display: 'placeholder.csv', kind: 'tickets', sourceKey: 'sources.helpdesk', spec };

    const outcome = readOnce(source, config, {});
    expect(outcome.error).toBeNull();
    expect(outcome.warnings).toEqual([]);
    expect(outcome.ledger?.rowsUsed).toBe(2);
    expectSameOutcomes(source, config);
  });

  it('warns alike on mixed encodings', () => {
    // Line 2 has UTF-8 "José" and line 3 windows-1252 "José", so the file is read as windows-1252.
    const path = writeTestFile(
      'mixed.csv',
      Buffer.concat([Buffer.from('booking_id,agent,created_at\nB1,José,2026-03-09T10:00:00\n'), encodeWindows1252('B2,José,2026-03-09T11:00:00\n')]),
    );
    const source: PlannedSource = { path, display: 'mixed.csv', kind: 'bookings', sourceKey: null, spec: null };

    const outcome = readOnce(source, config, {});
    expect(outcome.warnings).toEqual([
      'mixed.csv:3: byte 0xE9 at offset 63 is not valid UTF-8, so the file is read as windows-1252, ' +
        'but line 2 has the UTF-8 text "José", which now reads "JosÃ©". Re-save the file as UTF-8 so that both lines read correctly.',
    ]);
    expect(outcome.records.map((item) => (item.kind === 'bookings' ? item.record.agent : null))).toEqual(['josã©', 'josé']);
    expectSameOutcomes(source, config);
  });

  it('warns before a header error', () => {
    // The UTF-8 "Agent Né" of the header reads as "Agent NÃ©", so the mapping finds no agent column.
    const path = writeTestFile('mixed-header.csv', Buffer.concat([Buffer.from('booking_id,Agent Né,created_at\n'), encodeWindows1252('B2,José,2026-03-09T11:00:00\n')]));
    const source: PlannedSource = { path, display: 'mixed-header.csv', kind: 'bookings', sourceKey: null, spec: null };

    const outcome = readOnce(source, config, {});
    expect(outcome.error).not.toBeNull();
    expect(outcome.warnings).toHaveLength(1);
    expect(outcome.warnings[0]).toContain('line 1 has the UTF-8 text "Né", which now reads "NÃ©"');
  });
});

/**
 * openCsv decides the encoding from the first 1 MiB (SAMPLE_SIZE in
 * src/read/csv.ts). After that, invalid UTF-8 switches a file that was ASCII
 * so far to windows-1252, and raises InputError in a file that already had
 * non-ASCII UTF-8.
 */
describe('readSource byte path beyond the encoding sample', () => {
  /** Returns booking rows of just over 1 MiB, with more distinct agents (5000) than each cache of the byte path keeps (4096). */
  function bookingRows(firstAgent: string): Buffer {
    const rows = ['booking_id,agent,created_at', `B0,${firstAgent},2026-03-09T10:00:00`];
    let size = 0;
    for (let i = 1; size <= 1 << 20; i++) {
      const row = `B${i},agent${i % 5000},2026-03-${pad(1 + (i % 28))}T${pad(i % 24)}:00:00`;
      rows.push(row);
      size += row.length + 1;
    }
    return Buffer.from(`${rows.join('\n')}\n`, 'utf8');
  }

  const lastRow = encodeWindows1252('B-last,José,2026-03-09T10:00:00\n');

  it('switches an ASCII file to windows-1252', () => {
    const path = writeTestFile('ascii-then-1252.csv', Buffer.concat([bookingRows('ana'), lastRow]));
    const source: PlannedSource = { path, display: 'ascii-then-1252.csv', kind: 'bookings', sourceKey: null, spec: null };

    const last = readOnce(source, config, {}).records.at(-1);
    expect(last?.record, 'the row after the sample, read as windows-1252').toMatchObject({ bookingId: 'B-last', agent: 'josé' });
    expectSameOutcomes(source, config);
  });

  it('raises alike on mixed encodings', () => {
    const path = writeTestFile('utf8-then-1252.csv', Buffer.concat([bookingRows('José'), lastRow]));
    const source: PlannedSource = { path, display: 'utf8-then-1252.csv', kind: 'bookings', sourceKey: null, spec: null };

    for (const chunkSize of CHUNK_SIZES) {
      const textPath = readOnce(source, config, { textPathOnly: true, chunkSize });
      const bytePath = readOnce(source, config, { chunkSize });
      expect(textPath.error, `text path, chunk size ${chunkSize ?? 'default'}`).toMatch(/mixes encodings/);
      expect(bytePath.error, `byte path, chunk size ${chunkSize ?? 'default'}`).toBe(textPath.error);
    }
  });
});
