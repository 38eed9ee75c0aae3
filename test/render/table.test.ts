import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distinctLabels, drawRows, drawWithTable, renderTable, type DrawOptions } from '../../src/render/table.js';
import type { KpiReport } from '../../src/report.js';
import { buildReport } from './fixture.js';

const GOLDEN_120 = readFileSync(new URL('./golden/table-120.txt', import.meta.url), 'utf8');

// Any ANSI escape sequence, not only colour, so a stray one is caught too.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Terminal columns of a line: every character the fixture uses is one column wide. */
function visibleLength(line: string): number {
  return [...line.replace(ANSI, '')].length;
}

function lines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/** The fixture with eight agents, each a copy of Ana under another name. */
function reportWithManyAgents(): KpiReport {
  const report = buildReport();
  const template = report.agents[0];
  if (template === undefined) throw new Error('the fixture has no agents');
  report.agents = Array.from({ length: 8 }, (_, i) => ({ ...template, agent: `agent${i}`, name: `Agent ${i}` }));
  return report;
}

describe('renderTable at 120 columns', () => {
  const output = renderTable(buildReport(), { color: false, width: 120 });

  it('matches the reviewed golden text', () => {
    expect(output).toBe(GOLDEN_120);
  });

  it('keeps every line within 120 columns', () => {
    const longest = Math.max(...lines(output).map(visibleLength));
    expect(longest).toBeLessThanOrEqual(120);
  });

  it('uses the wide layout with agents as rows', () => {
    expect(output).toContain('\nAgent ');
  });

  it('leaves no trailing spaces', () => {
    const trailing = lines(output).filter((line) => line !== line.trimEnd());
    expect(trailing).toEqual([]);
  });

  it('ends with a newline', () => {
    expect(output.endsWith('\n')).toBe(true);
  });

  it('ends without a blank line', () => {
    expect(output.endsWith('\n\n')).toBe(false);
  });
});

describe.each([80, 60])('renderTable at %d columns', (width) => {
  const output = renderTable(buildReport(), { color: false, width });

  it('keeps every line within the width', () => {
    const tooLong = lines(output).filter((line) => visibleLength(line) > width);
    expect(tooLong).toEqual([]);
  });

  it('switches to metrics as rows', () => {
    expect(output).toMatch(/^AHT +< 5:00 +4:47 ✓ +5:25\* ✗ +4:53 ✓$/m);
  });

  it('leaves no trailing spaces', () => {
    const trailing = lines(output).filter((line) => line !== line.trimEnd());
    expect(trailing).toEqual([]);
  });
});

describe('renderTable transposed header', () => {
  it('takes one line when names fit', () => {
    const report = buildReport();
    const bo = report.agents[1];
    if (bo === undefined) throw new Error('the fixture has no second agent');
    bo.name = 'Bo';
    const output = renderTable(report, { color: false, width: 60 });
    // Heading (2 lines), blank, header, then the rule.
    expect(lines(output)[4]).toMatch(/^─+$/);
  });
});

describe('renderTable with many agents', () => {
  it('splits agents into blocks at 60 columns', () => {
    const output = renderTable(reportWithManyAgents(), { color: false, width: 60 });
    // Each block starts with a header line naming the target column.
    const headers = lines(output).filter((line) => /^ +target /.test(line));
    expect(headers.length).toBeGreaterThan(1);
  });

  it('keeps blocks within 60 columns', () => {
    const output = renderTable(reportWithManyAgents(), { color: false, width: 60 });
    const tooLong = lines(output).filter((line) => visibleLength(line) > 60);
    expect(tooLong).toEqual([]);
  });

  it('lists every agent at 60 columns', () => {
    const output = renderTable(reportWithManyAgents(), { color: false, width: 60 });
    const missing = Array.from({ length: 8 }, (_, i) => `Agent ${i}`).filter((name) => !output.includes(name));
    expect(missing).toEqual([]);
  });

  it('wraps a long name in the header', () => {
    const report = buildReport();
    const ana = report.agents[0];
    if (ana === undefined) throw new Error('the fixture has no agents');
    ana.name = 'Maria Fernanda Ortiz';
    const output = renderTable(report, { color: false, width: 60 });
    // Agent columns are at most 12 wide: 'Maria Fernanda' (14) does not fit, so
    // the name takes two lines and 'Ortiz' is cut. Bo's 20-character name fits in two.
    expect(lines(output).slice(3, 5)).toEqual([
      '            target         Maria      Bo | Ops     TEAM',
      '                       Fernanda…   \\x1b[31m!\\r',
    ]);
  });

  it('treats a width below 40 as 40', () => {
    const output = renderTable(reportWithManyAgents(), { color: false, width: 20 });
    const longest = Math.max(...lines(output).map(visibleLength));
    expect(longest).toBeLessThanOrEqual(40);
  });
});

