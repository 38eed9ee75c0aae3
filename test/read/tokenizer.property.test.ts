import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/read/csv.js';

/** Quotes a field when RFC 4180 requires it, doubling its quotes. */
function serializeField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Counts line ends as the reader does: LF, CRLF and lone CR each end one line. */
function countLineEnds(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) count++;
  }
  return count;
}

const field = fc.string({ unit: fc.constantFrom('a', 'é', '€', ' ', ',', '"', '\n', '\r', '\r\n'), maxLength: 6 });
const row = fc.array(field, { minLength: 1, maxLength: 4 }).filter((fields) => fields.some((value) => value !== ''));

describe('tokenizer round trip', () => {
  it('reads back serialized rows at any chunk size', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (rows, lineEnd, chunkSize, finalLineEnd) => {
          let text = '';
          const expected: { fields: string[]; line: number }[] = [];
          rows.forEach((fields, index) => {
            // The header is line 1, so row n starts after the line ends written so far.
            if (index > 0) expected.push({ fields, line: countLineEnds(text) + 1 });
            text += fields.map(serializeField).join(',');
            if (index < rows.length - 1 || finalLineEnd) text += lineEnd;
          });

          const actual: { fields: string[]; line: number }[] = [];
          const reader = openCsv(Buffer.from(text), { delimiter: ',', chunkSize });
          reader.forEachRow((fields, line) => actual.push({ fields, line }));

          expect(reader.header).toEqual(rows[0]);
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
