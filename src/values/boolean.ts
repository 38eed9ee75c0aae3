import { ValueError } from './errors.js';

const EXPECTED = 'expected true/false, yes/no, y/n or 1/0 (any case), or an empty cell for false';

/**
 * Parses a boolean cell: `true`/`false`, `yes`/`no`, `y`/`n` or `1`/`0` in
 * any case, with surrounding spaces ignored. An empty cell is false.
 * Throws ValueError for anything else.
 */
export function parseBoolean(text: string): boolean {
  const word = text.trim().toLowerCase();
  switch (word) {
    case 'true':
    case 'yes':
    case 'y':
    case '1':
      return true;
    case 'false':
    case 'no':
    case 'n':
    case '0':
    case '':
      return false;
    default:
      throw new ValueError(text, EXPECTED);
  }
}
