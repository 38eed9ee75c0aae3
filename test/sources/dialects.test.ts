/**
 * Encodings and dialects as byte-level fixtures: every file in
 * fixtures/vendor/dialects contains the same two HubSpot deals and must read
 * into the same records through the preset.
 */
import { describe, expect, it } from 'vitest';
import { readFixture } from '../presets/read-fixture.js';
import { readText } from './read-with.js';

const DIALECTS = new URL('../../fixtures/vendor/dialects/', import.meta.url).pathname;

const EXPECTED_LEADS = [
  // Non-ASCII owner names check the decoding; keys are lower-cased.
  { leadId: '9100001', agent: 'josé núñez', won: true, wonAt: Date.UTC(2026, 10, 10, 16, 40), source: null },
  // "(No value)" in Close Date is a placeholder, so the open deal has no won time.
  { leadId: '9100002', agent: 'zoë ølsen', won: false, wonAt: null, source: null },
];

describe('dialect fixtures', () => {
  it.each([
    'utf8.csv',
    'utf8-bom.csv',
    'utf16le-excel-unicode.txt',
    'utf16be.txt',
    'windows-1252.csv',
    'semicolon.csv',
    'tab.tsv',
    'pipe.txt',
    'sep-line.csv',
    'trailing-empty-columns.csv',
  ])('%s reads both deals', (file) => {
    const result = readFixture(file, 'UTC', DIALECTS);
    expect({ preset: result.presetId, leads: result.of('leads'), rejects: result.rejects }).toEqual({
      preset: 'hubspot-deals',
      leads: EXPECTED_LEADS,
      rejects: [],
    });
  });
});

describe('placeholders', () => {
  const header = 'id,agent,direction,started_at,talk_seconds,outcome,rating\n';

  it.each(['NONE', 'NO_SERVER', '[None]', '(No value)'])('reads agent %s as missing', (placeholder) => {
    const result = readText(`${header}c1,${placeholder},inbound,2026-11-10 09:00:00,0,missed,\n`, {
      kind: 'calls',
      missing: ['NONE', 'NO_SERVER', '[None]', '(No value)'],
      columns: { call_id: 'id' },
    });
    expect((result.records[0] as { agent: string | null }).agent).toBeNull();
  });

  it('reads a 0 rating as no survey when listed', () => {
    const result = readText(`${header}c1,va07,inbound,2026-11-10 09:00:00,60,resolved,0\nc2,va07,inbound,2026-11-10 09:05:00,60,resolved,4\n`, {
      kind: 'surveys',
      columns: { survey_id: 'id', call_id: 'id', submitted_at: 'started_at', score: { column: 'rating', missing: ['0'] } },
    });
    expect(result.records.map((record) => (record as { surveyId: string }).surveyId)).toEqual(['c2']);
  });

  it('rejects a 0 rating when not listed', () => {
    const result = readText(`${header}c1,va07,inbound,2026-11-10 09:00:00,60,resolved,0\n`, {
      kind: 'surveys',
      columns: { survey_id: 'id', submitted_at: 'started_at', agent: 'agent', score: 'rating' },
    });
    expect(result.rejects[0]?.reason).toBe('"0" is not a score from 1 to 5; if it marks "no rating", list it in sources.test.columns.score.missing');
  });
});

describe('decimal commas', () => {
  const text = 'id;agent;direction;started_at;talk_seconds;hold;outcome\nc1;va07;inbound;2026-11-10 09:00:00;245,5;1,5;resolved\n';

  it('read as decimals when configured', () => {
    const result = readText(text, {
      kind: 'calls',
      decimalComma: true,
      columns: { call_id: 'id', hold_seconds: { column: 'hold', unit: 'minutes' } },
    });
    // 245,5 s of talk; 1,5 minutes of hold = 90 s.
    expect([(result.records[0] as { talkSeconds: number }).talkSeconds, (result.records[0] as { holdSeconds: number }).holdSeconds]).toEqual([245.5, 90]);
  });

  it('are rejected otherwise, naming the column and value', () => {
    const result = readText(text, { kind: 'calls', columns: { call_id: 'id' } });
    expect([result.rejects[0]?.column, result.rejects[0]?.value]).toEqual(['talk_seconds', '245,5']);
  });
});
