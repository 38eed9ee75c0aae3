/**
 * One entry point for every output format. Renderers are pure: they return a
 * string and never write to stdout or read the clock or the environment, so
 * colour, width and sample minimums arrive as options.
 */
import type { KpiReport } from '../report.js';
import { zoneFor } from '../time/zone.js';
import type { Zone } from '../time/zone.js';
import { renderCsv, renderCsvPieces } from './csv.js';
import { renderJson, renderJsonPieces } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { MinSample } from './report-text.js';
import { renderTable } from './table.js';

export const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  /** Colours the table's pass and fail values; ignored by the other formats. */
  color: boolean;
  /** Terminal width in columns for the table; ignored by the other formats. */
  width: number;
  /** Sample sizes below which the table and Markdown mark a value (defaults 10 calls, 5 surveys, 5 tickets). */
  minSample?: MinSample;
  /** The team zone for dates and offsets; defaults to the zone the period names. */
  zone?: Zone;
}

export type { MinSample } from './report-text.js';
export { DEFAULT_MIN_SAMPLE } from './report-text.js';

/** Renders the report in one format; the string ends with a newline (CRLF for CSV). */
export function render(report: KpiReport, format: OutputFormat, options: RenderOptions): string {
  const zone = options.zone ?? zoneFor(report.period.timezone);
  switch (format) {
    case 'table':
      return renderTable(report, { color: options.color, width: options.width, minSample: options.minSample, zone });
    case 'json':
      return renderJson(report, zone);
    case 'markdown':
      return renderMarkdown(report, { minSample: options.minSample, zone });
    case 'csv':
      return renderCsv(report);
    default:
      return unknownFormat(format);
  }
}

/**
 * Renders the same text as render() in pieces whose concatenation is that
 * text. JSON and CSV come one agent at a time, so that a report of very
 * many agents is never one string (see renderJsonPieces). The table and
 * Markdown, meant to be read, come as one piece.
 */
export function renderPieces(report: KpiReport, format: OutputFormat, options: RenderOptions): Iterable<string> {
  if (format === 'json') return renderJsonPieces(report, options.zone ?? zoneFor(report.period.timezone));
  if (format === 'csv') return renderCsvPieces(report);
  return [render(report, format, options)];
}

function unknownFormat(format: never): never {
  throw new Error(`unknown output format ${JSON.stringify(format)}; use one of ${OUTPUT_FORMATS.join(', ')}`);
}
