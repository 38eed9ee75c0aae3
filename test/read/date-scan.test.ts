import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mayHoldYearLastDates } from '../../src/read/date-scan.js';

const scan = (text: string, delimiter = ','): boolean => mayHoldYearLastDates(Buffer.from(text), delimiter, 'utf-8');

describe('mayHoldYearLastDates', () => {
  it('clears ISO timestamps', () => {
    expect(scan('id,at\nC1,2026-01-01T08:04:49-05:00\nC2,2026-01-01 08:04\n')).toBe(false);
  });

  it('clears phone numbers and emails', () => {
    expect(scan('agent,customer\nana.lima@example.com,+1-555-0106\n')).toBe(false);
  });

  it('finds a slash date after a delimiter', () => {
    expect(scan('id,at\nC1,03/04/2024 09:00\n')).toBe(true);
  });

  it('finds a dotted date after spaces', () => {
    expect(scan('id;at\nC1;  3.4.24\n', ';')).toBe(true);
  });

  it('finds a date in quotes', () => {
    expect(scan('id,at\nC1,"03-04-2024"\n')).toBe(true);
  });

  it('finds a date at the start of the file', () => {
    expect(scan('03/04/2024,x\n')).toBe(true);
  });

  it('finds a decimal field, to be safe', () => {
    // "12.5" starts like "12.05.24", so the byte test cannot clear it.
    expect(scan('id,talk\nC1,12.5\n')).toBe(true);
  });

  it('clears three digits before a dot', () => {
    expect(scan('id,talk\nC1,245.5\n')).toBe(false);
  });

  it('always reads UTF-16 as possible', () => {
    expect(mayHoldYearLastDates(Buffer.from('a,b\n'), ',', 'utf-16le')).toBe(true);
  });

  it('finds a date split across chunks', () => {
    // The file is read in 1 MiB chunks; "03/04/2024" starts 2 bytes before the first boundary.
    const dir = mkdtempSync(join(tmpdir(), 'kpi-date-scan-'));
    const path = join(dir, 'dates.csv');
    const filler = 'x'.repeat((1 << 20) - 3);
    writeFileSync(path, `${filler},03/04/2024\n`);
    expect(mayHoldYearLastDates(path, ',', 'utf-8')).toBe(true);
  });
});
