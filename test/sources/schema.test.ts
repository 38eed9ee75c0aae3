/**
 * The config keys a `sources` entry gained for vendor exports: accepted in
 * their documented forms, rejected with the key named otherwise.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadConfig } from '../../src/config/config.js';
import { configSchema, sourceSpec } from '../../src/config/schema.js';
import { writeTemp } from './read-with.js';

describe('source entry schema', () => {
  it('accepts every read option', () => {
    const entry = {
      kind: 'calls',
      files: 'Master*.csv',
      encoding: 'windows-1252',
      skipRows: 1,
      header: ['a', 'b'],
      hasHeader: false,
      footer: ['Grand Totals'],
      footerRows: 2,
      decimalComma: true,
    };
    expect(sourceSpec.safeParse(entry).success).toBe(true);
  });

  it('accepts every field form', () => {
    const entry = {
      kind: 'agent_status',
      files: 'x.csv',
      columns: {
        agent: { first: [{ column: 'dstchannel', pattern: '/(\\d+)-' }, { position: 6 }] },
        status: { cases: [{ when: { type: '' }, value: 'other' }], otherwise: { column: 'label', map: { Lunch: 'break' } } },
        started_at: { concat: ['date', 'time'] },
        ended_at: { from: 'start', add: 'seconds', unit: 'minutes' },
      },
    };
    expect(sourceSpec.safeParse(entry).success).toBe(true);
  });

  it('rejects a column with both name and position', () => {
    const entry = { kind: 'tickets', files: 'x.csv', columns: { ticket_id: { column: 'Id', position: 2 } } };
    expect(sourceSpec.safeParse(entry).success).toBe(false);
  });

  it('names the key of an invalid option', () => {
    const file = writeTemp('kpi.config.json', JSON.stringify({ sources: { five9: { kind: 'calls', files: 'x.csv', skipRows: -1 } } }));
    expect(() => loadConfig(file, () => 'UTC', () => {})).toThrow(ConfigError);
  });

  it('shows the path in the message', () => {
    const file = writeTemp('kpi.config.json', JSON.stringify({ sources: { five9: { kind: 'calls', files: 'x.csv', skipRows: -1 } } }));
    expect(() => loadConfig(file, () => 'UTC', () => {})).toThrow(/sources\.five9\.skipRows: .*\(got -1\)/);
  });

  it('shows a number too large for a double as Infinity', () => {
    const file = writeTemp('kpi.config.json', '{ "limits": { "maxCallHours": 1e400 } }');
    expect(() => loadConfig(file, () => 'UTC', () => {})).toThrow(/limits\.maxCallHours: .*\(got Infinity\)/);
  });
});

describe('holiday dates', () => {
  it('accepts the days a month has', () => {
    for (const date of ['2026-12-25', '2024-02-29', '2000-02-29', '0050-01-01', '0004-02-29', '9999-12-31']) {
      expect(configSchema.safeParse({ holidays: [date] }).success, date).toBe(true);
    }
  });

  it('rejects the days a month lacks', () => {
    for (const date of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00']) {
      expect(configSchema.safeParse({ holidays: [date] }).success, date).toBe(false);
    }
  });
});
