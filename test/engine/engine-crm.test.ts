import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { at, booking, call, lead, spec, ticket } from './build.js';

describe('leads won per week', () => {
  function run() {
    const engine = createEngine(spec());
    const placements = [
      engine.addLead(lead('ana', '2026-11-03T10:00:00Z', 'outbound')),
      // Won in the period but inbound: used, adds nothing.
      engine.addLead(lead('ana', '2026-11-04T10:00:00Z', 'inbound')),
      engine.addLead(lead('ana', null, 'outbound', false)),
      engine.addLead(lead('ana', '2026-11-10T10:00:00Z', 'outbound')),
    ];
    return { placements, metric: engine.finish().agents[0]?.metrics.leads_won_per_week };
  }

  it('counts only outbound won leads in the period', () => {
    expect(run().metric?.numerator).toBe(1);
  });

  it('divides by weeks in the period', () => {
    // 7 days / 7 = 1 week
    expect(run().metric?.denominator).toBe(1);
  });

  it('fails under two a week', () => {
    // 1 / 1 = 1, not 2+
    expect(run().metric?.status).toBe('fail');
  });

  it('places leads by won_at', () => {
    expect(run().placements).toEqual(['used', 'used', 'outside', 'outside']);
  });

  it('counts every won lead without a source column', () => {
    const engine = createEngine(spec());
    engine.addLead(lead('ana', '2026-11-03T10:00:00Z', null));
    engine.addLead(lead('ana', '2026-11-05T10:00:00Z', null));
    // 2 / 1 week = 2, which meets 2+
    expect(engine.finish().agents[0]?.metrics.leads_won_per_week.value).toBe(2);
  });

  it('scales weeks to a partial period', () => {
    const period = { label: '2026-W45', start: at('2026-11-02T00:00:00Z'), end: at('2026-11-04T12:00:00Z'), timezone: 'UTC', days: 2.5 };
    const engine = createEngine(spec({ period }));
    engine.addLead(lead('ana', '2026-11-03T10:00:00Z', null));
    // 1 / (2.5 / 7) = 7 / 2.5 = 2.8
    expect(engine.finish().agents[0]?.metrics.leads_won_per_week.value).toBe(2.8);
  });

  // November 2026 in UTC: 30 days.
  const november = { label: '2026-11', start: at('2026-11-01T00:00:00Z'), end: at('2026-12-01T00:00:00Z'), timezone: 'UTC', days: 30 };

  it('rounds partial-week leads once', () => {
    // Monday 2026-03-02 to as-of Wednesday 07:07:07 UTC: 2 days and 25,627 s of 86,400.
    const partialDay = { wholeDays: 2, elapsedMs: 25_627_000, dayMs: 86_400_000 };
    const period = { label: '2026-W10', start: at('2026-03-02T00:00:00Z'), end: at('2026-03-04T07:07:07Z'), timezone: 'UTC', days: 2 + 25_627 / 86_400, partialDay };
    const engine = createEngine(spec({ period }));
    for (const day of ['02', '03', '03']) engine.addLead(lead('ana', `2026-03-${day}T10:00:00Z`, null));
    // 3 × 7 / (2 + 25627 / 86400) = 1,814,400 / 198,427 = 9.143916906469382 (rounded once);
    // dividing by the rounded days gave 9.14391690646938
    expect(engine.finish().agents[0]?.metrics.leads_won_per_week.value).toBe(1_814_400 / 198_427);
  });

  it('rounds leads per week once', () => {
    const engine = createEngine(spec({ period: november }));
    for (const day of ['03', '04', '05']) engine.addLead(lead('ana', `2026-11-${day}T10:00:00Z`, null));
    // 3 / (30 / 7) = 21 / 30 = 0.7; dividing by the rounded 30 / 7 gives 0.7000000000000001
    expect(engine.finish().agents[0]?.metrics.leads_won_per_week.value).toBe(0.7);
  });

  it('counts team weeks in whole days', () => {
    const engine = createEngine(spec({ period: november }));
    // 30 agents, one lead each, and 501 more for the first: 531 leads.
    for (let n = 0; n < 30; n++) engine.addLead(lead(`agent${String(n).padStart(2, '0')}`, '2026-11-10T10:00:00Z', null));
    for (let n = 0; n < 501; n++) engine.addLead(lead('agent00', '2026-11-11T10:00:00Z', null));
    const team = engine.finish().team.metrics.leads_won_per_week;
    // 531 / (30 × 30 / 7) = 531 × 7 / 900 = 4.13; thirty added 30 / 7 weeks gave 4.129999999999998
    expect(team.value).toBe(4.13);
    expect(team.denominator).toBe(900 / 7);
  });
});

