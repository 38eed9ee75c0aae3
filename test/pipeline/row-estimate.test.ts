/**
 * estimatedFileRows sizes the dedupe sets before a file is read. It only
 * has to be near the row count, but a file whose head is unlike its rows
 * must not make it many times too large.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { estimatedFileRows } from '../../src/pipeline/run.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-row-estimate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a file in the test folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Rows of 41 bytes and a line end, such as `C1000000,ana@example.com,inbound,12345678`. */
function rows(count: number, lineEnd = '\n'): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `C${1_000_000 + i},ana@example.com,inbound,12345678${lineEnd}`;
  return text;
}

describe('estimatedFileRows', () => {
  it('counts lines of a small file', () => {
    // Three lines end in LF; the last row has no line end, so it is not counted.
    expect(estimatedFileRows(file('small.csv', 'id,agent\nC1,ana\nC2,ben\nC3,ana'))).toBe(3);
  });

  it('scales its sample to a large file', () => {
    // 10,000 rows of 42 bytes with LF. The 65,536-byte sample from the
    // middle contains 1,560 or 1,561 line ends (65,536 / 42 = 1,560.4), so the
    // estimate, rounded up, is 420,000 / (65,536 / 1,561) = 10,004 or 420,000 / (65,536 / 1,560) = 9,998.
    const estimate = estimatedFileRows(file('large.csv', rows(10_000)));
    expect(estimate).toBeGreaterThanOrEqual(9_998);
    expect(estimate).toBeLessThanOrEqual(10_004);
  });

  it('ignores a head of blank lines', () => {
    // 70,000 blank lines (70,000 bytes) before the 420,000 bytes of rows.
    // The middle of the file is all rows, and the size counts the blank
    // bytes too: about 490,000 / 42 = 11,667. A sample from the head
    // would have counted 65,536 lines, and 490,000 rows.
    const estimate = estimatedFileRows(file('padded.csv', '\n'.repeat(70_000) + rows(10_000)));
    expect(estimate).toBeGreaterThanOrEqual(11_660);
    expect(estimate).toBeLessThanOrEqual(11_675);
  });

  it('ignores blank lines between rows', () => {
    // Each row (41 bytes and CRLF) is followed by a blank CRLF line: 45
    // bytes a row, 1,456.4 rows in the sample, so about 5,000 rows, not 10,000.
    const estimate = estimatedFileRows(file('gaps.csv', rows(5_000, '\r\n\r\n')));
    expect(estimate).toBeGreaterThanOrEqual(4_996);
    expect(estimate).toBeLessThanOrEqual(5_004);
  });
});
