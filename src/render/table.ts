/**
 * The terminal table: one row per agent plus the team, one column per KPI.
 *
 * Layout follows the width the caller gives. When the thirteen KPI columns
 * and the agent names fit, the table is wide. Otherwise it is transposed, with
 * metrics as rows and agents as columns, in blocks of as many agents as fit.
 * Every line stays within the width, and pass/fail reads without colour
 * through the `✓`/`✗` marks.
 */
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import { METRIC_IDS } from '../engine/types.js';
import type { MetricId, MetricSet } from '../engine/types.js';
import type { KpiReport } from '../report.js';
import { zoneFor } from '../time/zone.js';
import type { Zone } from '../time/zone.js';
import { METRIC_SHORT_NAMES, NO_DATA, displayWidth, formatTarget, stripColor, wrapSegments } from './format.js';
import {
  DEFAULT_MIN_SAMPLE,
  dataSummarySegments,
  metricCell,
  periodHeading,
  reportRows,
  smallSampleNote,
} from './report-text.js';
import type { MetricCell, MinSample, ReportRow } from './report-text.js';

export interface TableOptions {
  /** Colours pass green and fail red with ANSI codes; without it the output has none. */
  color: boolean;
  /** Terminal width in columns, or Infinity for no limit; values below MIN_TABLE_WIDTH are treated as that minimum. */
  width: number;
  /** Sample sizes below which a value gets the `*` mark (defaults 10 calls, 5 surveys, 5 tickets). */
  minSample?: MinSample;
  /** The team zone for the heading's dates; defaults to the zone the period names. */
  zone?: Zone;
}

/** The narrowest width laid out: one agent column of the transposed table fits in it. */
export const MIN_TABLE_WIDTH = 40;

const PASS_MARK = '✓';
const FAIL_MARK = '✗';
const TEAM_LABEL = 'TEAM';
const RULE = '─';

/** The widest agent name column in the wide layout, in terminal columns; longer names are cut with `…`. */
const WIDE_NAME_MAX = 24;
/** The narrowest name column the wide layout accepts before it switches to the transposed one. */
const WIDE_NAME_MIN = 10;
/** The widest agent column of the transposed layout; longer names wrap. */
const TRANSPOSED_NAME_MAX = 12;
/** Lines an agent name may take in the transposed header before it is cut with `…`. */
const HEADER_LINES = 2;

