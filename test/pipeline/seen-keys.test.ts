import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../src/pipeline/sink.js';
import type { CallRecord, KindRecord } from '../../src/records.js';

function call(callId: string, agent: string | null): KindRecord {
  const record: CallRecord = {
    callId,
    agent,
    direction: 'inbound',
    startedAt: 0,
    endedAt: null,
    talkSeconds: 60,
    holdSeconds: null,
    afterCallWorkSeconds: null,
    outcome: 'resolved',
    escalated: false,
    callbackRequired: false,
    customer: null,
  };
  return { kind: 'calls', record };
}

function status(agent: string, startedAt: number, endedAt: number): KindRecord {
  return { kind: 'agent_status', record: { agent, status: 'available', startedAt, endedAt } };
}

describe('SeenKeys.isDuplicateRecord', () => {
  it('flags a repeated call leg', () => {
    const seen = new SeenKeys();
    seen.isDuplicateRecord(call('C1', 'ana'));
    expect(seen.isDuplicateRecord(call('C1', 'ana'))).toBe(true);
  });

  it('keeps another agent on the same call', () => {
    const seen = new SeenKeys();
    seen.isDuplicateRecord(call('C1', 'ana'));
    expect(seen.isDuplicateRecord(call('C1', 'ben'))).toBe(false);
  });

  it('treats no agent like an empty agent', () => {
    // duplicateKey writes a null agent as '', so both keys are "C1\0".
    const seen = new SeenKeys();
    seen.isDuplicateRecord(call('C1', null));
    expect(seen.isDuplicateRecord(call('C1', ''))).toBe(true);
  });

  it('tells ids containing NUL apart', () => {
    // Both give the key text "a\0b\0c", but they are different call legs.
    const seen = new SeenKeys();
    seen.isDuplicateRecord(call('a\u0000b', 'c'));
    expect(seen.isDuplicateRecord(call('a', 'b\u0000c'))).toBe(false);
  });

  it('keeps an id ending in NUL apart', () => {
    // "x\0" + no agent gives the key "x\0\0"; "x" + no agent gives "x\0".
    const seen = new SeenKeys();
    seen.isDuplicateRecord(call('x', null));
    expect(seen.isDuplicateRecord(call('x\u0000', null))).toBe(false);
  });

  it('flags a repeated status row', () => {
    const seen = new SeenKeys();
    seen.isDuplicateRecord(status('ana', 1000, 2000));
    expect(seen.isDuplicateRecord(status('ana', 1000, 2000))).toBe(true);
  });

  it('keeps a status row of another agent', () => {
    const seen = new SeenKeys();
    seen.isDuplicateRecord(status('ana', 1000, 2000));
    expect(seen.isDuplicateRecord(status('ben', 1000, 2000))).toBe(false);
  });
});
