import { describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../../src/engine/types.js';
import type { MetricSet } from '../../src/engine/types.js';
import { renderJson, renderJsonPieces } from '../../src/render/json.js';
import { zoneFor } from '../../src/time/zone.js';
import { HOSTILE_NAME, buildReport } from './fixture.js';

const zone = zoneFor('America/New_York');

// JSON.parse returns `any`; these tests read the document field by field.
type Json = any;

function parsed(): Json {
  return JSON.parse(renderJson(buildReport(), zone));
}

/** Rebuilds metrics with the keys in reverse order and an extra field on each result. */
function reshuffled(metrics: MetricSet): MetricSet {
  const entries = [...METRIC_IDS].reverse().map((id) => {
    const { status, target, sampleSize, denominator, numerator, unit, value } = metrics[id];
    return [id, { extra: 'ignored', status, target, sampleSize, denominator, numerator, unit, value }];
  });
  return Object.fromEntries(entries) as MetricSet;
}

describe('renderJson key order', () => {
  const document = parsed();

  it('orders the top-level keys', () => {
    expect(Object.keys(document)).toEqual(['schemaVersion', 'period', 'asOf', 'agents', 'team', 'dataQuality']);
  });

  it('orders the period keys', () => {
    expect(Object.keys(document.period)).toEqual(['label', 'start', 'end', 'timezone']);
  });

  it('orders an agent entry', () => {
    expect(Object.keys(document.agents[0])).toEqual(['agent', 'name', 'calls', 'metrics']);
  });

  it('orders the team entry', () => {
    expect(Object.keys(document.team)).toEqual(['calls', 'metrics']);
  });

  it('lists metrics in METRIC_IDS order', () => {
    expect(Object.keys(document.team.metrics)).toEqual([...METRIC_IDS]);
  });

  it('orders a metric result', () => {
    expect(Object.keys(document.agents[0].metrics.aht)).toEqual(['value', 'unit', 'numerator', 'denominator', 'sampleSize', 'target', 'status']);
  });

  it('orders a band target', () => {
    expect(Object.keys(document.team.metrics.calls_per_hour.target)).toEqual(['op', 'min', 'max']);
  });

  it('orders a source ledger', () => {
    expect(Object.keys(document.dataQuality.sources[0])).toEqual([
      'kind',
      'file',
      'rowsRead',
      'rowsUsed',
      'rowsOutsidePeriod',
      'rowsDuplicate',
      'rowsRejected',
      'rowsSkipped',
      'rejects',
    ]);
  });

  it('orders a reject', () => {
    expect(Object.keys(document.dataQuality.sources[0].rejects[0])).toEqual(['line', 'column', 'value', 'reason']);
  });
});

describe('renderJson bytes', () => {
  it('gives identical output twice', () => {
    expect(renderJson(buildReport(), zone)).toBe(renderJson(buildReport(), zone));
  });

  it('ignores the key order of the input', () => {
    const report = buildReport();
    report.team.metrics = reshuffled(report.team.metrics);
    for (const agent of report.agents) agent.metrics = reshuffled(agent.metrics);
    expect(renderJson(report, zone)).toBe(renderJson(buildReport(), zone));
  });

  it('indents by two spaces', () => {
    expect(renderJson(buildReport(), zone).split('\n')[1]).toBe('  "schemaVersion": 1,');
  });

  it('ends with one newline', () => {
    const output = renderJson(buildReport(), zone);
    expect(output.endsWith('}\n')).toBe(true);
  });
});

describe('renderJson values', () => {
  const document = parsed();

  it('writes the period start with the summer offset', () => {
    // Monday 2026-10-26 00:00 is still daylight time, UTC-4.
    expect(document.period.start).toBe('2026-10-26T00:00:00-04:00');
  });

  it('writes the period end with the winter offset', () => {
    // Clocks fell back on 2026-11-01, so Monday 2026-11-02 00:00 is UTC-5.
    expect(document.period.end).toBe('2026-11-02T00:00:00-05:00');
  });

  it('writes as-of in the team zone', () => {
    expect(document.asOf).toBe('2026-11-02T08:00:00-05:00');
  });

  it('keeps values unrounded', () => {
    // 50 calls / 5.5 shift hours.
    expect(document.agents[0].metrics.calls_per_hour.value).toBe(50 / 5.5);
  });

  it('writes no_data as a null value', () => {
    expect(document.agents[1].metrics.csat.value).toBeNull();
  });

  it('writes the call counts', () => {
    expect(document.team.calls).toEqual({ handled: 58, unhandled: 2 });
  });

  it('keeps one ledger entry per file', () => {
    expect(document.dataQuality.sources.map((source: Json) => source.file)).toEqual([
      'surveys.csv',
      'calls.csv',
      'calls-late.csv',
      'status.csv',
    ]);
  });
});

describe('renderJson strings', () => {
  it('keeps a name exactly', () => {
    expect(parsed().agents[1].name).toBe(HOSTILE_NAME);
  });

  it('writes ESC as \\u001b', () => {
    expect(renderJson(buildReport(), zone)).toContain('"name": "Bo | Ops \\u001b[31m!\\r"');
  });

  it('writes no raw escape byte', () => {
    expect(renderJson(buildReport(), zone)).not.toContain('\u001b');
  });

  it('writes a C1 control as a \\u escape', () => {
    const report = buildReport();
    const ana = report.agents[0];
    if (ana === undefined) throw new Error('the fixture has no agents');
    ana.name = 'Ana \u009b2J';
    const output = renderJson(report, zone);
    expect(output).toContain('"name": "Ana \\u009b2J"');
  });

  it('keeps a C1 control exact after parsing', () => {
    const report = buildReport();
    const ana = report.agents[0];
    if (ana === undefined) throw new Error('the fixture has no agents');
    ana.name = 'Ana \u009b2J';
    expect(JSON.parse(renderJson(report, zone)).agents[0].name).toBe('Ana \u009b2J');
  });
});

describe('renderJson non-finite numbers', () => {
  it('rejects a NaN numerator', () => {
    const report = buildReport();
    report.team.metrics.aht.numerator = Number.NaN;
    expect(() => renderJson(report, zone)).toThrow(/team metric aht numerator is NaN/);
  });

  it('rejects an infinite value', () => {
    const report = buildReport();
    const ana = report.agents[0];
    if (ana === undefined) throw new Error('the fixture has no agents');
    ana.metrics.fcr.value = Number.POSITIVE_INFINITY;
    expect(() => renderJson(report, zone)).toThrow(/agent ana@example.com metric fcr value is Infinity/);
  });

  it('rejects a NaN row count', () => {
    const report = buildReport();
    const source = report.dataQuality.sources[0];
    if (source === undefined) throw new Error('the fixture has no sources');
    source.rowsUsed = Number.NaN;
    expect(() => renderJson(report, zone)).toThrow(/rowsUsed is NaN/);
  });
});

describe('renderJsonPieces', () => {
  // The document stringified in one call, which the joined pieces must match byte for byte.
  const asOneText = (text: string): string =>
    `${JSON.stringify(JSON.parse(text), null, 2).replace(/[\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;

  it('writes one piece per agent', () => {
    const pieces = [...renderJsonPieces(buildReport(), zone)];

    expect(pieces).toHaveLength(4);
    expect(pieces[1]).toContain('"agent": "ana@example.com"');
    expect(pieces[2]).toContain('"agent": "bo"');
  });

  it('joins to the document stringified at once', () => {
    const report = buildReport();
    report.agents[1]!.name = `${HOSTILE_NAME}\u0085\u2028"\n`;
    const text = [...renderJsonPieces(report, zone)].join('');

    expect(text).toBe(asOneText(text));
    expect(JSON.parse(text).agents[1].name).toBe(`${HOSTILE_NAME}\u0085\u2028"\n`);
  });

  it('joins without agents', () => {
    const report = buildReport();
    report.agents = [];
    const text = [...renderJsonPieces(report, zone)].join('');

    expect(text).toBe(asOneText(text));
    expect(text).toContain('"agents": [],\n  "team": {');
  });

  it('joins with one agent', () => {
    const report = buildReport();
    report.agents = report.agents.slice(0, 1);
    const text = [...renderJsonPieces(report, zone)].join('');

    expect(text).toBe(asOneText(text));
  });
});