describe('renderTable edge cases', () => {
  it('draws one rule when there are no agents', () => {
    const report = buildReport();
    report.agents = [];
    const output = renderTable(report, { color: false, width: 120 });
    // Heading, blank, header, target, rule, TEAM.
    expect(lines(output)[5]).toMatch(/^TEAM +4:53✓/);
  });

  it('fits everything on one line without a limit', () => {
    const output = renderTable(buildReport(), { color: false, width: Number.POSITIVE_INFINITY });
    expect(output).toContain('Data: calls 1,204 used · 3 rejected · 1 duplicate · 2 outside period; agent_status 296 used');
  });

  it('rejects a NaN width', () => {
    expect(() => renderTable(buildReport(), { color: false, width: Number.NaN })).toThrow(/width is NaN/);
  });
});

describe('renderTable colour', () => {
  it('shows no escape byte with colour off', () => {
    // The fixture's ESC in Bo's name must come out escaped, not raw.
    const output = renderTable(buildReport(), { color: false, width: 120 });
    expect(output).not.toContain('\u001b');
  });

  it('shows no escape byte with colour off at 60 columns', () => {
    const output = renderTable(buildReport(), { color: false, width: 60 });
    expect(output).not.toContain('\u001b');
  });

  it('colours a pass green with colour on', () => {
    const output = renderTable(buildReport(), { color: true, width: 120 });
    expect(output).toContain('\u001b[32m4:47✓\u001b[39m');
  });

  it('colours a fail red with colour on', () => {
    const output = renderTable(buildReport(), { color: true, width: 120 });
    expect(output).toContain('\u001b[31m2:02✗\u001b[39m');
  });

  it('emits only colour sequences with colour on', () => {
    const output = renderTable(buildReport(), { color: true, width: 120 });
    const sequences = output.match(/\u001b[^m]*m?/g) ?? [];
    const other = sequences.filter((sequence) => !/^\u001b\[[0-9;]*m$/.test(sequence));
    expect(other).toEqual([]);
  });

  it('keeps the layout with colour on', () => {
    const plain = renderTable(buildReport(), { color: false, width: 120 });
    const colored = renderTable(buildReport(), { color: true, width: 120 });
    expect(colored.replace(ANSI, '')).toBe(plain);
  });
});

describe('renderTable content', () => {
  const output = renderTable(buildReport(), { color: false, width: 120 });

  it('escapes the carriage return in a name', () => {
    expect(output).not.toContain('\r');
  });

  it('shows the escape sequence in a name as text', () => {
    expect(output).toContain('Bo | Ops \\x1b[31m');
  });

  it('marks a small sample', () => {
    // Bo's AHT rests on 8 calls, fewer than the default 10.
    expect(output).toContain('5:25*✗');
  });

  it('explains the small-sample mark', () => {
    expect(output).toContain('* from fewer than 10 calls, 5 surveys or 5 tickets');
  });

  it('shows no data as a dash without a mark', () => {
    // Bo's CSAT column, between ACW 1:30*✓ and complaints 0.0%*✓.
    expect(output).toMatch(/1:30\*✓ +— +0\.0%\*✓/);
  });

  it('sums the ledger per source kind', () => {
    // calls.csv 1194 used + calls-late.csv 10 used = 1,204.
    expect(output).toContain('Data: calls 1,204 used · 3 rejected · 1 duplicate · 2 outside period');
  });

  it('applies the minimum sample sizes given', () => {
    const relaxed = renderTable(buildReport(), { color: false, width: 120, minSample: { calls: 1, surveys: 1, tickets: 1 } });
    expect(relaxed).not.toContain('*');
  });

  it('marks a value under a raised minimum', () => {
    // Ana's AHT rests on 50 calls, fewer than 60.
    const strict = renderTable(buildReport(), { color: false, width: 120, minSample: { calls: 60, surveys: 5, tickets: 5 } });
    expect(strict).toContain('4:47*✓');
  });
});

// drawRows lays out plain single-line cells itself and leaves the rest to
// cli-table3; both must give the same lines.
describe('drawRows', () => {
  const plainCell = fc.string({ unit: fc.constantFrom(...'ab Z09:%.<>-✓✗≥≤–—…·'.split('')), maxLength: 8 });

  // Some cells coloured as the table colours marks and values, which take no columns.
  const colours = ['', '\u001b[32m', '\u001b[31m', '\u001b[1m'];
  const maybeColoured = fc.tuple(plainCell, fc.constantFrom(...colours)).map(([text, colour]) => (colour === '' ? text : `${colour}${text}\u001b[39m\u001b[22m`));

  it('pads plain cells as cli-table3 does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 2 }), fc.array(fc.array(maybeColoured, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.integer({ min: 0, max: 3 }), (columns, gap, rows, rightAligned, slack) => {
        const cut = rows.map((row) => row.slice(0, columns));
        const visible = (cell: string): number => cell.replace(/\u001b\[[0-9;]*m/g, '').length;
        const colWidths = Array.from({ length: columns }, (_, i) => Math.max(1, ...cut.map((row) => visible(row[i]!))) + slack);
        const options: DrawOptions = { colWidths, aligns: rightAligned.slice(0, columns).map((right) => (right ? 'right' : 'left')), gap };
        expect(drawRows(cut, options)).toEqual(drawWithTable(cut, options));
      }),
    );
  });

  // Cells too wide for their column, wide or accented, which cli-table3 draws.
  const anyCell = fc.string({ unit: fc.constantFrom(...'ab Z09.—名é'.split('')), maxLength: 9 });

  it('draws mixed rows as one table of them would', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyCell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), fc.constantFrom(undefined, 2), (rows, wrapLines) => {
        const options: DrawOptions = { colWidths: [4, 6, 3], aligns: ['left', 'right', 'left'], gap: 1, wrapLines };
        expect(drawRows(rows, options)).toEqual(drawWithTable(rows, options));
      }),
    );
  });

  it('leaves a cell too wide for its column to cli-table3', () => {
    const options: DrawOptions = { colWidths: [4, 3], aligns: ['left', 'right'], gap: 2 };
    expect(drawRows([['Annabel', '1.5']], options)).toEqual(drawWithTable([['Annabel', '1.5']], options));
    expect(drawRows([['Annabel', '1.5']], options)[0]).toBe('Ann…  1.5');
  });

  it('matches cli-table3 on coloured, wide and accented cells', () => {
    const options: DrawOptions = { colWidths: [6, 4], aligns: ['left', 'right'], gap: 1 };
    for (const row of [['\u001b[32mok\u001b[39m', '1'], ['名前', '2'], ['José', '3']]) {
      expect(drawRows([row], options)).toEqual(drawWithTable([row], options));
    }
  });
});


describe('distinctLabels', () => {
  it('cuts a long label at its end', () => {
    expect(distinctLabels(['Annabel Lee', 'Bo'], 6)).toEqual(['Annab…', 'Bo']);
  });

  it('keeps the ends of labels that would read the same', () => {
    const labels = ['firstname.lastname@company.com', 'firstname.lastname@company.org', 'firstname.lastname2@company.com'];
    const cut = distinctLabels(labels, 19);

    expect(new Set(cut).size).toBe(3);
    expect(cut.every((label) => label.length === 19)).toBe(true);
    expect(cut[1]).toMatch(/…(.*)\.org$/);
  });

  it('leaves other text to cli-table3', () => {
    expect(distinctLabels(['名前名前名前名前', '名前名前名前名前x'], 6)).toEqual(['名前名前名前名前', '名前名前名前名前x']);
  });
});