interface Painter {
  pass(text: string): string;
  fail(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const PLAIN: Painter = {
  pass: (text) => text,
  fail: (text) => text,
  dim: (text) => text,
  bold: (text) => text,
};

function painterFor(color: boolean): Painter {
  if (!color) return PLAIN;

  // An explicit level, because whether to colour is the caller's decision
  // (TTY, NO_COLOR, --no-color), not chalk's own detection.
  const chalk = new Chalk({ level: 1 });
  return {
    pass: (text) => chalk.green(text),
    fail: (text) => chalk.red(text),
    dim: (text) => chalk.dim(text),
    bold: (text) => chalk.bold(text),
  };
}

/** A table cell: the plain text that decides its width and the text printed. */
interface Cell {
  plain: string;
  styled: string;
}

/**
 * A metric cell in both spellings: `4:47 ✓` and, for the wide layout when
 * space is short, `4:47✓` with the mark against the value.
 */
interface MetricCells {
  spaced: Cell;
  joined: Cell;
}

function styledCells(cell: MetricCell, paint: Painter): MetricCells {
  if (cell.status === 'no_data') {
    const empty = { plain: NO_DATA, styled: paint.dim(NO_DATA) };
    return { spaced: empty, joined: empty };
  }
  const pass = cell.status === 'pass';
  const mark = pass ? PASS_MARK : FAIL_MARK;
  const style = pass ? paint.pass : paint.fail;
  const spaced = `${cell.value} ${mark}`;
  const joined = `${cell.value}${mark}`;
  return {
    spaced: { plain: spaced, styled: style(spaced) },
    joined: { plain: joined, styled: style(joined) },
  };
}

interface Grid {
  rows: ReportRow[];
  /** cells[r][m]: the cell of row r for METRIC_IDS[m]. */
  cells: MetricCells[][];
  targets: string[];
  anySmall: boolean;
}

function buildGrid(report: KpiReport, minSample: MinSample, paint: Painter): Grid {
  const rows = reportRows(report, TEAM_LABEL);
  let anySmall = false;
  const cells = rows.map((row) =>
    METRIC_IDS.map((id) => {
      const cell = metricCell(id, row.metrics[id], minSample);
      if (cell.small) anySmall = true;
      return styledCells(cell, paint);
    }),
  );
  const targets = METRIC_IDS.map((id) => targetText(report.team.metrics, id));
  return { rows, cells, targets, anySmall };
}

function targetText(metrics: MetricSet, id: MetricId): string {
  const result = metrics[id];
  return formatTarget(result.target, result.unit);
}

/** Renders the report as a terminal table that fits `options.width` columns, ending with a newline. */
export function renderTable(report: KpiReport, options: TableOptions): string {
  if (Number.isNaN(options.width)) {
    throw new RangeError('table width is NaN; pass the terminal width in columns, or Infinity for no limit');
  }
  const width = Math.max(Math.floor(options.width), MIN_TABLE_WIDTH);
  const minSample = options.minSample ?? DEFAULT_MIN_SAMPLE;
  const zone = options.zone ?? zoneFor(report.period.timezone);
  const paint = painterFor(options.color);
  const grid = buildGrid(report, minSample, paint);

  const lines: string[] = [];
  const heading = periodHeading(report, zone);
  const headingSegments = [heading.title, heading.days, heading.timezone, heading.asOf];
  lines.push(...wrapSegments(headingSegments, ' · ', width, '  ').map(paint.bold));
  lines.push('');
  lines.push(...(renderWide(grid, width, paint) ?? renderTransposed(grid, width, paint)));
  lines.push('');
  lines.push(...wrapSegments([`${PASS_MARK} meets target`, `${FAIL_MARK} misses target`, `${NO_DATA} no data`], ' · ', width));
  if (grid.anySmall) lines.push(...wrapSegments([smallSampleNote(minSample)], ' ', width, '  '));
  lines.push(...dataSummaryLines(report, width));

  return lines.map((line) => line.trimEnd()).join('\n') + '\n';
}

function dataSummaryLines(report: KpiReport, width: number): string[] {
  const segments = dataSummarySegments(report.dataQuality.sources);
  if (segments.length === 0) return ['Data: no files read'];
  segments[0] = `Data: ${segments[0]}`;
  return wrapSegments(segments, '; ', width, '  ');
}

function maxWidth(texts: Iterable<string>): number {
  let max = 0;
  for (const text of texts) max = Math.max(max, displayWidth(text));
  return max;
}

export interface DrawOptions {
  colWidths: number[];
  aligns: ('left' | 'right')[];
  gap: number;
  /** Wraps cells at spaces into at most this many lines, the last cut with `…`; without it a row is one line. */
  wrapLines?: number;
}

/**
 * Draws rows with cli-table3 without borders, columns separated by `gap`
 * spaces. Cells wider than their column are cut with `…`. Lines come back
 * without trailing spaces.
 *
 * Each row is drawn on its own: a row of plain cells by padRow, any other
 * row by a table of its own. cli-table3's layout of one table takes time
 * that grows faster than its rows: 5,000 agents took 13 s.
 */
export function drawRows(rows: string[][], options: DrawOptions): string[] {
  const wrap = options.wrapLines !== undefined;
  return rows.flatMap((row) =>
    !wrap && row.every((cell, i) => fitsPlainly(cell, options.colWidths[i] ?? 0)) ? [padRow(row, options)] : drawWithTable([row], options),
  );
}

/** Draws rows as drawRows does, always with cli-table3. Exported for the test that compares the two. */
export function drawWithTable(rows: string[][], options: DrawOptions): string[] {
  const wrap = options.wrapLines !== undefined;
  const table = new Table({
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
      middle: ' '.repeat(options.gap),
    },
    // Empty style lists keep cli-table3 from adding its own colours.
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colWidths: options.colWidths,
    colAligns: options.aligns,
    wordWrap: wrap,
    wrapOnWordBoundary: wrap,
    ...(wrap ? { rowHeights: rows.map(() => options.wrapLines ?? 1) } : {}),
  });
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd());
}

