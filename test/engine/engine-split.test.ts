/**
 * A report read on two threads: the worker's engine exports its tallies,
 * with its intervals already measured, and the main engine absorbs them.
 * The result must equal one engine that read every record.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import type { EngineSpec } from '../../src/engine/types.js';
import type { CallRecord, ScheduleRecord, StatusRecord } from '../../src/records.js';
import { call, scheduledBreak, shift, sourcesWithout, spec, status } from './build.js';

const CALLS: CallRecord[] = [call({ agent: 'ana' }), call({ agent: 'ana' }), call({ agent: 'ben' })];
const SCHEDULE: ScheduleRecord[] = [
  shift('ana', '2026-11-03T09:00:00Z', '2026-11-03T11:00:00Z'),
  scheduledBreak('ana', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z'),
  shift('ben', '2026-11-04T09:00:00Z', '2026-11-04T10:00:00Z'),
];
const STATUS: StatusRecord[] = [
  status('ana', 'available', '2026-11-03T09:00:00Z', '2026-11-03T10:15:00Z'),
  status('ana', 'break', '2026-11-03T10:15:00Z', '2026-11-03T10:30:00Z'),
  status('ben', 'on_call', '2026-11-04T09:30:00Z', '2026-11-05T01:00:00Z'),
];

function oneEngine(engineSpec: EngineSpec) {
  const engine = createEngine(engineSpec);
  for (const record of CALLS) engine.addCall(record);
  for (const record of SCHEDULE) engine.addSchedule(record);
  for (const record of STATUS) engine.addStatus(record);
  return engine.finish();
}

/** Reads calls on a main engine and the rest on a worker engine, which the main engine then absorbs. */
function twoEngines(engineSpec: EngineSpec, mainStatus: StatusRecord[] = []) {
  const worker = createEngine(engineSpec);
  for (const record of SCHEDULE) worker.addSchedule(record);
  for (const record of STATUS) worker.addStatus(record);

  const main = createEngine(engineSpec);
  for (const record of CALLS) main.addCall(record);
  for (const record of mainStatus) main.addStatus(record);
  main.absorbTallies(worker.exportTallies());
  return main.finish();
}

describe('tallies read on two threads', () => {
  it('measure intervals on their thread', () => {
    const worker = createEngine(spec());
    for (const record of SCHEDULE) worker.addSchedule(record);
    for (const record of STATUS) worker.addStatus(record);
    const ana = worker.exportTallies().find(([agent]) => agent === 'ana')![1];

    // Shift 09:00-11:00 less the 10:00-10:30 break: 1.5 h scheduled, of which 09:00-10:00 available.
    expect(ana.figures).toEqual({ scheduledMs: 5_400_000, adherentMs: 3_600_000, loggedInMs: 4_500_000, activeDays: 0 });
    // The figures stand in for the buffers, which are not posted.
    expect(Object.keys(ana).sort()).toEqual(['counters', 'figures']);
  });

  it('match one thread with a schedule', () => {
    expect(twoEngines(spec())).toEqual(oneEngine(spec()));
  });

  it('match one thread without a schedule', () => {
    // Shifts are then counted as days with status time: ben's on_call row spans two UTC days.
    const noSchedule = spec({ sourcesPresent: sourcesWithout('schedule') });
    expect(twoEngines(noSchedule)).toEqual(oneEngine(noSchedule));
  });

  it('reject intervals on both threads', () => {
    // The worker reads every status and schedule file, so the main engine never has intervals of its own.
    const extra = status('ana', 'available', '2026-11-03T10:30:00Z', '2026-11-03T11:00:00Z');

    expect(() => twoEngines(spec(), [extra])).toThrow('intervals on two threads');
  });
});
