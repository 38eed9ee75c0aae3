/**
 * Rendering `kpi validate` results: a text summary per file for people, and
 * JSON for scripts.
 */
import type { Validation } from '../pipeline/validate.js';
import type { Zone } from '../time/zone.js';
import { escapeControl, formatCount } from './format.js';

/** Renders the validation as text: one block per file, then the agent checks. */
export function renderValidationText(validation: Validation, zone: Zone): string {
  const lines: string[] = [];
  for (const file of validation.files) {
    lines.push(`${escapeControl(file.file)} (${file.kind}, ${file.mapping})`);
    const counts = [
      `${formatCount(file.rowsRead)} read`,
      `${formatCount(file.rowsUsed)} used`,
      `${formatCount(file.rowsDuplicate)} duplicate`,
      `${formatCount(file.rowsRejected)} rejected`,
    ];
    if (file.rowsSkipped > 0) counts.push(`${formatCount(file.rowsSkipped)} skipped by the mapping`);
    lines.push(`  rows: ${counts.join(' · ')}`);
    if (file.firstAt !== null && file.lastAt !== null) {
      lines.push(`  covers: ${zone.formatIso(file.firstAt)} to ${zone.formatIso(file.lastAt)}`);
    }
    for (const group of file.reasons) {
      const column = group.column === '' ? 'row' : `column "${escapeControl(group.column)}"`;
      lines.push(`  ${formatCount(group.count)} × ${column}: ${escapeControl(group.reason)}`);
      for (const example of group.examples) {
        const value = example.value === '' ? '(empty)' : `"${escapeControl(example.value.length > 60 ? `${example.value.slice(0, 57)}...` : example.value)}"`;
        lines.push(`      ${escapeControl(file.file)}:${example.line}: ${value}`);
      }
      const more = group.count - group.examples.length;
      if (more > 0) lines.push(`      and ${formatCount(more)} more row(s); --rejects FILE lists every one`);
    }
    lines.push('');
  }

  if (validation.hasRoster) {
    lines.push(
      validation.agentsNotInRoster.length === 0
        ? 'Agents: every agent id is in the roster.'
        : `Agents not in the roster (add them, or add their ids as aliases): ${validation.agentsNotInRoster.map(escapeControl).join(', ')}`,
    );
  } else {
    lines.push('Agents: no roster file, so ids are used as they appear (add agents.csv to map aliases and names).');
  }
  if (validation.agentsWithShiftsButNoStatus.length > 0) {
    lines.push(`Agents with scheduled shifts but no status rows (their adherence is 0): ${validation.agentsWithShiftsButNoStatus.map(escapeControl).join(', ')}`);
  }

  const rejected = validation.files.reduce((sum, file) => sum + file.rowsRejected, 0);
  lines.push(rejected === 0 ? 'No rows rejected.' : `${formatCount(rejected)} row(s) rejected in all; fix them or their mapping, then run kpi validate again.`);
  return `${lines.join('\n')}\n`;
}

/** Renders the validation as JSON with a fixed key order. */
export function renderValidationJson(validation: Validation, zone: Zone): string {
  const document = {
    schemaVersion: 1,
    files: validation.files.map((file) => ({
      kind: file.kind,
      file: file.file,
      mapping: file.mapping,
      rowsRead: file.rowsRead,
      rowsUsed: file.rowsUsed,
      rowsDuplicate: file.rowsDuplicate,
      rowsRejected: file.rowsRejected,
      rowsSkipped: file.rowsSkipped,
      firstAt: file.firstAt === null ? null : zone.formatIso(file.firstAt),
      lastAt: file.lastAt === null ? null : zone.formatIso(file.lastAt),
      reasons: file.reasons.map((group) => ({
        column: group.column,
        reason: group.reason,
        count: group.count,
        examples: group.examples.map((example) => ({ line: example.line, value: example.value })),
      })),
    })),
    hasRoster: validation.hasRoster,
    agentsNotInRoster: validation.agentsNotInRoster,
    agentsWithShiftsButNoStatus: validation.agentsWithShiftsButNoStatus,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
