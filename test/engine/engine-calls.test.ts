import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.js';
import { at, call, spec } from './build.js';

describe('handle time and hold', () => {
  function run(ahtIncludesAfterCallWork = false) {
    const engine = createEngine(spec({ ahtIncludesAfterCallWork }));
    engine.addCall(call({ talkSeconds: 200, holdSeconds: 20, afterCallWorkSeconds: 60 }));
    // From an export without hold or after-call work columns.
    engine.addCall(call({ talkSeconds: 300, holdSeconds: null, afterCallWorkSeconds: null }));
    engine.addCall(call({ talkSeconds: 0, outcome: 'abandoned' }));
    engine.addCall(call({ talkSeconds: 0, outcome: 'missed' }));
    engine.addCall(call({ agent: null, talkSeconds: 0, outcome: 'abandoned' }));
    return engine.finish();
  }

  it('averages talk and hold over handled calls', () => {
    // (200 + 20) + (300 + 0) = 520 over 2 handled
    expect(run().agents[0]?.metrics.aht.value).toBe(260);
  });

  it('adds after-call work when configured', () => {
    // (200 + 20 + 60) + (300 + 0 + 0) = 580 over 2 handled
    expect(run(true).agents[0]?.metrics.aht.value).toBe(290);
  });

  it('averages hold over calls with a hold column', () => {
    // 20 over the 1 handled call whose export has hold
    expect(run().agents[0]?.metrics.hold_time.value).toBe(20);
  });

  it('leaves calls without a hold column out of the hold denominator', () => {
    // 2 handled calls, 1 with a hold column
    expect(run().agents[0]?.metrics.hold_time.denominator).toBe(1);
  });

  it('averages after-call work over calls with the column', () => {
    // 60 over 1
    expect(run().agents[0]?.metrics.after_call_work.value).toBe(60);
  });

  it('counts abandoned and missed legs as unhandled', () => {
    expect(run().agents[0]?.calls).toEqual({ handled: 2, unhandled: 2 });
  });

  it('counts a call with no agent in the team', () => {
    // ana's 2 unhandled + 1 with no agent
    expect(run().team.calls).toEqual({ handled: 2, unhandled: 3 });
  });

  it('lists no agent for a call with no agent', () => {
    expect(run().agents.map((agent) => agent.agent)).toEqual(['ana']);
  });
});

describe('hold time without a hold column', () => {
  it('is no_data', () => {
    const engine = createEngine(spec());
    engine.addCall(call({ holdSeconds: null }));
    expect(engine.finish().agents[0]?.metrics.hold_time.status).toBe('no_data');
  });

  it('has a null value', () => {
    const engine = createEngine(spec());
    engine.addCall(call({ holdSeconds: null }));
    expect(engine.finish().agents[0]?.metrics.hold_time.value).toBeNull();
  });
});

describe('outcome metrics', () => {
  function run() {
    const engine = createEngine(spec());
    engine.addCall(call({ outcome: 'resolved' }));
    engine.addCall(call({ outcome: 'resolved', escalated: true }));
    engine.addCall(call({ outcome: 'resolved', callbackRequired: true }));
    engine.addCall(call({ outcome: 'unresolved' }));
    engine.addCall(call({ outcome: 'resolved', direction: 'outbound' }));
    engine.addCall(call({ outcome: 'escalated' }));
    engine.addCall(call({ outcome: 'callback' }));
    engine.addCall(call({ outcome: 'abandoned' }));
    engine.addCall(call({ outcome: 'voicemail' }));
    return engine.finish().agents[0]?.metrics;
  }

  it('counts first-contact resolution over inbound handled calls', () => {
    // 1 resolved without flags / 6 inbound handled (7 handled less 1 outbound)
    expect([run()?.fcr.numerator, run()?.fcr.denominator]).toEqual([1, 6]);
  });

  it('fails fcr below target', () => {
    // 1/6 = 0.1667, not > 0.80
    expect(run()?.fcr.status).toBe('fail');
  });

  it('counts the escalated flag and outcome', () => {
    // resolved+flag, outcome escalated = 2 / 7 handled
    expect(run()?.escalation_rate.value).toBe(2 / 7);
  });

  it('counts the callback flag and outcome', () => {
    // resolved+callback_required, outcome callback = 2 / 7 handled
    expect(run()?.callback_rate.value).toBe(2 / 7);
  });
});

describe('transfers', () => {
  it('gives each agent their leg', () => {
    const engine = createEngine(spec());
    engine.addCall(call({ callId: 'x', agent: 'ana', talkSeconds: 60 }));
    engine.addCall(call({ callId: 'x', agent: 'bob', talkSeconds: 240, startedAt: at('2026-11-03T10:05:00Z') }));
    const report = engine.finish();
    // ana 60 / 1, bob 240 / 1
    expect(report.agents.map((agent) => agent.metrics.aht.value)).toEqual([60, 240]);
  });
});

describe('call placement', () => {
  it('uses a call started in the period', () => {
    expect(createEngine(spec()).addCall(call())).toBe('used');
  });

  it('uses a call with no agent in the period', () => {
    expect(createEngine(spec()).addCall(call({ agent: null, outcome: 'abandoned' }))).toBe('used');
  });

  it('leaves out a call started at the period end', () => {
    // The period is half-open: 2026-11-09T00:00Z is the first instant after it.
    expect(createEngine(spec()).addCall(call({ startedAt: at('2026-11-09T00:00:00Z') }))).toBe('outside');
  });

  it('uses a call started at the period start', () => {
    expect(createEngine(spec()).addCall(call({ startedAt: at('2026-11-02T00:00:00Z') }))).toBe('used');
  });

  it('lists an agent with only a missed call', () => {
    const engine = createEngine(spec());
    engine.addCall(call({ agent: 'bob', outcome: 'missed' }));
    expect(engine.finish().agents[0]?.metrics.aht.status).toBe('no_data');
  });
});