describe('bookings', () => {
  it('leaves out a booking created after the period', () => {
    expect(createEngine(spec()).addBooking(booking('ana', '2026-11-09T00:00:00Z'))).toBe('outside');
  });
});

describe('same-day resolution', () => {
  // As-of Monday 2026-11-09 12:00Z, after the period; business hours Mon-Fri 09:00-17:00 UTC.
  function run() {
    const engine = createEngine(spec({ asOf: at('2026-11-09T12:00:00Z') }));
    // Tuesday, resolved the same afternoon: same day.
    engine.addTicket(ticket('ana', '2026-11-03T10:00:00Z', '2026-11-03T16:00:00Z'));
    // Tuesday after closing, so Wednesday's; resolved Wednesday morning: same day.
    engine.addTicket(ticket('ana', '2026-11-03T18:00:00Z', '2026-11-04T10:00:00Z'));
    // Saturday, so Monday's; resolved Monday 09:30 before as-of: same day.
    engine.addTicket(ticket('ana', '2026-11-07T10:00:00Z', '2026-11-09T09:30:00Z'));
    // Thursday, resolved Friday: late.
    engine.addTicket(ticket('ana', '2026-11-05T10:00:00Z', '2026-11-06T10:00:00Z'));
    // Friday, still open; Friday closed before as-of: late.
    engine.addTicket(ticket('ana', '2026-11-06T10:00:00Z', null));
    // Sunday, so Monday's, still open; Monday closes after as-of: not judged yet.
    engine.addTicket(ticket('ana', '2026-11-08T10:00:00Z', null));
    // Sunday, resolved after as-of, so open at as-of; Monday not over: not judged yet.
    engine.addTicket(ticket('ana', '2026-11-08T11:00:00Z', '2026-11-09T13:00:00Z'));
    return engine.finish().agents[0]?.metrics.same_day_resolution;
  }

  it('counts tickets resolved by their day closing', () => {
    // Tuesday, Wednesday (after closing), Monday (weekend) = 3
    expect(run()?.numerator).toBe(3);
  });

  it('leaves out tickets whose business day is not over', () => {
    // 7 created − 2 open on Monday 2026-11-09 = 5
    expect(run()?.denominator).toBe(5);
  });

  it('divides same-day tickets by judged tickets', () => {
    // 3 / 5 = 0.6
    expect(run()?.value).toBe(0.6);
  });

  it('moves a ticket past a holiday', () => {
    // Thursday 2026-11-05 is a holiday: Wednesday 18:00 belongs to Friday.
    const engine = createEngine(spec({ holidays: ['2026-11-05'] }));
    engine.addTicket(ticket('ana', '2026-11-04T18:00:00Z', '2026-11-06T16:00:00Z'));
    // 1 / 1
    expect(engine.finish().agents[0]?.metrics.same_day_resolution.value).toBe(1);
  });

  it('leaves out a ticket created before the period', () => {
    expect(createEngine(spec()).addTicket(ticket('ana', '2026-11-01T10:00:00Z', null))).toBe('outside');
  });
});

describe('an agent only in tickets', () => {
  function run() {
    const engine = createEngine(spec());
    engine.addCall(call({ agent: 'ana' }));
    engine.addTicket(ticket('carl', '2026-11-03T10:00:00Z', '2026-11-03T11:00:00Z'));
    return engine.finish();
  }

  it('is listed', () => {
    expect(run().agents.map((agent) => agent.agent)).toEqual(['ana', 'carl']);
  });

  it('has no call metrics', () => {
    expect(run().agents[1]?.metrics.aht.status).toBe('no_data');
  });

  it('has no calls', () => {
    expect(run().agents[1]?.calls).toEqual({ handled: 0, unhandled: 0 });
  });

  it('has same-day resolution', () => {
    // 1 / 1
    expect(run().agents[1]?.metrics.same_day_resolution.value).toBe(1);
  });
});
