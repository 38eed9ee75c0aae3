/**
 * The CSV output in long format, one row per agent and metric, ready for a
 * spreadsheet or a pivot table. Team rows have the agent `TEAM`, which no
 * agent key can equal because keys are lower-cased.
 *
 * Fields follow RFC 4180: CRLF line ends, and a field containing a comma,
 * quote, CR or LF is quoted with quotes doubled. Text stays as in the data
 * apart from the formula guard below and control characters, which are shown
 * as escapes (see csvText), as in the table. The JSON keeps the exact text.
 */
import { escapeControl } from './format.js';
import { METRIC_IDS } from '../engine/types.js';
import type { MetricResult, MetricSet, Target } from '../engine/types.js';
import type { KpiReport } from '../report.js';
import { plainNumber } from './format.js';

export const CSV_COLUMNS = [
  'period',
  'agent',
  'name',
  'metric',
  'value',
  'unit',
  'numerator',
  'denominator',
  'target',
  'status',
] as const;

export const TEAM_AGENT = 'TEAM';
const TEAM_NAME = 'Team';

/** A field as text (guarded against formulas) or a number (written plain). */
type Field = { text: string } | { number: number } | null;

/** Renders the report as CSV with a header row, ending with CRLF. */
export function renderCsv(report: KpiReport): string {
  return [...renderCsvPieces(report)].join('');
}

/** Renders the same text as renderCsv() in pieces: the header, each agent's rows, then the team's. */
export function* renderCsvPieces(report: KpiReport): Generator<string> {
  const period = report.period.label;
  yield `${CSV_COLUMNS.join(',')}\r\n`;
  for (const agent of report.agents) {
    yield `${metricRows(period, agent.agent, agent.name, agent.metrics).join('\r\n')}\r\n`;
  }
  yield `${metricRows(period, TEAM_AGENT, TEAM_NAME, report.team.metrics).join('\r\n')}\r\n`;
}

function metricRows(period: string, agent: string, name: string, metrics: MetricSet): string[] {
  return METRIC_IDS.map((id) => {
    const result: MetricResult = metrics[id];
    const fields: Field[] = [
      { text: period },
      { text: agent },
      { text: name },
      { text: id },
      result.value === null ? null : { number: result.value },
      { text: result.unit },
      { number: result.numerator },
      { number: result.denominator },
      { text: targetText(result.target) },
      { text: result.status },
    ];
    return fields.map(writeField).join(',');
  });
}

/** Writes a target in the metric's own unit, unrounded: `< 300`, `>= 0.95`, `between 8 and 12`. */
export function targetText(target: Target): string {
  if (target.op === 'between') return `between ${plainNumber(target.min)} and ${plainNumber(target.max)}`;
  return `${target.op} ${plainNumber(target.value)}`;
}

function writeField(field: Field): string {
  if (field === null) return '';
  if ('number' in field) return plainNumber(field.number);
  return csvText(field.text);
}

/**
 * Writes a text cell that is safe in a spreadsheet and on a terminal: formula
 * prefixes neutralized, control characters shown as escapes, quoted per RFC 4180.
 */
export function csvText(text: string): string {
  return quote(escapeControl(neutralizeFormula(text)));
}

/**
 * Prefixes `'` to text a spreadsheet would run as a formula: text starting
 * with `=`, `+`, `-` or `@`, or with a tab or CR, which some spreadsheets strip
 * before they check. A plain number such as `-5` is left as it is: a
 * spreadsheet reads it as that number, and a rejected cell should show the
 * value the export had. Report numbers are written as numbers and never
 * pass through here.
 */
export function neutralizeFormula(text: string): string {
  const first = text.charAt(0);
  if (first === '=' || first === '+' || first === '-' || first === '@' || first === '\t' || first === '\r') {
    if (PLAIN_NUMBER.test(text)) return text;
    return `'${text}`;
  }
  return text;
}

/** A signed decimal number with an optional exponent, which no spreadsheet reads as a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Quotes a field per RFC 4180 when it contains a comma, quote, CR or LF. */
export function quote(text: string): string {
  if (!/[",\r\n]/.test(text)) return text;
  return `"${text.replaceAll('"', '""')}"`;
}
