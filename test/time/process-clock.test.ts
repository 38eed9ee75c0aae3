// The process clock must give the offsets Intl gives, for every zone, or a
// report run from the CLI would differ from the same report built in-process.
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { avoidWorkerExitDeadlock } from '../../src/pipeline/read-worker.js';
import { enableProcessClock, processClockOffsets, restoreSystemClock } from '../../src/time/process-clock.js';
import { civilTime } from '../../src/time/civil.js';
import { intlOffset, Zone } from '../../src/time/zone.js';

const originalTz = process.env.TZ;
afterAll(() => restoreSystemClock(originalTz));

const HOUR = 3_600_000;
const YEAR = 365.2425 * 24 * HOUR;

function intlFormat(name: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
}

/** Yields instants from a fixed pseudo-random sequence, so a failure names the same instants on every run. */
function* instants(count: number, from: number, to: number, seed: number): Generator<number> {
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    yield Math.floor(from + (state / 2 ** 32) * (to - from));
  }
}

describe('process clock', () => {
  it('takes effect in a test process', () => {
    expect(enableProcessClock()).toBe(true);
  });

  it('stays off in a worker thread', async () => {
    // The compiled module, because a worker does not go through vitest's TypeScript loader.
    const compiled = pathToFileURL(new URL('../../dist/time/process-clock.js', import.meta.url).pathname).href;
    // As kpi does before its read worker: a worker can otherwise hang at exit, and the test run with it.
    avoidWorkerExitDeadlock();
    const worker = new Worker(
      `import('${compiled}').then((m) => require('node:worker_threads').parentPort.postMessage(m.enableProcessClock()));`,
      { eval: true },
    );
    const enabled = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();

    expect(enabled).toBe(false);
  });

  it('gives the offsets Intl gives, for every zone, from 200 BC to 2150', () => {
    const names = ['UTC', ...Intl.supportedValuesOf('timeZone')];
    const start2025 = Date.UTC(2025, 0, 1);
    const differences: string[] = [];

    for (const [index, name] of names.entries()) {
      const viaClock = processClockOffsets(name);
      expect(viaClock, name).not.toBeNull();
      const format = intlFormat(name);
      // The clock path names the zone as given; Intl must agree that the name is canonical.
      if (format.resolvedOptions().timeZone !== name) differences.push(`${name}: Intl calls it ${format.resolvedOptions().timeZone}`);

      // Every 13 hours across 2025-2026 falls within half a day of each DST
      // change of those years. The random instants cover local mean time,
      // wartime rules and the far future.
      const checked: number[] = [];
      for (let t = start2025; t < start2025 + 2 * YEAR; t += 13 * HOUR) checked.push(t);
      checked.push(...instants(200, Date.UTC(1850, 0, 1), Date.UTC(2150, 0, 1), index + 1));
      // Years before 100 and BC years, which Date.UTC and Intl's era would each misread.
      checked.push(...instants(20, civilTime(-200, 1, 1), civilTime(120, 1, 1), index + 1));

      for (const t of checked) {
        const expected = intlOffset(format, t);
        const actual = viaClock!(t);
        if (actual !== expected) differences.push(`${name} at ${new Date(t).toISOString()}: ${actual} ms, Intl ${expected} ms`);
      }
    }

    expect(differences.slice(0, 10)).toEqual([]);
  });

  it('matches Intl to the millisecond at a DST change', () => {
    const viaClock = processClockOffsets('America/New_York')!;
    const format = intlFormat('America/New_York');
    // 2026-03-08 07:00 UTC is 02:00 EST, when New York springs forward.
    const change = Date.UTC(2026, 2, 8, 7);
    for (const t of [change - 1000, change - 1, change, change + 1, change + 999]) {
      expect(viaClock(t), new Date(t).toISOString()).toBe(intlOffset(format, t));
    }
    expect(viaClock(change - 1)).toBe(-5 * HOUR);
    expect(viaClock(change)).toBe(-4 * HOUR);
  });

  it('keeps two zones apart when they are read in turn', () => {
    const paris = processClockOffsets('Europe/Paris')!;
    const tokyo = processClockOffsets('Asia/Tokyo')!;
    const july = Date.UTC(2026, 6, 1);
    for (let i = 0; i < 3; i++) {
      expect(paris(july)).toBe(2 * HOUR);
      expect(tokyo(july)).toBe(9 * HOUR);
    }
  });

  it('leaves aliases, other spellings and unknown names to Intl', () => {
    // ICU's canonical name for India is Asia/Calcutta, so Asia/Kolkata is an alias here.
    for (const name of ['US/Eastern', 'america/new_york', 'Etc/UTC', 'Asia/Kolkata', 'Not/AZone', '']) {
      expect(processClockOffsets(name), name).toBeNull();
    }
    expect(new Zone('US/Eastern').offsetAt(Date.UTC(2026, 0, 15))).toBe(-5 * HOUR);
    expect(() => new Zone('Not/AZone')).toThrow(RangeError);
  });

  it('puts the system zone back for a question about it', () => {
    processClockOffsets('Asia/Tokyo')!(0);
    expect(new Date(0).getHours()).toBe(9);

    restoreSystemClock(originalTz);
    expect(process.env.TZ).toBe(originalTz);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('UTC');
  });
});