/**
 * Matches text made only of characters one column wide in cli-table3 and in
 * displayWidth alike: printable ASCII and the marks and signs kpi writes.
 * Such text needs no wide characters or combining marks measured.
 */
const PLAIN_TEXT = /^[\x20-\x7e✓✗≥≤–—…·]*$/;

/** Returns true when the text of `cell`, without its colour codes, is plain (see PLAIN_TEXT) and fits `width` columns uncut. */
function fitsPlainly(cell: string, width: number): boolean {
  const text = stripColor(cell);
  return text.length <= width && PLAIN_TEXT.test(text);
}

/**
 * Pads one row of plain cells, coloured or not, to their column widths and joins them with
 * `gap` spaces, as cli-table3 lays out such a row with no borders and no
 * padding. cli-table3 took about 13 ms in a fresh process for the small
 * week's table, a quarter of a small report's start. Trailing spaces are
 * left out, as drawRows does.
 */
function padRow(row: string[], options: DrawOptions): string {
  const cells = row.map((cell, i) => {
    const room = ' '.repeat((options.colWidths[i] ?? 0) - stripColor(cell).length);
    return options.aligns[i] === 'right' ? room + cell : cell + room;
  });
  return cells.join(' '.repeat(options.gap)).trimEnd();
}

/**
 * The wide layouts in order of preference: marks apart from values with two
 * spaces between columns, then marks against values (13 columns fewer), then
 * also single spaces. Marks apart with single spaces is left out because a
 * mark would sit as close to the next value as to its own.
 */
const WIDE_ATTEMPTS: readonly { spelling: keyof MetricCells; gap: number }[] = [
  { spelling: 'spaced', gap: 2 },
  { spelling: 'joined', gap: 2 },
  { spelling: 'joined', gap: 1 },
];

/**
 * Lays out agents as rows and KPIs as columns, or returns null when no wide
 * layout fits `width` with agent names cut to WIDE_NAME_MIN.
 */
function renderWide(grid: Grid, width: number, paint: Painter): string[] | null {
  const headers = METRIC_IDS.map((id) => METRIC_SHORT_NAMES[id]);
  const nameNatural = Math.min(WIDE_NAME_MAX, maxWidth(['Agent', 'target', ...grid.rows.map((row) => row.label)]));

  for (const { spelling, gap } of WIDE_ATTEMPTS) {
    const metricWidths = METRIC_IDS.map((_, m) =>
      Math.max(
        displayWidth(headers[m] ?? ''),
        displayWidth(grid.targets[m] ?? ''),
        maxWidth(grid.cells.map((row) => row[m]?.[spelling].plain ?? '')),
      ),
    );
    const metricTotal = metricWidths.reduce((sum, w) => sum + w, 0);
    const nameWidth = Math.min(nameNatural, width - metricTotal - gap * METRIC_IDS.length);
    if (nameWidth < Math.min(nameNatural, WIDE_NAME_MIN)) continue;

    const colWidths = [nameWidth, ...metricWidths];
    const aligns: ('left' | 'right')[] = ['left', ...METRIC_IDS.map(() => 'right' as const)];
    const labels = distinctLabels(
      grid.rows.map((row) => row.label),
      nameWidth,
    );
    const rows = [
      ['Agent', ...headers],
      ['target', ...grid.targets],
      ...grid.rows.map((_, r) => [labels[r] ?? '', ...(grid.cells[r] ?? []).map((cell) => cell[spelling].styled)]),
    ];
    const [header = '', ...body] = drawRows(rows, { colWidths, aligns, gap });

    // Rules under the targets and above the team row.
    const rule = RULE.repeat(nameWidth + metricTotal + gap * METRIC_IDS.length);
    const teamLine = body.pop() ?? '';
    const agentLines = body.slice(1);
    if (agentLines.length === 0) return [paint.bold(header), body[0] ?? '', rule, teamLine];
    return [paint.bold(header), body[0] ?? '', rule, ...agentLines, rule, teamLine];
  }
  return null;
}

