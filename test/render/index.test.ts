import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/index.js';
import type { OutputFormat } from '../../src/render/index.js';
import { renderCsv } from '../../src/render/csv.js';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { renderTable } from '../../src/render/table.js';
import { zoneFor } from '../../src/time/zone.js';
import { buildReport } from './fixture.js';

const zone = zoneFor('America/New_York');
const minSample = { calls: 20, surveys: 2, tickets: 1 };

describe('render', () => {
  it('sends table to renderTable with the options', () => {
    const output = render(buildReport(), 'table', { color: true, width: 80, minSample, zone });
    expect(output).toBe(renderTable(buildReport(), { color: true, width: 80, minSample, zone }));
  });

  it('sends json to renderJson', () => {
    expect(render(buildReport(), 'json', { color: true, width: 80, zone })).toBe(renderJson(buildReport(), zone));
  });

  it('sends markdown to renderMarkdown with the minimums', () => {
    const output = render(buildReport(), 'markdown', { color: false, width: 80, minSample, zone });
    expect(output).toBe(renderMarkdown(buildReport(), { minSample, zone }));
  });

  it('sends csv to renderCsv', () => {
    expect(render(buildReport(), 'csv', { color: false, width: 80 })).toBe(renderCsv(buildReport()));
  });

  it('takes the zone from the period by default', () => {
    expect(render(buildReport(), 'json', { color: false, width: 80 })).toBe(renderJson(buildReport(), zone));
  });

  it('rejects an unknown format', () => {
    expect(() => render(buildReport(), 'xml' as OutputFormat, { color: false, width: 80 })).toThrow(/unknown output format "xml"/);
  });
});
