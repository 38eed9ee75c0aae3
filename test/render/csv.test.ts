import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, neutralizeFormula, quote, renderCsv, renderCsvPieces, targetText } from '../../src/render/csv.js';
import type { KpiReport } from '../../src/report.js';
import { buildReport } from './fixture.js';

/** Splits RFC 4180 text into rows of fields: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

function withAnaName(name: string): KpiReport {
  const report = buildReport();
  const ana = report.agents[0];
  if (ana === undefined) throw new Error('the fixture has no agents');
  ana.name = name;
  return report;
}

/** Returns the name field of Ana's first row. */
function anaNameField(report: KpiReport): string | undefined {
  return parseCsv(renderCsv(report))[1]?.[2];
}

describe('renderCsv layout', () => {
  const rows = parseCsv(renderCsv(buildReport()));

  it('starts with the header', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
  });

  it('writes one row per agent and metric plus the team', () => {
    // Header + (2 agents + team) × 13 metrics = 1 + 39.
    expect(rows).toHaveLength(40);
  });

  it('gives every row ten fields', () => {
    expect(rows.map((row) => row.length)).toEqual(rows.map(() => 10));
  });

  it('ends every line with CRLF', () => {
    const output = renderCsv(buildReport());
    // 40 records, each ending in CRLF; Bo's name adds one CR inside quotes.
    expect(output.split('\r\n')).toHaveLength(41);
  });

  it('writes team rows with agent TEAM', () => {
    expect(rows[27]?.slice(0, 4)).toEqual(['2026-W44', 'TEAM', 'Team', 'aht']);
  });

  it('writes a metric row', () => {
    expect(rows[1]).toEqual(['2026-W44', 'ana@example.com', 'Ana Lima', 'aht', '287.4', 'seconds', '14370', '50', '< 300', 'pass']);
  });

  it('writes no_data as an empty value', () => {
    // Bo is the second agent; csat is his sixth metric: row 1 + 13 + 5.
    expect(rows[19]?.slice(3, 5)).toEqual(['csat', '']);
  });

  it('writes a band target', () => {
    expect(rows[3]?.[8]).toBe('between 8 and 12');
  });
});

describe('renderCsv quoting', () => {
  it('shows control characters in a name as escapes', () => {
    // 'Bo | Ops \u001b[31m!\r' with ESC and CR written out, so the CSV is safe to print on a terminal.
    expect(parseCsv(renderCsv(buildReport()))[14]?.[2]).toBe('Bo | Ops \\x1b[31m!\\r');
  });

  it('doubles quotes in a name', () => {
    expect(renderCsv(withAnaName('Lee, "Jo"'))).toContain(',"Lee, ""Jo""",');
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\nb', '"a\nb"'],
    ['a\rb', '"a\rb"'],
  ])('quotes %j as %s', (text, expected) => {
    expect(quote(text)).toBe(expected);
  });
});

describe('renderCsv formula injection', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1 555 0100', "'+1 555 0100"],
    ['-1-1', "'-1-1"],
    ['-A1', "'-A1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\\tx"],
    ['\rx', "'\\rx"],
  ])('neutralizes a name %j', (name, expected) => {
    expect(anaNameField(withAnaName(name))).toBe(expected);
  });

  it('leaves an ordinary name alone', () => {
    expect(neutralizeFormula('Ana Lima')).toBe('Ana Lima');
  });

  it.each(['-5', '+1', '-2.5', '-.5', '+1e3', '-4E-2'])('leaves the plain number %j alone', (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });

  it('keeps a negative number a number', () => {
    const report = buildReport();
    const ana = report.agents[0];
    if (ana === undefined) throw new Error('the fixture has no agents');
    ana.metrics.aht.numerator = -100;
    ana.metrics.aht.value = -2; // -100 / 50
    const row = parseCsv(renderCsv(report))[1];
    expect(row?.slice(4, 7)).toEqual(['-2', 'seconds', '-100']);
  });

  it('writes a tiny number without an exponent', () => {
    const report = buildReport();
    const ana = report.agents[0];
    if (ana === undefined) throw new Error('the fixture has no agents');
    ana.metrics.complaint_rate.value = 1e-7;
    // complaint_rate is Ana's seventh metric, row 7.
    expect(parseCsv(renderCsv(report))[7]?.[4]).toBe('0.0000001');
  });
});

describe('targetText', () => {
  it.each([
    [{ op: '<', value: 300 } as const, '< 300'],
    [{ op: '>=', value: 0.95 } as const, '>= 0.95'],
    [{ op: 'between', min: 8, max: 12 } as const, 'between 8 and 12'],
  ])('writes %j as %s', (target, expected) => {
    expect(targetText(target)).toBe(expected);
  });
});

describe('renderCsvPieces', () => {
  it('writes the header, each agent, then the team', () => {
    const pieces = [...renderCsvPieces(buildReport())];

    expect(pieces).toHaveLength(4);
    expect(pieces[0]).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(pieces[1]!.split('\r\n').filter((line) => line !== '')).toHaveLength(13);
    expect(pieces[3]).toMatch(/^2026-W44,TEAM,Team,aht,/);
  });
});
