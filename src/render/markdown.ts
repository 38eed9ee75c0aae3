/**
 * The report as Markdown for the Monday post in the team channel: a heading,
 * a GitHub-style table of agents and team with ✅/❌, the targets, the data
 * summary and a list of each agent's misses.
 */
import { METRIC_IDS } from '../engine/types.js';
import type { MetricId } from '../engine/types.js';
import type { KpiReport } from '../report.js';
import { zoneFor } from '../time/zone.js';
import type { Zone } from '../time/zone.js';
import { METRIC_SHORT_NAMES, NO_DATA, escapeControl, formatTarget } from './format.js';
import {
  DEFAULT_MIN_SAMPLE,
  dataSummarySegments,
  metricCell,
  periodHeading,
  reportRows,
  smallSampleNote,
} from './report-text.js';
import type { MetricCell, MinSample } from './report-text.js';

export interface MarkdownOptions {
  /** Sample sizes below which a value gets the `*` mark (defaults 10 calls, 5 surveys, 5 tickets). */
  minSample?: MinSample;
  /** The team zone for the heading's dates; defaults to the zone the period names. */
  zone?: Zone;
}

const PASS_MARK = '✅';
const FAIL_MARK = '❌';

/** Long metric names for the needs-attention list, where space is not short. */
const METRIC_NAMES: Record<MetricId, string> = {
  aht: 'Average handle time',
  fcr: 'First call resolution',
  calls_per_hour: 'Calls per hour',
  hold_time: 'Hold time',
  after_call_work: 'After-call work',
  csat: 'CSAT',
  complaint_rate: 'Complaint rate',
  escalation_rate: 'Escalation rate',
  callback_rate: 'Callback rate',
  shift_adherence: 'Shift adherence',
  bookings_per_shift: 'Bookings per shift',
  leads_won_per_week: 'Leads won per week',
  same_day_resolution: 'Same-day resolution',
};

// The characters that can start or end Markdown syntax in the middle of a
// line (emphasis, code, links, HTML, entities, math, table cells). Data text
// never starts a line here, so list, heading and quote markers are safe.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>|~&$]/g;

/**
 * Makes text from the data literal in Markdown: control characters become
 * visible escapes first, then every Markdown-significant character gets a
 * backslash, so `|` cannot end a table cell and `<`, `[` or `*` start nothing.
 */
export function escapeMarkdown(text: string): string {
  return escapeControl(text).replace(MARKDOWN_SPECIAL, (char) => `\\${char}`);
}

/**
 * Escapes the small-sample mark in a value or target this module formatted.
 * Those contain only digits, `.:%–`, comparison signs followed by a space and
 * the mark, and of these only `*` can open emphasis.
 */
function escapeMark(text: string): string {
  return text.replaceAll('*', '\\*');
}

function cellText(cell: MetricCell): string {
  if (cell.status === 'no_data') return NO_DATA;
  return `${escapeMark(cell.value)} ${cell.status === 'pass' ? PASS_MARK : FAIL_MARK}`;
}

/** Renders the report as Markdown, ending with a newline. */
export function renderMarkdown(report: KpiReport, options: MarkdownOptions = {}): string {
  const minSample = options.minSample ?? DEFAULT_MIN_SAMPLE;
  const zone = options.zone ?? zoneFor(report.period.timezone);
  const heading = periodHeading(report, zone);
  const lines: string[] = [];

  lines.push(`## ${escapeMarkdown(heading.title)}: ${heading.days} (${escapeMarkdown(heading.timezone)})`, '');
  lines.push(`${capitalize(heading.asOf)}.`, '');

  lines.push(`| Agent | ${METRIC_IDS.map((id) => METRIC_SHORT_NAMES[id]).join(' | ')} |`);
  lines.push(`| :--- | ${METRIC_IDS.map(() => '---:').join(' | ')} |`);
  const targets = METRIC_IDS.map((id) => formatTarget(report.team.metrics[id].target, report.team.metrics[id].unit));
  lines.push(`| *Target* | ${targets.join(' | ')} |`);

  let anySmall = false;
  for (const row of reportRows(report, 'Team')) {
    const cells = METRIC_IDS.map((id) => metricCell(id, row.metrics[id], minSample));
    if (cells.some((cell) => cell.small)) anySmall = true;
    const label = row.isTeam ? '**Team**' : escapeMarkdown(row.label);
    lines.push(`| ${label} | ${cells.map(cellText).join(' | ')} |`);
  }
  lines.push('');

  const notes = [`${PASS_MARK} meets target · ${FAIL_MARK} misses target · ${NO_DATA} no data`];
  if (anySmall) notes.push(escapeMarkdown(smallSampleNote(minSample)));
  lines.push(notes.join('  \n'), '');

  const summary = dataSummarySegments(report.dataQuality.sources);
  lines.push(`**Data:** ${summary.length === 0 ? 'no files read' : summary.map(escapeMarkdown).join('; ')}`, '');

  lines.push('### Needs attention', '');
  lines.push(...attentionLines(report, minSample));

  return lines.join('\n') + '\n';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lists each agent's misses as `- **Name**: metric value (target …)`, or one line saying there are none. */
function attentionLines(report: KpiReport, minSample: MinSample): string[] {
  const lines: string[] = [];
  for (const agent of report.agents) {
    const misses = METRIC_IDS.filter((id) => agent.metrics[id].status === 'fail').map((id) => {
      const result = agent.metrics[id];
      const cell = metricCell(id, result, minSample);
      const target = formatTarget(result.target, result.unit);
      return `${METRIC_NAMES[id]} ${escapeMark(cell.value)} (target ${target})`;
    });
    // Emphasis must not start or end with a space, so the bold name loses its
    // outer spaces. Other whitespace (a CR, say) stays, to be shown escaped.
    const trimmed = agent.name.replace(/^ +| +$/g, '');
    const name = trimmed === '' ? agent.agent : trimmed;
    if (misses.length > 0) lines.push(`- **${escapeMarkdown(name)}**: ${misses.join(', ')}`);
  }
  if (lines.length === 0) lines.push('- No agent misses a target.');
  return lines;
}
