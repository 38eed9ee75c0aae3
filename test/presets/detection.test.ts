/**
 * Recognition of vendor exports: from the header row, from the shape of a
 * header-less file, and the message for a file no preset fits.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/config.js';
import { sourceSpec } from '../../src/config/schema.js';
import { planSources, recognizeFile } from '../../src/pipeline/plan.js';
import { matchHeader, matchShape, PRESETS, toSourceSpec } from '../../src/sources/presets/index.js';
import { PRESET_FIXTURES } from './read-fixture.js';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-detect-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('recognition of each fixture', () => {
  it.each([
    ['talkdesk-calls.csv', 'talkdesk-calls'],
    ['talkdesk-user-status.csv', 'talkdesk-user-status'],
    ['five9-call-log.csv', 'five9-call-log'],
    ['freepbx-cdr.csv', 'freepbx-cdr'],
    ['asterisk-master-16.csv', 'asterisk-master-16'],
    ['asterisk-master-18.csv', 'asterisk-master-18'],
    ['3cx-cdr.txt', '3cx-cdr-20'],
    ['vicidial-calls.tsv', 'vicidial-calls'],
    ['vicidial-agent-log.csv', 'vicidial-agent-log'],
    ['zendesk-tickets.csv', 'zendesk-tickets'],
    ['freshdesk-tickets.csv', 'freshdesk-tickets'],
    ['jira-issues.csv', 'jira-issues'],
    ['hubspot-deals.csv', 'hubspot-deals'],
    ['salesforce-opportunities.csv', 'salesforce-opportunities'],
    ['pipedrive-deals.csv', 'pipedrive-deals'],
    ['calendly-events.csv', 'calendly-events'],
  ])('%s is %s', (file, id) => {
    const recognition = recognizeFile(join(PRESET_FIXTURES, file));
    expect(recognition.as === 'preset' ? recognition.match.preset.id : recognition.as).toBe(id);
  });
});

describe('confidence', () => {
  it('is 1 for a full header', () => {
    expect(matchHeader(['Ticket ID', 'Subject', 'Description', 'Status', 'Priority', 'Source', 'Type', 'Agent', 'Group', 'Created time', 'Due by Time', 'Resolved time', 'Closed time', 'Last update time', 'Initial response time', 'Time tracked', 'First response time (in hrs)', 'Resolution time (in hrs)', 'Agent interactions', 'Customer interactions', 'Resolution status', 'First response status', 'Tags', 'Survey results', 'Product'])?.confidence).toBe(1);
  });

  it('drops with the known columns missing', () => {
    // 4 of Freshdesk's 25 known columns: 0.5 + 0.5 * 4/25 = 0.58.
    expect(matchHeader(['Ticket ID', 'Agent', 'Created time', 'Resolved time'])?.confidence).toBeCloseTo(0.58, 10);
  });

  it('needs every required column', () => {
    expect(matchHeader(['Ticket ID', 'Agent', 'Created time'])).toBeNull();
  });
});

describe('shape recognition', () => {
  const masterRow = (extra: string[]): string[] => [
    '', '1001', '5550111', 'from-internal', '"VA" <1001>', 'PJSIP/1001-0000002a', 'PJSIP/trunk-0000002b', 'Dial', 'PJSIP/5550111@trunk',
    '2026-11-10 09:15:02', '2026-11-10 09:15:09', '2026-11-10 09:19:41', '279', '272', 'ANSWERED', 'DOCUMENTATION', ...extra,
  ];

  it.each([
    [['1794300902.84'], 'asterisk-master-17'],
    [['1794300902.84', ''], 'asterisk-master-18'],
    [['', '1794300902.84', '12'], 'asterisk-master-19'],
    [['1794300902.84', '', '1794300902.84', '12'], 'asterisk-master-20'],
    [['1794300902.84', '', '', '1794300902.84', '12'], 'asterisk-master-21'],
  ])('recognizes Master.csv with %j appended', (extra, id) => {
    expect(matchShape([masterRow(extra), masterRow(extra)])?.preset.id).toBe(id);
  });

  it('recognizes a 3CX log with every field', () => {
    const row = ['Call 1', 'abc_1', '00:01:00', '2026/11/10 13:33:54', '2026/11/10 13:33:58', '2026/11/10 13:34:58', 'TerminatedBySrc', '+15550111', 'Ext.960', '', '960', '960', '', 'Ext.960', '960', '', '', '', '', 'Chain: x', 'Line', 'Extension', 'Extension', 'Caller', 'VA', 'VA', '0'];
    expect(matchShape([row])?.preset.id).toBe('3cx-cdr-27');
  });

  it('rejects rows of mixed field counts', () => {
    expect(matchShape([masterRow([]), masterRow(['1794300902.84'])])).toBeNull();
  });

  it('rejects rows whose values do not fit', () => {
    const row = masterRow([]);
    row[14] = 'MAYBE';
    expect(matchShape([row])).toBeNull();
  });
});

describe('an export no preset fits', () => {
  const path = tempFile('tickets.csv', 'Ticket ID,Agent,Subject\n1,VA Seven,Hello\n');

  it('names the closest preset and its missing columns', () => {
    const recognition = recognizeFile(path);
    expect(recognition.as === 'unknown' ? recognition.reason : '').toContain(
      'the closest preset is freshdesk-tickets (Freshdesk tickets export), missing "Created time", "Resolved time"',
    );
  });

  it('is skipped by the report with that warning', () => {
    const warnings: string[] = [];
    const plan = planSources(join(path, '..'), resolveConfig({}, null, 'UTC'), [], (message) => warnings.push(message));
    expect([plan.length, warnings[0]]).toEqual([0, expect.stringContaining('tickets.csv: not recognized as any source kind and skipped; the closest preset is freshdesk-tickets')]);
  });
});

describe('planning', () => {
  it('plans one source per preset entry', () => {
    const dir = join(tempFile('talkdesk.csv', ''), '..');
    writeFileSync(join(dir, 'talkdesk.csv'), 'call_id,type,start_at,user_email,talk_time,csat_score\n');
    const plan = planSources(dir, resolveConfig({}, null, 'UTC'), [], () => {});
    expect(plan.map((source) => [source.kind, source.sourceKey, source.preset?.id])).toEqual([
      ['calls', 'sources.talkdesk-calls', 'talkdesk-calls'],
      ['surveys', 'sources.talkdesk-surveys', 'talkdesk-calls'],
    ]);
  });

  it('leaves out an entry whose columns the export lacks', () => {
    const dir = join(tempFile('talkdesk.csv', 'call_id,type,start_at,user_email,talk_time\n'), '..');
    const plan = planSources(dir, resolveConfig({}, null, 'UTC'), [], () => {});
    expect(plan.map((source) => source.kind)).toEqual(['calls']);
  });

  it('lets a config entry claim a file before any preset', () => {
    const dir = join(tempFile('deals.csv', 'Record ID,Deal Stage,Deal owner\n'), '..');
    const config = resolveConfig({ sources: { mine: { kind: 'leads', files: 'deals.csv' } } }, null, 'UTC');
    const plan = planSources(dir, config, [], () => {});
    expect(plan.map((source) => [source.sourceKey, source.preset])).toEqual([['sources.mine', undefined]]);
  });
});

describe('every preset entry', () => {
  const entries = PRESETS.flatMap((preset) => Object.entries(preset.sources).map(([name, part]) => [`${preset.id} ${name}`, part] as const));

  it.each(entries)('%s is a valid config entry', (_name, part) => {
    expect(sourceSpec.safeParse(toSourceSpec(part, 'export.csv')).error).toBeUndefined();
  });
});
