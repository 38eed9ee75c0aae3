import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { resolvePeriod } from '../../src/engine/periods.js';
import { at, booking, call, scheduledBreak, shift, sourcesWithout, spec, status } from './build.js';

function calls(count: number, startedAt = '2026-11-03T10:00:00Z') {
  return Array.from({ length: count }, () => call({ startedAt: at(startedAt) }));
}

describe('calls per hour from the schedule', () => {
  function run() {
    const engine = createEngine(spec());
    engine.addSchedule(shift('ana', '2026-11-03T09:00:00Z', '2026-11-03T11:00:00Z'));
    engine.addSchedule(scheduledBreak('ana', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z'));
    for (const record of calls(12)) engine.addCall(record);
    return engine.finish().agents[0]?.metrics.calls_per_hour;
  }

  it('takes breaks out of shift hours', () => {
    // 2 h shift − 0.5 h break = 1.5 h
    expect(run()?.denominator).toBe(1.5);
  });

  it('divides handled calls by shift hours', () => {
    // 12 / 1.5 = 8
    expect(run()?.value).toBe(8);
  });

  it('passes the lower end of the band', () => {
    // 8 is inside 8 to 12
    expect(run()?.status).toBe('pass');
  });
});

describe('calls per hour without a schedule source', () => {
  function run() {
    const engine = createEngine(spec({ sourcesPresent: sourcesWithout('schedule') }));
    engine.addStatus(status('ana', 'available', '2026-11-03T09:00:00Z', '2026-11-03T11:00:00Z'));
    // Overlaps the available row by an hour; the hour counts once.
    engine.addStatus(status('ana', 'on_call', '2026-11-03T10:00:00Z', '2026-11-03T12:00:00Z'));
    engine.addStatus(status('ana', 'break', '2026-11-03T12:00:00Z', '2026-11-03T12:30:00Z'));
    engine.addStatus(status('ana', 'offline', '2026-11-03T12:30:00Z', '2026-11-03T13:00:00Z'));
    for (const record of calls(24)) engine.addCall(record);
    return engine.finish().agents[0]?.metrics.calls_per_hour;
  }

  it('uses logged-in time less breaks', () => {
    // merged 09:00-12:00 = 3 h; break and offline add nothing
    expect(run()?.denominator).toBe(3);
  });

  it('divides handled calls by logged-in hours', () => {
    // 24 / 3 = 8
    expect(run()?.value).toBe(8);
  });
});

describe('logged-in time', () => {
  it('keeps time in another status during an overlapping break', () => {
    const engine = createEngine(spec({ sourcesPresent: sourcesWithout('schedule') }));
    engine.addStatus(status('ana', 'available', '2026-11-03T09:00:00Z', '2026-11-03T11:00:00Z'));
    // Conflicting rows: the agent is also available then, and that status counts.
    engine.addStatus(status('ana', 'break', '2026-11-03T10:00:00Z', '2026-11-03T10:30:00Z'));
    engine.addCall(call());
    // union of statuses other than offline and break: 09:00-11:00 = 2 h
    expect(engine.finish().agents[0]?.metrics.calls_per_hour.denominator).toBe(2);
  });
});

describe('calls per hour with a schedule source', () => {
  it('ignores the status log for an agent with no shifts', () => {
    const engine = createEngine(spec());
    engine.addStatus(status('ana', 'available', '2026-11-03T09:00:00Z', '2026-11-03T11:00:00Z'));
    engine.addCall(call());
    expect(engine.finish().agents[0]?.metrics.calls_per_hour.status).toBe('no_data');
  });

  it('is no_data with neither schedule nor status log', () => {
    const engine = createEngine(spec({ sourcesPresent: sourcesWithout('schedule', 'agent_status') }));
    engine.addCall(call());
    expect(engine.finish().agents[0]?.metrics.calls_per_hour.status).toBe('no_data');
  });
});

describe('shift adherence', () => {
  function run(adherenceCountsAfterCallWork: boolean) {
    const engine = createEngine(spec({ adherenceCountsAfterCallWork }));
    engine.addSchedule(shift('ana', '2026-11-04T09:00:00Z', '2026-11-04T17:00:00Z'));
    engine.addSchedule(scheduledBreak('ana', '2026-11-04T12:00:00Z', '2026-11-04T13:00:00Z'));
    // Before the shift: adds nothing.
    engine.addStatus(status('ana', 'available', '2026-11-04T08:00:00Z', '2026-11-04T09:00:00Z'));
    // Runs 30 minutes into the scheduled break: those 30 minutes add nothing.
    engine.addStatus(status('ana', 'available', '2026-11-04T09:00:00Z', '2026-11-04T12:30:00Z'));
    engine.addStatus(status('ana', 'on_call', '2026-11-04T13:00:00Z', '2026-11-04T15:00:00Z'));
    engine.addStatus(status('ana', 'after_call_work', '2026-11-04T15:00:00Z', '2026-11-04T16:00:00Z'));
    engine.addStatus(status('ana', 'away', '2026-11-04T16:00:00Z', '2026-11-04T17:00:00Z'));
    return engine.finish().agents[0]?.metrics.shift_adherence;
  }

  it('measures scheduled time less breaks', () => {
    // 8 h − 1 h = 7 h = 25200 s
    expect(run(false)?.denominator).toBe(25200);
  });

  it('counts available and on-call time inside the shift', () => {
    // 09:00-12:00 (3 h) + 13:00-15:00 (2 h) = 5 h = 18000 s
    expect(run(false)?.numerator).toBe(18000);
  });

  it('divides adherent time by scheduled time', () => {
    // 5 h / 7 h
    expect(run(false)?.value).toBe(18000 / 25200);
  });

  it('counts after-call work when configured', () => {
    // 5 h + 15:00-16:00 = 6 h = 21600 s, over 25200 s
    expect(run(true)?.value).toBe(21600 / 25200);
  });

  it('is no_data without a status log', () => {
    const engine = createEngine(spec({ sourcesPresent: sourcesWithout('agent_status') }));
    engine.addSchedule(shift('ana', '2026-11-04T09:00:00Z', '2026-11-04T17:00:00Z'));
    expect(engine.finish().agents[0]?.metrics.shift_adherence.status).toBe('no_data');
  });
});

describe('overnight shifts', () => {
  function run() {
    const engine = createEngine(spec());
    const placements = [
      // Starts in the week before: its 6 hours after Monday 00:00 count, the shift itself does not.
      engine.addSchedule(shift('ana', '2026-11-01T22:00:00Z', '2026-11-02T06:00:00Z')),
      engine.addSchedule(shift('ana', '2026-11-03T22:00:00Z', '2026-11-04T06:00:00Z')),
      // Starts in the week and runs past its end: 2 hours count, and the shift does.
      engine.addSchedule(shift('ana', '2026-11-08T22:00:00Z', '2026-11-09T06:00:00Z')),
      engine.addSchedule(shift('ana', '2026-10-30T09:00:00Z', '2026-10-30T17:00:00Z')),
    ];
    for (const record of calls(32)) engine.addCall(record);
    for (let i = 0; i < 10; i++) engine.addBooking(booking('ana', '2026-11-04T01:00:00Z'));
    return { placements, metrics: engine.finish().agents[0]?.metrics };
  }

  it('clips shifts to the period', () => {
    // 6 h + 8 h + 2 h = 16 h
    expect(run().metrics?.calls_per_hour.denominator).toBe(16);
  });

  it('divides calls by clipped hours', () => {
    // 32 / 16 = 2
    expect(run().metrics?.calls_per_hour.value).toBe(2);
  });

  it('counts shifts that start in the period', () => {
    // the Tuesday and the Sunday-night shift = 2
    expect(run().metrics?.bookings_per_shift.denominator).toBe(2);
  });

  it('divides bookings by shifts', () => {
    // 10 / 2 = 5, which meets 5+
    expect(run().metrics?.bookings_per_shift.value).toBe(5);
  });

  it('places shifts by overlap or start', () => {
    expect(run().placements).toEqual(['used', 'used', 'used', 'outside']);
  });
});

describe('a week with a DST change', () => {
  // America/New_York falls back on Sunday 2026-11-01, inside ISO week 2026-W44.
  const period = resolvePeriod({ kind: 'iso-week', year: 2026, week: 44 }, at('2026-11-02T14:00:00Z'), 'America/New_York');
  const newYork = { period, timezone: 'America/New_York' };

  it('measures a shift across the fall-back in absolute hours', () => {
    const engine = createEngine(spec(newYork));
    // Saturday 22:00 EDT (02:00Z) to Sunday 06:00 EST (11:00Z): 8 wall hours but 9 real ones
    engine.addSchedule(shift('ana', '2026-11-01T02:00:00Z', '2026-11-01T11:00:00Z'));
    for (const record of calls(18, '2026-11-01T03:00:00Z')) engine.addCall(record);
    // 18 / 9 = 2
    expect(engine.finish().agents[0]?.metrics.calls_per_hour.value).toBe(2);
  });

  it('logs 169 hours over the whole week', () => {
    const engine = createEngine(spec({ ...newYork, sourcesPresent: sourcesWithout('schedule') }));
    engine.addStatus({ agent: 'ana', status: 'available', startedAt: period.start - 3_600_000, endedAt: period.end + 3_600_000 });
    engine.addCall(call({ startedAt: at('2026-10-28T15:00:00Z') }));
    // clipped to the period: 7 × 24 + 1 = 169 h
    expect(engine.finish().agents[0]?.metrics.calls_per_hour.denominator).toBe(169);
  });

  it('counts the fall-back week as one week of leads', () => {
    const engine = createEngine(spec(newYork));
    engine.addLead({ leadId: 'l1', agent: 'ana', won: true, wonAt: at('2026-10-28T15:00:00Z'), source: null });
    // 7 days / 7 = 1
    expect(engine.finish().agents[0]?.metrics.leads_won_per_week.denominator).toBe(1);
  });
});

describe('bookings per shift without a schedule source', () => {
  function run() {
    const engine = createEngine(spec({ sourcesPresent: sourcesWithout('schedule') }));
    engine.addStatus(status('ana', 'available', '2026-11-02T09:00:00Z', '2026-11-02T10:00:00Z'));
    engine.addStatus(status('ana', 'offline', '2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z'));
    engine.addStatus(status('ana', 'break', '2026-11-04T12:00:00Z', '2026-11-04T12:30:00Z'));
    // Crosses midnight: Thursday and Friday.
    engine.addStatus(status('ana', 'available', '2026-11-05T23:00:00Z', '2026-11-06T01:00:00Z'));
    for (let i = 0; i < 8; i++) engine.addBooking(booking('ana', '2026-11-04T10:00:00Z'));
    return engine.finish().agents[0]?.metrics.bookings_per_shift;
  }

  it('counts days with any status but offline', () => {
    // Monday, Wednesday (break), Thursday, Friday = 4; Tuesday is offline only
    expect(run()?.denominator).toBe(4);
  });

  it('divides bookings by those days', () => {
    // 8 / 4 = 2
    expect(run()?.value).toBe(2);
  });
});

describe('status placement', () => {
  it('uses a row that overlaps the period start', () => {
    const engine = createEngine(spec());
    expect(engine.addStatus(status('ana', 'available', '2026-11-01T23:00:00Z', '2026-11-02T01:00:00Z'))).toBe('used');
  });

  it('leaves out a row that ends at the period start', () => {
    const engine = createEngine(spec());
    expect(engine.addStatus(status('ana', 'available', '2026-11-01T23:00:00Z', '2026-11-02T00:00:00Z'))).toBe('outside');
  });

  it('uses a zero-length row inside the period', () => {
    const engine = createEngine(spec());
    expect(engine.addStatus(status('ana', 'available', '2026-11-03T10:00:00Z', '2026-11-03T10:00:00Z'))).toBe('used');
  });

  it('leaves out a break that ends before the period', () => {
    const engine = createEngine(spec());
    expect(engine.addSchedule(scheduledBreak('ana', '2026-11-01T12:00:00Z', '2026-11-01T13:00:00Z'))).toBe('outside');
  });
});
