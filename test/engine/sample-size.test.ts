import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { call, lead, shift, spec, status, survey, ticket } from './build.js';

describe('sample sizes', () => {
  function run() {
    const engine = createEngine(spec());
    engine.addSchedule(shift('ana', '2026-11-02T09:00:00Z', '2026-11-02T17:00:00Z'));
    engine.addSchedule(shift('ana', '2026-11-03T09:00:00Z', '2026-11-03T17:00:00Z'));
    engine.addStatus(status('ana', 'available', '2026-11-02T09:00:00Z', '2026-11-02T17:00:00Z'));
    engine.addCall(call({ callId: 'C1', direction: 'inbound', holdSeconds: null }));
    engine.addCall(call({ callId: 'C2', direction: 'outbound', holdSeconds: 10 }));
    engine.addCall(call({ callId: 'C3', direction: 'inbound', outcome: 'missed' }));
    engine.addLead(lead('ana', '2026-11-04T12:00:00Z', null));
    engine.addTicket(ticket('ana', '2026-11-02T10:00:00Z', '2026-11-02T11:00:00Z'));
    engine.addSurvey(survey({ surveyId: 'S1', callId: 'C1', agent: null, score: 5 }));
    return engine.finish().agents[0]!.metrics;
  }

  it('counts handled calls for handle time', () => {
    // C1 and C2 are handled; C3 is missed
    expect(run().aht.sampleSize).toBe(2);
  });

  it('counts inbound handled calls for fcr', () => {
    // only C1 is inbound and handled
    expect(run().fcr.sampleSize).toBe(1);
  });

  it('counts calls with a hold column for hold time', () => {
    // C2 has hold 10; C1 came without the column
    expect(run().hold_time.sampleSize).toBe(1);
  });

  it('counts handled calls for calls per hour', () => {
    expect(run().calls_per_hour.sampleSize).toBe(2);
  });

  it('counts surveys for csat', () => {
    expect(run().csat.sampleSize).toBe(1);
  });

  it('counts shifts for adherence', () => {
    expect(run().shift_adherence.sampleSize).toBe(2);
  });

  it('counts won leads for leads per week', () => {
    expect(run().leads_won_per_week.sampleSize).toBe(1);
  });

  it('counts judged tickets for same-day resolution', () => {
    expect(run().same_day_resolution.sampleSize).toBe(1);
  });
});
