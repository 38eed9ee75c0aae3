import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { at, call, complaint, spec, survey } from './build.js';

function withCalls() {
  const engine = createEngine(spec());
  engine.addCall(call({ callId: 'one', agent: 'ana' }));
  // Transferred from ana to bob.
  engine.addCall(call({ callId: 'xfer', agent: 'ana', startedAt: at('2026-11-03T11:00:00Z') }));
  engine.addCall(call({ callId: 'xfer', agent: 'bob', startedAt: at('2026-11-03T11:05:00Z') }));
  // Thursday of the week before.
  engine.addCall(call({ callId: 'old', agent: 'ana', startedAt: at('2026-10-29T10:00:00Z') }));
  return engine;
}

describe('surveys', () => {
  function run() {
    const engine = withCalls();
    const placements = [
      engine.addSurvey(survey({ callId: 'one', score: 5 })),
      engine.addSurvey(survey({ agent: 'bob', score: 5 })),
      // No agent on the survey: the agent who ended the transferred call.
      engine.addSurvey(survey({ callId: 'xfer', score: 2 })),
      // The survey's own agent picks the leg.
      engine.addSurvey(survey({ callId: 'xfer', agent: 'ana', score: 3 })),
      // Unknown call, but an agent: placed by submitted_at.
      engine.addSurvey(survey({ callId: 'gone', agent: 'carl', score: 4 })),
      // The call is in last week, so the survey is too, though submitted in this one.
      engine.addSurvey(survey({ callId: 'old', score: 1 })),
    ];
    return { placements, report: engine.finish() };
  }

  it('places each survey', () => {
    expect(run().placements).toEqual(['used', 'used', 'used', 'used', 'used', 'outside']);
  });

  it('averages ana over her call and her leg', () => {
    // (5 + 3) / 2 = 4
    expect(run().report.agents[0]?.metrics.csat.value).toBe(4);
  });

  it('gives a transferred call to its last leg', () => {
    // bob: (5 + 2) / 2 = 3.5
    expect(run().report.agents[1]?.metrics.csat.value).toBe(3.5);
  });

  it('gives an unknown call to the survey agent', () => {
    // carl: 4 / 1
    expect(run().report.agents[2]?.metrics.csat.value).toBe(4);
  });

  it('pools surveys in the team', () => {
    // (5 + 3 + 5 + 2 + 4) / 5 = 19 / 5
    expect(run().report.team.metrics.csat.value).toBe(19 / 5);
  });

  it('rejects a survey with no agent and an unknown call', () => {
    const result = withCalls().addSurvey(survey({ callId: 'gone' }));
    expect(result).toEqual({ rejected: expect.stringContaining('no call file has this call with an agent') });
  });

  it('rejects a survey with no agent and no call', () => {
    const result = withCalls().addSurvey(survey({}));
    expect(result).toEqual({ rejected: expect.stringContaining('neither a call_id nor an agent') });
  });

  it('rejects a score above 5', () => {
    const result = withCalls().addSurvey(survey({ agent: 'ana', score: 6 }));
    expect(result).toEqual({ rejected: expect.stringContaining('score 6') });
  });

  it('stops calls after the first survey', () => {
    const engine = withCalls();
    engine.addSurvey(survey({ agent: 'ana' }));
    expect(() => engine.addCall(call())).toThrow(/add every call first/);
  });
});

describe('complaints', () => {
  function run() {
    const engine = withCalls();
    const placements = [
      engine.addComplaint(complaint('ana', 'one', '2026-11-10T10:00:00Z')),
      // Created in this week about last week's call: last week.
      engine.addComplaint(complaint('ana', 'old', '2026-11-03T10:00:00Z')),
      engine.addComplaint(complaint('bob', 'xfer', '2026-11-10T10:00:00Z')),
      // carl has no leg on the call: placed by its earliest leg, still carl's.
      engine.addComplaint(complaint('carl', 'xfer', '2026-11-10T10:00:00Z')),
      engine.addComplaint(complaint('ana', null, '2026-11-10T10:00:00Z')),
      engine.addComplaint(complaint('ana', 'gone', '2026-11-04T10:00:00Z')),
    ];
    return { placements, report: engine.finish() };
  }

  it('places complaints by their call, else created_at', () => {
    expect(run().placements).toEqual(['used', 'outside', 'used', 'used', 'outside', 'used']);
  });

  it('divides complaints by handled calls', () => {
    // ana: 2 complaints / 2 handled (one, xfer leg) = 1
    expect(run().report.agents[0]?.metrics.complaint_rate.value).toBe(1);
  });

  it('keeps a complaint with its own agent', () => {
    expect(run().report.agents[2]?.agent).toBe('carl');
  });

  it('is no_data for an agent with no handled calls', () => {
    expect(run().report.agents[2]?.metrics.complaint_rate.status).toBe('no_data');
  });

  it('pools only agents with handled calls', () => {
    // ana 2 + bob 1 complaints over 2 + 1 handled; carl adds nothing
    expect(run().report.team.metrics.complaint_rate.numerator).toBe(3);
  });
});
