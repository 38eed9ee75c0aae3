import { describe, expect, it } from 'vitest';
import { parseBoolean } from '../../src/values/boolean.js';
import { ValueError } from '../../src/values/errors.js';

describe('parseBoolean', () => {
  it.each(['true', 'TRUE', 'True', 'yes', 'YES', 'y', 'Y', '1', ' yes '])('reads %j as true', (text) => {
    expect(parseBoolean(text)).toBe(true);
  });

  it.each(['false', 'FALSE', 'no', 'No', 'n', 'N', '0', '', '   '])('reads %j as false', (text) => {
    expect(parseBoolean(text)).toBe(false);
  });

  it.each(['maybe', '2', 'yess', 't', 'on', '-1'])('rejects %j', (text) => {
    expect(() => parseBoolean(text)).toThrow(ValueError);
  });

  it('lists the accepted words', () => {
    expect(() => parseBoolean('maybe')).toThrow(
      'expected true/false, yes/no, y/n or 1/0 (any case), or an empty cell for false',
    );
  });
});
