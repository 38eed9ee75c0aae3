import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zoneFor } from '../../src/time/zone.js';
import { ValueError } from '../../src/values/errors.js';
import { createTimestampParser, DateOrderDetector, detectDateOrder } from '../../src/values/timestamp.js';

const newYork = zoneFor('America/New_York');
const london = zoneFor('Europe/London');

/** Returns the ValueError a call throws, failing the test when it throws nothing or something else. */
function valueError(call: () => unknown): ValueError {
  try {
    call();
  } catch (error) {
    if (error instanceof ValueError) return error;
    throw error;
  }
  throw new Error('expected a ValueError, but the call returned');
}

describe('createTimestampParser', () => {
  // New York is UTC-5 (EST) in winter and UTC-4 (EDT) in summer, so a wall
  // time there is the UTC time minus the offset: 09:14 EST = 14:14Z.
  const parseNy = createTimestampParser({ zone: newYork });
  const parseMdy = createTimestampParser({ zone: newYork, dateOrder: 'MDY' });
  const parseDmy = createTimestampParser({ zone: newYork, dateOrder: 'DMY' });

  it.each([
    // [text, expected epoch ms, arithmetic]
    ['2026-11-02T09:14:05-05:00', Date.UTC(2026, 10, 2, 14, 14, 5)], // 09:14:05 + 5 h
    ['2026-11-02T09:14:05+05:30', Date.UTC(2026, 10, 2, 3, 44, 5)], // 09:14:05 - 5:30
    ['2026-11-02T09:14:05+0530', Date.UTC(2026, 10, 2, 3, 44, 5)], // same offset without colon
    ['2026-11-02T09:14:05+05', Date.UTC(2026, 10, 2, 4, 14, 5)], // 09:14:05 - 5 h
    ['2016-01-29T10:22:02Z', Date.UTC(2016, 0, 29, 10, 22, 2)], // already UTC
    ['2016-06-06T18:26:52.000Z', Date.UTC(2016, 5, 6, 18, 26, 52)], // zero fraction
    ['2016-06-06T18:26:52.25Z', Date.UTC(2016, 5, 6, 18, 26, 52, 250)], // .25 s = 250 ms
    ['2026-11-02 09:14:05 UTC', Date.UTC(2026, 10, 2, 9, 14, 5)], // UTC word
    ['Mon, 04 Mar 2024 09:15:02 EST', Date.UTC(2024, 2, 4, 14, 15, 2)], // RFC 2822 EST = -05:00
    ['Mon, 04 Mar 2024 09:15:02 PDT', Date.UTC(2024, 2, 4, 16, 15, 2)], // PDT = -07:00
  ])('reads %s with its offset', (text, expected) => {
    expect(parseNy(text)).toBe(expected);
  });

  it.each([
    ['2026-11-02 09:14:05', Date.UTC(2026, 10, 2, 14, 14, 5)], // EST: 09:14:05 + 5 h
    ['2026-11-02T09:14:05', Date.UTC(2026, 10, 2, 14, 14, 5)], // same with T
    ['2026-11-02 09:14', Date.UTC(2026, 10, 2, 14, 14)], // no seconds
    ['2026-07-02 09:14:05', Date.UTC(2026, 6, 2, 13, 14, 5)], // EDT: 09:14:05 + 4 h
    ['2026-11-02', Date.UTC(2026, 10, 2, 5)], // midnight EST = 05:00Z
    ['2023/09/19 13:33:54', Date.UTC(2023, 8, 19, 17, 33, 54)], // 3CX form, EDT: + 4 h
    ['2012-07-03 15:27:23.896208', Date.UTC(2012, 6, 3, 19, 27, 23, 896)], // EDT, fraction cut to ms
    ['2025-03-03 11:00 am', Date.UTC(2025, 2, 3, 16, 0)], // Calendly, EST: 11:00 + 5 h
    ['2025-03-03 11:00 PM', Date.UTC(2025, 2, 4, 4, 0)], // 23:00 EST + 5 h = 04:00 next day
    ['Thu, 27 Oct 2016 14:51:34', Date.UTC(2016, 9, 27, 18, 51, 34)], // Five9, EDT: + 4 h
    ['Mon, 04 Mar 2024 09:15:02 +0000', Date.UTC(2024, 2, 4, 9, 15, 2)], // RFC 2822, explicit UTC
    ['Mon Mar 04 2024 09:15:02', Date.UTC(2024, 2, 4, 14, 15, 2)], // EST (DST starts 2024-03-10): + 5 h
    ['Mon Mar 04 2024 09:15:02 GMT-0500 (Eastern Standard Time)', Date.UTC(2024, 2, 4, 14, 15, 2)], // offset given
    ['March 4, 2024 9:15 AM', Date.UTC(2024, 2, 4, 14, 15)], // EST: + 5 h
    ['Thursday, 27 October 2016 14:51', Date.UTC(2016, 9, 27, 18, 51)], // full names, EDT: + 4 h
    ['4 Sept 2024 10:00', Date.UTC(2024, 8, 4, 14, 0)], // EDT: + 4 h
    ['04-Mar-2024 09:15', Date.UTC(2024, 2, 4, 14, 15)], // EST: + 5 h
    ['11/May/24 03:26 PM', Date.UTC(2024, 4, 11, 19, 26)], // Jira, 2024-05-11 15:26 EDT + 4 h
    ['14/Jul/25 3:42 PM', Date.UTC(2025, 6, 14, 19, 42)], // Jira, 15:42 EDT + 4 h
    ['6/21/2025 16:14', Date.UTC(2025, 5, 21, 20, 14)], // 21 > 12 so month first; EDT + 4 h
    ['21/06/2025 16:14', Date.UTC(2025, 5, 21, 20, 14)], // 21 > 12 so day first
    ['1709543700', Date.UTC(2024, 2, 4, 9, 15)], // epoch seconds: 1709543700 s = 2024-03-04 09:15:00Z
    ['1709543700123', Date.UTC(2024, 2, 4, 9, 15, 0, 123)], // epoch milliseconds
    ['  2026-11-02 09:14:05  ', Date.UTC(2026, 10, 2, 14, 14, 5)], // surrounding spaces
  ])('reads %s', (text, expected) => {
    expect(parseNy(text)).toBe(expected);
  });

  it.each([
    ['11/02/2026 9:14 AM', Date.UTC(2026, 10, 2, 14, 14)], // Nov 2, EST: + 5 h
    ['11/02/2026 9:14:30 PM', Date.UTC(2026, 10, 3, 2, 14, 30)], // 21:14:30 EST + 5 h = 02:14:30 next day
    ['11/02/2026 12:05 AM', Date.UTC(2026, 10, 2, 5, 5)], // 12 AM is 00:05; + 5 h
    ['11/02/2026 12:05 PM', Date.UTC(2026, 10, 2, 17, 5)], // 12 PM is 12:05; + 5 h
    ['11/02/2026', Date.UTC(2026, 10, 2, 5)], // midnight EST
    ['3/1/17', Date.UTC(2017, 2, 1, 5)], // 2-digit year 17 = 2017; midnight EST
    ['10/20/2016', Date.UTC(2016, 9, 20, 4)], // midnight EDT = 04:00Z
  ])('reads %s month first', (text, expected) => {
    expect(parseMdy(text)).toBe(expected);
  });

  it.each([
    ['02/11/2026 09:14', Date.UTC(2026, 10, 2, 14, 14)], // 2 Nov, EST: + 5 h
    ['01/01/2021', Date.UTC(2021, 0, 1, 5)], // PwC date, midnight EST
    ['02.11.2026 09:14:05', Date.UTC(2026, 10, 2, 14, 14, 5)], // dotted, EST: + 5 h
  ])('reads %s day first', (text, expected) => {
    expect(parseDmy(text)).toBe(expected);
  });

  it('crosses the year boundary in local time', () => {
    // 23:30 EST on 31 December + 5 h = 04:30Z on 1 January.
    expect(parseNy('2026-12-31 23:30:00')).toBe(Date.UTC(2027, 0, 1, 4, 30));
  });

  it('crosses the year boundary with an offset', () => {
    // 00:30 at +01:00 - 1 h = 23:30Z the day before.
    expect(parseNy('2027-01-01T00:30:00+01:00')).toBe(Date.UTC(2026, 11, 31, 23, 30));
  });

  it('matches Date.UTC for every day 1900-2100', () => {
    // The parser computes day numbers itself, so every date of two centuries
    // (leap years, 1900 and 2100 without 29 February, 2000 with it) is compared.
    const parseUtc = createTimestampParser({ zone: newYork });
    const mismatches: string[] = [];
    for (let day = Date.UTC(1900, 0, 1); day <= Date.UTC(2100, 11, 31); day += 86_400_000) {
      const text = `${new Date(day).toISOString().slice(0, 10)}T00:00Z`;
      if (parseUtc(text) !== day) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it('reads 29 February of a leap year', () => {
    expect(parseNy('2024-02-29 12:00')).toBe(Date.UTC(2024, 1, 29, 17, 0)); // EST: + 5 h
  });

  it('combines a date cell and a time cell', () => {
    // 2021-01-01 09:12:58 EST + 5 h.
    expect(parseDmy('01/01/2021', '9:12:58')).toBe(Date.UTC(2021, 0, 1, 14, 12, 58));
  });

  it('combines an ISO date with a time cell', () => {
    // 2023-11-01 13:56:45 EDT + 4 h (DST ends 2023-11-05).
    expect(parseNy('2023-11-01', '13:56:45')).toBe(Date.UTC(2023, 10, 1, 17, 56, 45));
  });

  it('combines a date cell with a 12-hour time', () => {
    // 03:26 PM = 15:26 EST + 5 h.
    expect(parseMdy('11/02/2026', '03:26 PM')).toBe(Date.UTC(2026, 10, 2, 20, 26));
  });
});

describe('timestamp DST edges', () => {
  const parseNy = createTimestampParser({ zone: newYork });
  const parseLondon = createTimestampParser({ zone: london });

  it('rejects the New York spring-forward gap', () => {
    expect(valueError(() => parseNy('2026-03-08 02:30')).message).toBe(
      '2026-03-08 02:30 does not exist in America/New_York (clocks skip from 02:00 to 03:00); check the time and the time zone it is read in',
    );
  });

  it('reads the minute before the New York gap', () => {
    expect(parseNy('2026-03-08 01:59')).toBe(Date.UTC(2026, 2, 8, 6, 59)); // still EST: + 5 h
  });

  it('reads the end of the New York gap', () => {
    expect(parseNy('2026-03-08 03:00')).toBe(Date.UTC(2026, 2, 8, 7, 0)); // EDT: + 4 h
  });

  it('takes the earlier New York fall-back instant', () => {
    // 01:30 happens in EDT (05:30Z) and again in EST (06:30Z); the first is taken.
    expect(parseNy('2026-11-01 01:30')).toBe(Date.UTC(2026, 10, 1, 5, 30));
  });

  it('reads the hour after the New York fall-back', () => {
    expect(parseNy('2026-11-01 02:00')).toBe(Date.UTC(2026, 10, 1, 7, 0)); // only in EST: + 5 h
  });

  it('rejects the London spring-forward gap', () => {
    expect(valueError(() => parseLondon('2026-03-29 01:30')).message).toBe(
      '2026-03-29 01:30 does not exist in Europe/London (clocks skip from 01:00 to 02:00); check the time and the time zone it is read in',
    );
  });

  it('dates both ends of a gap that skips a whole day', () => {
    // Samoa moved across the date line: 2011-12-29 24:00 at UTC-10 was followed by 2011-12-31 00:00 at UTC+14.
    const parseApia = createTimestampParser({ zone: zoneFor('Pacific/Apia') });
    expect(valueError(() => parseApia('2011-12-30 12:00')).message).toBe(
      '2011-12-30 12:00 does not exist in Pacific/Apia (clocks skip from 2011-12-30 00:00 to 2011-12-31 00:00); check the time and the time zone it is read in',
    );
  });

  it('takes the earlier London fall-back instant', () => {
    // 01:30 on 2026-10-25 happens in BST (00:30Z) and then in GMT (01:30Z).
    expect(parseLondon('2026-10-25 01:30')).toBe(Date.UTC(2026, 9, 25, 0, 30));
  });

  it('reads London summer time', () => {
    expect(parseLondon('2026-07-01 12:00')).toBe(Date.UTC(2026, 6, 1, 11, 0)); // BST: - 1 h
  });

  it('reads midnight of the spring-forward day', () => {
    expect(parseNy('2026-03-08')).toBe(Date.UTC(2026, 2, 8, 5)); // still EST: + 5 h
  });

  it('reads midnight of the fall-back day', () => {
    expect(parseNy('2026-11-01')).toBe(Date.UTC(2026, 10, 1, 4)); // still EDT: + 4 h
  });

  it('starts a date alone after a skipped midnight', () => {
    // Santiago moves its clocks from 00:00 (UTC-4) to 01:00 (UTC-3) on 2026-09-06,
    // so that day starts at 01:00, which is 04:00Z.
    const parseSantiago = createTimestampParser({ zone: zoneFor('America/Santiago') });
    const parseSantiagoMdy = createTimestampParser({ zone: zoneFor('America/Santiago'), dateOrder: 'MDY' });

    expect(parseSantiago('2026-09-06')).toBe(Date.UTC(2026, 8, 6, 4));
    expect(parseSantiagoMdy('9/6/2026')).toBe(Date.UTC(2026, 8, 6, 4));
    expect(valueError(() => parseSantiago('2026-09-06 00:00')).message).toBe(
      '2026-09-06 00:00 does not exist in America/Santiago (clocks skip from 00:00 to 01:00); check the time and the time zone it is read in',
    );
  });

  it('agrees with the zone around both changes', () => {
    // Every quarter hour from 2 days before to 2 days after each change, in both
    // zones: the parser's per-day offset cache must give what zone.toInstant gives.
    const days = [
      [newYork, Date.UTC(2026, 2, 6)],
      [newYork, Date.UTC(2026, 9, 30)],
      [london, Date.UTC(2026, 2, 27)],
      [london, Date.UTC(2026, 9, 23)],
    ] as const;
    const mismatches: string[] = [];
    for (const [zone, firstDay] of days) {
      const parse = createTimestampParser({ zone });
      for (let wall = firstDay; wall < firstDay + 5 * 86_400_000; wall += 15 * 60_000) {
        const text = new Date(wall).toISOString().slice(0, 16).replace('T', ' ');
        const date = new Date(wall);
        const expected = zone.toInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes());
        let actual: number | null;
        try {
          actual = parse(text);
        } catch (error) {
          if (!(error instanceof ValueError)) throw error;
          actual = null;
        }
        if (actual !== expected) mismatches.push(`${zone.name} ${text}: ${actual} != ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects a gap with a date and time column', () => {
    expect(valueError(() => parseNy('2026-03-08', '2:15 AM')).message).toBe(
      '2026-03-08 02:15 does not exist in America/New_York (clocks skip from 02:00 to 03:00); check the time and the time zone it is read in',
    );
  });
});

describe('timestamp rejections', () => {
  const parseNy = createTimestampParser({ zone: newYork });
  const parseMdy = createTimestampParser({ zone: newYork, dateOrder: 'MDY' });

  it.each([
    ['2026-02-30 10:00', '2026-02-30 is not a valid date (February 2026 has 28 days)'],
    ['2026-02-29', '2026-02-29 is not a valid date (February 2026 has 28 days)'],
    ['2026-04-31', '2026-04-31 is not a valid date (April 2026 has 30 days)'],
    ['2026-13-01', 'month 13 is out of range 1-12'],
    ['2026-11-02 24:00', 'hour 24 is out of range 0-23'],
    ['2026-11-02 10:60', 'minute 60 is out of range 0-59'],
    ['2026-11-02 10:59:60', 'second 60 is out of range 0-59'],
    ['2026-11-02 13:00 PM', 'hour 13 is not valid with PM; write 1-12 with AM/PM, or 0-23 without'],
    ['2026-11-02T09:14:05+25:00', 'UTC offset +25:00 is out of range; write it as ±hh:mm with hours up to 23 and minutes up to 59'],
    ['2026-11-02T09:14:05+0560', 'UTC offset +05:60 is out of range; write it as ±hh:mm with hours up to 23 and minutes up to 59'],
    ['2026-11-02T09:14:05-0960', 'UTC offset -09:60 is out of range; write it as ±hh:mm with hours up to 23 and minutes up to 59'],
  ])('rejects %s', (text, message) => {
    expect(valueError(() => parseNy(text)).message).toBe(message);
  });

  it.each([
    'garbage',
    '2026-11-02 9:14 XM',
    '2026-11-02 09:14:05 extra',
    '12345',
    '2026-11',
    '2026-11-02T',
    '2026-11-02 9:5',
    'Foo, 27 Oct 2016',
    '27 Foo 2016',
    '2026-11-02 09:14:05 CET',
    // A second zone after Z or a named zone other than GMT and UTC.
    '2026-11-02T09:14:05Z+05:45',
    '2026-11-02T09:14:05 EST+05:00',
    // A letter inside the date, which must not read as a range error about day 0.
    '2026-11-0aT09:14:05',
    '2026-11-02Monday',
  ])('rejects unreadable %j', (text) => {
    expect(valueError(() => parseNy(text)).message).toBe(
      'expected a timestamp such as 2026-11-02 09:14:05, 2026-11-02T09:14:05-05:00 or 11/02/2026 9:14 AM',
    );
  });

  it('rejects an empty cell', () => {
    expect(valueError(() => parseNy('')).message).toMatch(/^missing timestamp; expected a timestamp/);
  });

  // Each digit of the fixed-width form replaced by a letter, in the year above all,
  // whose two halves are read separately.
  it.each(['202x-11-02 09:14:05', '20x6-11-02 09:14:05', 'x026-11-02 09:14:05', '2026-1x-02 09:14:05', '2026-11-0x 09:14:05', '2026-11-02 09:1x:05', '2026-11-02T09:14:05-05:0x'])(
    'rejects non-digit %j',
    (text) => {
      expect(parseNy.parseIsoBytes(Buffer.from(text), 0, text.length)).toBeNaN();
      expect(() => parseNy(text)).toThrow(ValueError);
    },
  );

  // Every byte value at every digit position: the byte reader must take digits
  // only, including bytes just outside '0'-'9' such as '/' and ':'.
  it.each(['2026-11-02T09:14:05-05:00', '2026-11-02T09:14:05+0530'])('reads a digit position of %s only when it holds a digit', (base) => {
    const digitPositions = [...base].flatMap((char, at) => (char >= '0' && char <= '9' ? [at] : []));
    for (const at of digitPositions) {
      for (let byte = 0; byte < 256; byte++) {
        const bytes = Buffer.from(base, 'latin1');
        bytes[at] = byte;
        const read = parseNy.parseIsoBytes(bytes, 0, bytes.length);
        const isDigit = byte >= 48 && byte <= 57;
        if (!isDigit) expect(read, `byte ${byte} at ${at}`).toBeNaN();
        else if (!Number.isNaN(read)) expect(read, `byte ${byte} at ${at}`).toBe(parseNy(bytes.toString('latin1')));
      }
    }
  });

  it('reads runs as single cells', () => {
    // A parser keeps the last cell's hour and offset to read the next cell of
    // that hour from its minutes and seconds alone. Cells of a few hours,
    // offsets and forms, some out of range or broken (`1/` reads as 9 without
    // the digit check), and the hours around New York's clock changes.
    const cell = fc
      .record({
        date: fc.constantFrom('2026-03-08', '2026-11-01', '2026-06-15', '2026-06-16'),
        separator: fc.constantFrom('T', ' '),
        hour: fc.constantFrom('00', '01', '02', '03', '09', '23', '24'),
        minute: fc.constantFrom('00', '14', '59', '60', '9x', '1/', '5'),
        second: fc.constantFrom('00', '05', '59', '60', ':0', '1/'),
        offset: fc.constantFrom('', '', 'Z', '-05:00', '-04:00', '+0530', '-05:0x'),
      })
      .map(({ date, separator, hour, minute, second, offset }) => `${date}${separator}${hour}:${minute}:${second}${offset}`);
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 30 }), (cells) => {
        const inRun = createTimestampParser({ zone: newYork });
        for (const text of cells) {
          const bytes = Buffer.from(`,${text},`, 'latin1');
          const alone = createTimestampParser({ zone: newYork }).parseIsoBytes(bytes, 1, bytes.length - 1);
          expect(inRun.parseIsoBytes(bytes, 1, bytes.length - 1), text).toBe(alone);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps the text on the error', () => {
    expect(valueError(() => parseNy('garbage')).value).toBe('garbage');
  });

  it('asks for the order of an ambiguous date', () => {
    expect(valueError(() => parseNy('03/04/2024')).message).toBe(
      "the day and month of 03/04 cannot be told apart (both are 12 or less); set the column's date order to DMY or MDY in the config",
    );
  });

  it('shows the separator of an ambiguous date', () => {
    expect(valueError(() => parseNy('03.04.2024')).message).toMatch(/^the day and month of 03\.04 cannot be told apart/);
  });

  it('rejects a day-first date read month first', () => {
    expect(valueError(() => parseMdy('13/01/2024')).message).toBe(
      "month 13 is out of range 1-12 when read month first (MDY), the column's date order",
    );
  });

  it('rejects a date cell holding a time', () => {
    expect(valueError(() => parseNy('2023-11-01 10:00', '13:56:45')).message).toBe(
      'expected a date such as 2026-11-02 or 11/02/2026 when the time is in a column of its own',
    );
  });

  it('rejects an empty time cell', () => {
    expect(valueError(() => parseNy('2023-11-01', ' ')).message).toMatch(/^missing time; expected a time of day/);
  });

  it('rejects an unreadable time cell', () => {
    expect(valueError(() => parseNy('2023-11-01', 'noon')).message).toBe(
      'expected a time of day such as 09:14:05, 9:14 or 9:14 AM',
    );
  });
});

describe('year-last dates that no order reads', () => {
  it('rejects a day or month of 0', () => {
    expect(valueError(() => createTimestampParser({ zone: newYork })('00/00/0000 00:00')).message).toBe('00/00 is no date: a day or a month cannot be 0');
  });

  it('rejects a date real in neither order', () => {
    const parse = createTimestampParser({ zone: zoneFor('UTC') });

    expect(valueError(() => parse('30/02/2026 10:00')).message).toBe('30/02/2026 is no date, read day first or month first');
    expect(valueError(() => parse('31/04/26')).message).toBe('31/04/2026 is no date, read day first or month first');
    expect(parse('29/02/2024 10:00')).toBe(Date.UTC(2024, 1, 29, 10));
  });

  it('rejects year-last dates when asked', () => {
    const strays = createTimestampParser({ zone: zoneFor('UTC'), rejectYearLast: true });

    expect(valueError(() => strays('16/03/2026 10:00')).message).toBe(
      "a date with the year last among values of other forms has no known day and month order; set the column's date order to DMY or MDY in the config",
    );
    expect(strays('2026-03-16T10:00:00Z')).toBe(Date.UTC(2026, 2, 16, 10));
  });
});

describe('detectDateOrder', () => {
  it('finds day first from a day above 12', () => {
    expect(detectDateOrder(['01/01/2021', '13/01/2021'])).toBe('DMY');
  });

  it('finds month first from a day above 12', () => {
    expect(detectDateOrder(['10/20/2016', '3/1/2017'])).toBe('MDY');
  });

  it('reports a conflict', () => {
    expect(detectDateOrder(['13/01/2021', '01/13/2021'])).toBe('conflict');
  });

  it('reports ambiguous dates', () => {
    expect(detectDateOrder(['01/02/2021', '03/04/2021 10:00'])).toBe('ambiguous');
  });

  it('reports none without year-last dates', () => {
    expect(detectDateOrder(['2021-01-01', '', 'abc', '2024/12/25'])).toBe('none');
  });

  it('ignores dates valid in neither order', () => {
    expect(detectDateOrder(['13/13/2024', '01/02/2024'])).toBe('ambiguous');
  });

  it('finds no dates among invalid ones', () => {
    expect(detectDateOrder(['13/13/2024', '31/31/2026 10:00', '00/00/0000 00:00'])).toBe('none');
  });

  it('classifies each value it adds', () => {
    const detector = new DateOrderDetector();

    expect(['13/01/2021', '01/13/2021', '01/02/2021', '13/13/2021', '2021-01-13'].map((value) => detector.add(value))).toEqual([
      'DMY',
      'MDY',
      'ambiguous',
      null,
      null,
    ]);
  });

  it('reads dotted dates', () => {
    expect(detectDateOrder(['25.12.2024'])).toBe('DMY');
  });

  it('reads dashed dates with 2-digit years', () => {
    expect(detectDateOrder(['12-25-24 10:00'])).toBe('MDY');
  });

  it('reads any iterable', () => {
    const values = new Set(['31/01/2024']);
    expect(detectDateOrder(values)).toBe('DMY');
  });
});