/**
 * Cuts labels wider than `width` with `…` at the end, as cli-table3 would.
 * Labels that would then read the same keep their end instead, such as
 * `firstnam…@company.com` and `firstnam…@company.org`, with the shortest end
 * that makes them differ. Labels other than printable ASCII are left for
 * cli-table3 to cut, which measures wide characters.
 */
export function distinctLabels(labels: readonly string[], width: number): string[] {
  const cuttable = (label: string): boolean => label.length > width && width >= 3 && PLAIN_TEXT.test(label);
  const endCut = (label: string): string => (cuttable(label) ? `${label.slice(0, width - 1)}…` : label);
  const cut = labels.map(endCut);
  const groups = new Map<string, number[]>();
  cut.forEach((text, i) => groups.set(text, [...(groups.get(text) ?? []), i]));

  for (const members of groups.values()) {
    if (members.length < 2 || !members.every((i) => cuttable(labels[i]!))) continue;
    for (let tail = 1; tail <= width - 2; tail++) {
      const middleCut = (i: number): string => `${labels[i]!.slice(0, width - 1 - tail)}…${labels[i]!.slice(-tail)}`;
      const texts = members.map(middleCut);
      if (new Set(texts).size === members.length && texts.every((text) => !groups.has(text))) {
        members.forEach((i, k) => {
          cut[i] = texts[k]!;
        });
        break;
      }
    }
  }
  return cut;
}

/**
 * Lays out KPIs as rows and agents (then the team) as columns, in blocks of
 * as many agents as fit the width, separated by a blank line.
 */
function renderTransposed(grid: Grid, width: number, paint: Painter): string[] {
  const gap = 2;
  const labelWidth = maxWidth(METRIC_IDS.map((id) => METRIC_SHORT_NAMES[id]));
  const targetWidth = maxWidth(['target', ...grid.targets]);
  const fixedWidth = labelWidth + gap + targetWidth;

  const columnWidths = grid.rows.map((row, r) => {
    const valueWidth = maxWidth((grid.cells[r] ?? []).map((cell) => cell.spaced.plain));
    const natural = Math.max(valueWidth, Math.min(displayWidth(row.label), TRANSPOSED_NAME_MAX));
    // A column wider than the room left is cut, so even one agent per block fits.
    return Math.max(1, Math.min(natural, width - fixedWidth - gap));
  });

  const blocks: number[][] = [];
  let block: number[] = [];
  let used = fixedWidth;
  grid.rows.forEach((_, r) => {
    const columnWidth = (columnWidths[r] ?? 0) + gap;
    if (block.length > 0 && used + columnWidth > width) {
      blocks.push(block);
      block = [];
      used = fixedWidth;
    }
    block.push(r);
    used += columnWidth;
  });
  if (block.length > 0) blocks.push(block);

  const lines: string[] = [];
  blocks.forEach((members, b) => {
    if (b > 0) lines.push('');
    const colWidths = [labelWidth, targetWidth, ...members.map((r) => columnWidths[r] ?? 0)];
    const aligns: ('left' | 'right')[] = ['left', 'right', ...members.map(() => 'right' as const)];
    // Names wrap onto a second line rather than being cut to the column,
    // where two agents with the same first name would look the same.
    const header = drawRows([['', 'target', ...members.map((r) => grid.rows[r]?.label ?? '')]], {
      colWidths,
      aligns,
      gap,
      wrapLines: HEADER_LINES,
    });
    const rows = METRIC_IDS.map((id, m) => [
      METRIC_SHORT_NAMES[id],
      grid.targets[m] ?? '',
      ...members.map((r) => grid.cells[r]?.[m]?.spaced.styled ?? ''),
    ]);
    const rule = RULE.repeat(colWidths.reduce((sum, w) => sum + w, 0) + gap * (colWidths.length - 1));
    // cli-table3 pads a row to its fixed height, so a header whose names all
    // fit on one line comes back with an empty second line.
    const headerLines = header.filter((line, i) => i === 0 || line !== '');
    lines.push(...headerLines.map(paint.bold), rule, ...drawRows(rows, { colWidths, aligns, gap }));
  });
  return lines;
}
