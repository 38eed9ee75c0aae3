import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { METRIC_IDS } from '../../src/engine/types.js';
import type { EngineSpec } from '../../src/engine/types.js';
import { booking, call, lead, shift, sourcesWithout, spec } from './build.js';

function twoAgents(overrides: Partial<EngineSpec> = {}) {
  const engine = createEngine(spec(overrides));
  engine.addCall(call({ agent: 'bob', talkSeconds: 400 }));
  engine.addCall(call({ agent: 'ana', talkSeconds: 100 }));
  engine.addCall(call({ agent: 'bob', talkSeconds: 400 }));
  engine.addCall(call({ agent: 'bob', talkSeconds: 400 }));
  return engine;
}

describe('team row', () => {
  it('pools numerators and denominators', () => {
    // (100 + 3 × 400) / (1 + 3) = 1300 / 4 = 325, where the mean of ratios would be 250
    expect(twoAgents().finish().team.metrics.aht.value).toBe(325);
  });

  it('fails the pooled value against its target', () => {
    // 325 is not < 300
    expect(twoAgents().finish().team.metrics.aht.status).toBe('fail');
  });

  it('adds the handled calls of everyone', () => {
    expect(twoAgents().finish().team.calls.handled).toBe(4);
  });

  it('leaves out agents with no_data for a metric', () => {
    const engine = twoAgents();
    engine.addSchedule(shift('bob', '2026-11-03T09:00:00Z', '2026-11-03T09:20:00Z'));
    // ana has no shift, so her call is not part of the team's calls per hour: 3 / (20 / 60) = 9
    expect(engine.finish().team.metrics.calls_per_hour.value).toBe(3 / (20 / 60));
  });

  it('rounds calls per hour once', () => {
    const engine = createEngine(spec());
    engine.addSchedule(shift('ana', '2026-11-03T09:00:00Z', '2026-11-03T09:11:00Z'));
    engine.addCall(call({ agent: 'ana' }));
    // 1 call / (11 / 60 hours) = 60 / 11; dividing by the rounded 11 / 60 gives 5.454545454545455
    expect(engine.finish().agents[0]?.metrics.calls_per_hour.value).toBe(60 / 11);
  });

  it('counts every listed agent in team weeks', () => {
    const engine = createEngine(spec());
    engine.addLead(lead('ana', '2026-11-03T10:00:00Z', 'outbound'));
    engine.addLead(lead('ana', '2026-11-04T10:00:00Z', 'outbound'));
    engine.addLead(lead('ana', '2026-11-05T10:00:00Z', 'outbound'));
    // bob is listed by a booking and won no lead.
    engine.addBooking(booking('bob', '2026-11-03T10:00:00Z'));
    // 3 leads / (1 + 1) weeks = 1.5 per agent per week
    expect(engine.finish().team.metrics.leads_won_per_week.value).toBe(1.5);
  });

  it('is no_data when no agent has data', () => {
    expect(twoAgents().finish().team.metrics.csat.status).toBe('no_data');
  });
});

describe('agent rows', () => {
  it('sorts agents by key', () => {
    const engine = createEngine(spec());
    for (const agent of ['zoe', 'bob', 'Ana', 'ana']) engine.addCall(call({ agent }));
    // Code-unit order puts upper case first.
    expect(engine.finish().agents.map((agent) => agent.agent)).toEqual(['Ana', 'ana', 'bob', 'zoe']);
  });

  it('takes names from the roster, else the key', () => {
    const report = twoAgents({ agentNames: new Map([['ana', 'Ana Lima']]) }).finish();
    expect(report.agents.map((agent) => agent.name)).toEqual(['Ana Lima', 'bob']);
  });

  it('keeps only filtered agents', () => {
    const report = twoAgents({ agentFilter: ['bob'] }).finish();
    expect(report.agents.map((agent) => agent.agent)).toEqual(['bob']);
  });

  it('pools the whole team under a filter', () => {
    const report = twoAgents({ agentFilter: ['bob'] }).finish();
    // still (100 + 1200) / 4
    expect(report.team.metrics.aht.value).toBe(325);
  });

  it('reports all thirteen metrics', () => {
    expect(Object.keys(twoAgents().finish().agents[0]?.metrics ?? {})).toEqual([...METRIC_IDS]);
  });

  it('echoes the applied target', () => {
    const targets = { ...spec().targets, aht: { op: '<=', value: 100 } as const };
    // ana: 100 <= 100
    expect(twoAgents({ targets }).finish().agents[0]?.metrics.aht).toMatchObject({
      target: { op: '<=', value: 100 },
      status: 'pass',
    });
  });

  it('carries the unit', () => {
    expect(twoAgents().finish().agents[0]?.metrics.calls_per_hour.unit).toBe('calls per hour');
  });
});

describe('absent sources', () => {
  it('makes complaint rate no_data without a complaints file', () => {
    const report = twoAgents({ sourcesPresent: sourcesWithout('complaints') }).finish();
    expect(report.agents[0]?.metrics.complaint_rate.status).toBe('no_data');
  });

  it('makes the team no_data too', () => {
    const report = twoAgents({ sourcesPresent: sourcesWithout('complaints') }).finish();
    expect(report.team.metrics.complaint_rate.value).toBeNull();
  });

  it('adds nothing from agents with no_data to the team', () => {
    const report = twoAgents({ sourcesPresent: sourcesWithout('complaints') }).finish();
    // Each agent row shows 0 over its handled calls, but an agent with no_data adds nothing to the team.
    expect(report.agents[1]?.metrics.complaint_rate).toMatchObject({ numerator: 0, denominator: 3 });
    expect(report.team.metrics.complaint_rate).toMatchObject({ numerator: 0, denominator: 0, sampleSize: 0, status: 'no_data' });
  });

  it('passes a zero complaint rate with a complaints file', () => {
    // 0 complaints / 1 handled = 0 < 0.02
    expect(twoAgents().finish().agents[0]?.metrics.complaint_rate.status).toBe('pass');
  });

  it('makes leads no_data without a leads file', () => {
    const report = twoAgents({ sourcesPresent: sourcesWithout('leads') }).finish();
    expect(report.agents[0]?.metrics.leads_won_per_week.status).toBe('no_data');
  });

  it('fails zero leads with a leads file', () => {
    // 0 / 1 week = 0, not 2+
    expect(twoAgents().finish().agents[0]?.metrics.leads_won_per_week.status).toBe('fail');
  });
});

describe('report', () => {
  it('carries the period and as-of', () => {
    const options = spec();
    const report = createEngine(options).finish();
    expect([report.period, report.asOf]).toEqual([options.period, options.asOf]);
  });

  it('lists nobody without rows', () => {
    expect(createEngine(spec()).finish().agents).toEqual([]);
  });
});
