/**
 * UTC offsets read through Date's local-time getters with `process.env.TZ`
 * set to the zone, so a run needs no Intl.DateTimeFormat.
 *
 * The first Intl.DateTimeFormat of a process costs about 10 ms (V8 builds
 * ICU's list of available locales first), a tenth of a small report's run.
 * Date's local time uses the same ICU zone data without that list, to the
 * second, so the offsets match Intl's (test/time/process-clock.test.ts
 * compares them for every zone).
 *
 * Setting TZ is process-wide: Date's local time, for any code in the
 * process, follows the zone read last. kpi itself never uses Date's local
 * time, so only the CLI's main thread enables this. In a worker thread
 * `process.env` is a copy and setting TZ changes nothing, which
 * `enableProcessClock` detects.
 */

import { offsetFromLocalTime } from './civil.js';

let enabled = false;

/** The TZ value now in effect for Date, when this module set it. */
let current: string | undefined;

let knownZones: Set<string> | undefined;

/**
 * Switches zones created from now on to the process clock. Returns false,
 * and changes nothing, where setting TZ has no effect.
 */
export function enableProcessClock(): boolean {
  if (enabled) return true;

  const before = process.env.TZ;

  // Etc/GMT-14 is a fixed UTC+14 and Etc/GMT+12 a fixed UTC-12 (the tz
  // database inverts the sign), so the epoch reads 14:00 and then 12:00 only
  // if both settings took effect: no one zone has both offsets at once.
  process.env.TZ = 'Etc/GMT-14';
  const east = new Date(0).getHours();
  process.env.TZ = 'Etc/GMT+12';
  const west = new Date(0).getHours();
  if (east === 14 && west === 12) {
    enabled = true;
    current = 'Etc/GMT+12';
    return true;
  }

  if (before === undefined) delete process.env.TZ;
  else process.env.TZ = before;
  return false;
}

/** Restores TZ to its value at start, so that the system zone is read as the system set it. */
export function restoreSystemClock(original: string | undefined): void {
  if (current === undefined) return;

  if (original === undefined) delete process.env.TZ;
  else process.env.TZ = original;
  current = undefined;
}

/**
 * Returns a function that gives the zone's UTC offset in milliseconds at an
 * instant. Returns null when the process clock is off or the name is not
 * one of ICU's canonical names: Intl resolves aliases such as `US/Eastern`.
 */
export function processClockOffsets(name: string): ((instant: number) => number) | null {
  if (!enabled) return null;

  knownZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (name !== 'UTC' && !knownZones.has(name)) return null;

  return (instant) => {
    if (current !== name) {
      process.env.TZ = name;
      current = name;
    }
    const local = new Date(instant);
    return offsetFromLocalTime(instant, local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds(), local.getMilliseconds());
  };
}
