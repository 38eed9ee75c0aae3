import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateKey, SeenKeys } from '../../src/pipeline/sink.js';
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

  it('keeps a status row of another day', () => {
    const seen = new SeenKeys();
    const day = 24 * 60 * 60 * 1000;
    seen.isDuplicateRecord(status('ana', 1000, 2000));

    expect(seen.isDuplicateRecord(status('ana', 1000 + day, 2000))).toBe(false);
    expect(seen.isDuplicateRecord(status('ana', 1000 - day, 2000))).toBe(false);
  });

  // Call keys are split by id prefix and status and schedule keys by day
  // (PartitionedHashSet64). The duplicates found must be those of the key
  // texts, whatever the order.
  it('flags the duplicates of the key texts for shuffled rows', () => {
    const hour = 3_600_000;
    const row = fc.record({
      kind: fc.constantFrom('calls' as const, 'agent_status' as const, 'schedule' as const),
      agent: fc.constantFrom('ana', 'ben', 'cy'),
      // Hours near the epoch, or days 4,096 apart, which share a day partition.
      start: fc.oneof(fc.integer({ min: -48, max: 24 * 40 }), fc.integer({ min: -3, max: 3 }).map((k) => k * 4096 * 24 + 5)),
      length: fc.integer({ min: 0, max: 30 }),
      second: fc.boolean(),
      // Short ids, shared prefixes and NULs, so ids meet in partitions.
      callId: fc.string({ unit: fc.constantFrom('C', '1', '2', '\u0000'), maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 400 }), (rows) => {
        const seen = new SeenKeys();
        const keys = new Set<string>();
        for (const { kind, agent, start, length, second, callId } of rows) {
          const startedAt = start * hour;
          const endedAt = startedAt + length * 60_000;
          let item: KindRecord;
          if (kind === 'calls') item = call(callId, second ? null : agent);
          else if (kind === 'agent_status') item = { kind, record: { agent, status: second ? 'on_call' : 'available', startedAt, endedAt } };
          else item = { kind, record: { agent, activity: second ? 'break' : 'shift', startsAt: startedAt, endsAt: endedAt } };
          // duplicateKey's text joins id and agent with a NUL, so ids containing NUL can share a text; compare the fields instead.
          const key = kind === 'calls' ? JSON.stringify([callId, second ? '' : agent]) : `${kind}:${duplicateKey(item)}`;

          expect(seen.isDuplicateRecord(item)).toBe(keys.has(key));
          keys.add(key);
        }
      }),
    );
  });
});
