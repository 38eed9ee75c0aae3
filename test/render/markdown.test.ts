import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../../src/engine/types.js';
import { escapeMarkdown, renderMarkdown } from '../../src/render/markdown.js';
import { buildReport } from './fixture.js';

const GOLDEN = readFileSync(new URL('./golden/report.md', import.meta.url), 'utf8');

/** Counts the pipes that delimit cells: those without a backslash before them. */
function cellDelimiters(line: string): number {
  return line.match(/(?<!\\)\|/g)?.length ?? 0;
}

describe('renderMarkdown', () => {
  const output = renderMarkdown(buildReport());
  const tableRows = output.split('\n').filter((line) => line.startsWith('|'));

  it('matches the reviewed golden text', () => {
    expect(output).toBe(GOLDEN);
  });

  it('starts with the period and zone heading', () => {
    expect(output.split('\n')[0]).toBe('## KPI report 2026-W44: 2026-10-26 to 2026-11-01 (America/New\\_York)');
  });

  it('writes header, alignment, target, two agents and team rows', () => {
    expect(tableRows).toHaveLength(6);
  });

  it('gives every table row the same cells', () => {
    // Agent column + 13 metrics = 14 cells, delimited by 15 pipes.
    const counts = tableRows.map(cellDelimiters);
    expect(counts).toEqual(tableRows.map(() => METRIC_IDS.length + 2));
  });

  it('escapes the pipe in a name', () => {
    expect(output).toContain('| Bo \\| Ops ');
  });

  it('shows control characters in a name as text', () => {
    expect(output).toContain('\\\\x1b\\[31m!\\\\r');
  });

  it('writes no raw escape byte', () => {
    expect(output).not.toContain('\u001b');
  });

  it('writes no raw carriage return', () => {
    expect(output).not.toContain('\r');
  });

  it('lists misses per agent', () => {
    expect(output).toContain('- **Ana Lima**: After-call work 2:02 (target < 2:00), Complaint rate 2.0% (target < 2.0%)');
  });

  it('trims spaces around a bold name', () => {
    const report = buildReport();
    const ana = report.agents[0];
    if (ana === undefined) throw new Error('the fixture has no agents');
    ana.name = '  Ana  ';
    expect(renderMarkdown(report)).toContain('- **Ana**: After-call work');
  });

  it('says so when nobody misses', () => {
    const report = buildReport();
    for (const agent of report.agents) {
      for (const id of METRIC_IDS) {
        if (agent.metrics[id].status === 'fail') agent.metrics[id].status = 'pass';
      }
    }
    expect(renderMarkdown(report)).toContain('- No agent misses a target.');
  });

  it('leaves out the small-sample note when no value is marked', () => {
    const output = renderMarkdown(buildReport(), { minSample: { calls: 1, surveys: 1, tickets: 1 } });
    expect(output).not.toContain('fewer than');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['Ana Lima', 'Ana Lima'],
    ['a|b', 'a\\|b'],
    ['<b>x</b>', '\\<b\\>x\\</b\\>'],
    ['*x*', '\\*x\\*'],
    ['_x_', '\\_x\\_'],
    ['[x](y)', '\\[x\\](y)'],
    ['`x`', '\\`x\\`'],
    ['a\\b', 'a\\\\b'],
    ['&amp;', '\\&amp;'],
    ['$x$', '\\$x\\$'],
    ['\u001b[1m', '\\\\x1b\\[1m'], // ESC shown as text, then its backslash and bracket escaped
  ])('%j becomes %s', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected);
  });
});
