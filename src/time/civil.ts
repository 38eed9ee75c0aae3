/**
 * Calendar arithmetic in plain numbers, for any year. Date.UTC reads years
 * 0-99 as 1900-1999, so it would place an export's year 0050 in 1950. These
 * functions take years as written, counted astronomically (0 is 1 BC).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Returns the days from 1970-01-01 to a date of the proleptic Gregorian
 * calendar, as Date.UTC(year, month - 1, day) / 86,400,000 does for years
 * from 100 on. The algorithm is Howard Hinnant's `days_from_civil`.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  // Months count from March, so the leap day ends the shifted year.
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Returns the number of days in a month (1-12) of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Returns the milliseconds since the epoch of a UTC date and time. Every field must be in its range. */
export function civilTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
}

/**
 * Returns a zone's UTC offset at an instant from the local day of the month
 * and time of day there. No zone is a day or more from UTC, so the local
 * date is the UTC date or a neighbouring day, and the day of the month
 * settles which. The year is not read, so Intl's BC era cannot mislead it.
 */
export function offsetFromLocalTime(instant: number, localDay: number, hour: number, minute: number, second: number, millisecond: number): number {
  const utcMidnight = Math.floor(instant / DAY_MS) * DAY_MS;
  const utcDay = new Date(utcMidnight).getUTCDate();

  // Across a month end the difference of the days wraps: local 1 after UTC 31 is the next day.
  const difference = localDay - utcDay;
  let shift = 0;
  if (difference === 1 || difference < -1) shift = 1;
  else if (difference === -1 || difference > 1) shift = -1;

  const wall = utcMidnight + shift * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
  return wall - instant;
}
