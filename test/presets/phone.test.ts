/**
 * Phone-system presets: each fixture is read into call or status records,
 * checked field by field. Timestamps without a zone are read in UTC, the
 * team zone these tests use.
 */
import { describe, expect, it } from 'vitest';
import type { CallRecord, StatusRecord } from '../../src/records.js';
import { readFixture } from './read-fixture.js';

const at = (iso: string): number => Date.parse(`${iso}Z`);

/** A call record with the fields most presets leave at their defaults. */
function call(fields: Partial<CallRecord> & Pick<CallRecord, 'callId' | 'startedAt' | 'outcome'>): CallRecord {
  return {
    agent: null,
    direction: 'inbound',
    endedAt: null,
    talkSeconds: 0,
    holdSeconds: null,
    afterCallWorkSeconds: null,
    escalated: false,
    callbackRequired: false,
    ...fields,
  };
}

describe('talkdesk-calls', () => {
  const result = readFixture('talkdesk-calls.csv');

  it('is recognized from its header', () => {
    expect(result.presetId).toBe('talkdesk-calls');
  });

  it('rejects no row', () => {
    expect(result.rejects).toEqual([]);
  });

  it.each([
    // Disposition "Resolved" on an inbound call.
    call({ callId: 'td-101', agent: 'va07@example.com', startedAt: at('2026-11-10T14:00:00'), endedAt: at('2026-11-10T14:05:30'), talkSeconds: 300, holdSeconds: 20, outcome: 'resolved' }),
    call({ callId: 'td-102', agent: 'va07@example.com', startedAt: at('2026-11-10T15:00:00'), endedAt: at('2026-11-10T15:04:00'), talkSeconds: 200, holdSeconds: 0, outcome: 'callback' }),
    // type "missed" with no user: an unhandled call, kept.
    call({ callId: 'td-103', startedAt: at('2026-11-10T16:00:00'), endedAt: at('2026-11-10T16:00:40'), holdSeconds: 0, outcome: 'missed' }),
    // Outbound with an empty disposition: resolved.
    call({ callId: 'td-104', agent: 'va08@example.com', direction: 'outbound', startedAt: at('2026-11-11T09:30:00'), endedAt: at('2026-11-11T09:32:00'), talkSeconds: 110, holdSeconds: 0, outcome: 'resolved' }),
    call({ callId: 'td-105', startedAt: at('2026-11-11T10:00:00'), endedAt: at('2026-11-11T10:00:05'), holdSeconds: 0, outcome: 'abandoned' }),
    call({ callId: 'td-106', agent: 'va08@example.com', startedAt: at('2026-11-11T11:00:00'), endedAt: at('2026-11-11T11:06:00'), talkSeconds: 330, holdSeconds: 15, outcome: 'unresolved' }),
  ])('reads call $callId', (expected) => {
    expect(result.of('calls').find((record) => record.callId === expected.callId)).toEqual(expected);
  });

  it('reads six calls', () => {
    expect(result.of('calls')).toHaveLength(6);
  });

  it('reads a survey from each rated call', () => {
    expect(result.of('surveys')).toEqual([
      { surveyId: 'td-101', callId: 'td-101', agent: 'va07@example.com', submittedAt: at('2026-11-10T14:07:00'), score: 5 },
      { surveyId: 'td-106', callId: 'td-106', agent: 'va08@example.com', submittedAt: at('2026-11-11T11:08:00'), score: 3 },
    ]);
  });
});

describe('talkdesk-user-status', () => {
  const result = readFixture('talkdesk-user-status.csv');

  it('is recognized from its header', () => {
    expect(result.presetId).toBe('talkdesk-user-status');
  });

  it.each<StatusRecord>([
    { agent: 'va07@example.com', status: 'available', startedAt: at('2026-11-10T08:58:40'), endedAt: at('2026-11-10T09:15:02') },
    { agent: 'va07@example.com', status: 'on_call', startedAt: at('2026-11-10T09:15:02'), endedAt: at('2026-11-10T09:19:41') },
    { agent: 'va07@example.com', status: 'after_call_work', startedAt: at('2026-11-10T09:19:41'), endedAt: at('2026-11-10T09:20:26') },
    // "Lunch" is a break.
    { agent: 'va07@example.com', status: 'break', startedAt: at('2026-11-10T12:00:00'), endedAt: at('2026-11-10T12:30:00') },
    { agent: 'va08@example.com', status: 'offline', startedAt: at('2026-11-10T17:00:00'), endedAt: at('2026-11-10T17:05:00') },
  ])('reads $status of $agent', (expected) => {
    expect(result.of('agent_status')).toContainEqual(expected);
  });
});

describe('five9-call-log', () => {
  const result = readFixture('five9-call-log.csv');

  it('is recognized from its header', () => {
    expect(result.presetId).toBe('five9-call-log');
  });

  it.each([
    // TALK TIME 00:04:12 = 252 s, HOLD TIME 30 s, AFTER CALL WORK TIME 45 s.
    call({ callId: '24399', agent: 'va07@example.com', startedAt: at('2026-11-10T09:15:02'), talkSeconds: 252, holdSeconds: 30, afterCallWorkSeconds: 45, outcome: 'resolved' }),
    // AGENT [None] is a placeholder: no agent; ABANDONED 1 wins over the disposition.
    call({ callId: '24400', startedAt: at('2026-11-10T09:30:00'), holdSeconds: 0, afterCallWorkSeconds: 0, outcome: 'abandoned' }),
    // CALL TYPE Manual is outbound; "No Disposition" is resolved.
    call({ callId: '24401', agent: 'va08@example.com', direction: 'outbound', startedAt: at('2026-11-10T10:02:10'), talkSeconds: 110, holdSeconds: 0, afterCallWorkSeconds: 20, outcome: 'resolved' }),
    call({ callId: '24402', agent: 'va08@example.com', startedAt: at('2026-11-10T11:45:00'), talkSeconds: 300, holdSeconds: 35, afterCallWorkSeconds: 60, outcome: 'escalated' }),
  ])('reads call $callId', (expected) => {
    expect(result.of('calls').find((record) => record.callId === expected.callId)).toEqual(expected);
  });
});

describe('freepbx-cdr', () => {
  const result = readFixture('freepbx-cdr.csv');
  const calls = result.of('calls');

  it('is recognized from its header', () => {
    expect(result.presetId).toBe('freepbx-cdr');
  });

  it('reads every leg', () => {
    expect(calls).toHaveLength(6);
  });

  it('reads an outbound leg for the dialling extension', () => {
    // billsec 272; end = calldate + duration 279 s.
    expect(calls[0]).toEqual(
      call({ callId: '1794300902.84', agent: '1001', direction: 'outbound', startedAt: at('2026-11-10T09:15:02'), endedAt: at('2026-11-10T09:19:41'), talkSeconds: 272, outcome: 'resolved' }),
    );
  });

  it('gives both queue legs one call id and agent', () => {
    // The pipeline then counts the second as a duplicate: one handled leg per agent.
    expect([calls[1]!.callId, calls[1]!.agent, calls[2]!.callId, calls[2]!.agent]).toEqual(['1794301200.85', '1002', '1794301200.85', '1002']);
  });

  it('reads an unanswered queue leg without an agent', () => {
    expect(calls[3]).toEqual(call({ callId: '1794301800.87', startedAt: at('2026-11-10T09:30:00'), endedAt: at('2026-11-10T09:31:10'), outcome: 'missed' }));
  });

  it('gives a transfer one leg per agent', () => {
    expect(calls.slice(4).map((leg) => [leg.callId, leg.agent, leg.talkSeconds])).toEqual([
      ['1794302400.88', '1001', 190],
      ['1794302400.88', '1002', 95],
    ]);
  });
});

describe('asterisk Master.csv', () => {
  it('recognizes 18 columns from the shape', () => {
    expect(readFixture('asterisk-master-18.csv').presetId).toBe('asterisk-master-18');
  });

  it('recognizes 16 columns from the shape', () => {
    expect(readFixture('asterisk-master-16.csv').presetId).toBe('asterisk-master-16');
  });

  it('reads the legs of an 18-column file', () => {
    expect(readFixture('asterisk-master-18.csv').of('calls')).toEqual([
      call({ callId: '1794300902.84', agent: '1001', direction: 'outbound', startedAt: at('2026-11-10T09:15:02'), endedAt: at('2026-11-10T09:19:41'), talkSeconds: 272, outcome: 'resolved' }),
      // A trunk leg that no one answered: an unhandled row, not dropped.
      call({ callId: '1794301200.85', startedAt: at('2026-11-10T09:20:00'), endedAt: at('2026-11-10T09:21:10'), outcome: 'missed' }),
      call({ callId: '1794301800.86', agent: '1002', startedAt: at('2026-11-10T09:30:00'), endedAt: at('2026-11-10T09:33:24'), talkSeconds: 200, outcome: 'resolved' }),
    ]);
  });

  it('builds a call id from start and channel without uniqueid', () => {
    expect(readFixture('asterisk-master-16.csv').of('calls')[0]!.callId).toBe('2026-11-10 09:15:02 PJSIP/1001-0000002a');
  });
});

describe('3cx cdr.log', () => {
  const result = readFixture('3cx-cdr.txt');
  const calls = result.of('calls');

  it('is recognized from its shape', () => {
    expect(result.presetId).toBe('3cx-cdr-20');
  });

  it('reads an inbound call for the final extension', () => {
    // duration 00:05:36 = 336 s.
    expect(calls[0]).toEqual(
      call({ callId: '00000C21DE5C2470_6531', agent: '504', startedAt: at('2026-11-10T13:33:54'), endedAt: at('2026-11-10T13:39:34'), talkSeconds: 336, outcome: 'resolved' }),
    );
  });

  it('reads an empty time-answered as missed', () => {
    expect(calls[1]!.outcome).toBe('missed');
  });

  it('reads a call from an extension as outbound', () => {
    expect([calls[2]!.direction, calls[2]!.agent]).toEqual(['outbound', '504']);
  });
});

describe('vicidial-calls', () => {
  const result = readFixture('vicidial-calls.tsv');
  const calls = result.of('calls');

  it('is recognized from its tab-separated header', () => {
    expect(result.presetId).toBe('vicidial-calls');
  });

  it('reads a sale as resolved', () => {
    expect(calls[0]).toEqual(
      call({ callId: '9001 2026-11-10 09:15:02', agent: 'va07', direction: 'outbound', startedAt: at('2026-11-10T09:15:02'), talkSeconds: 272, outcome: 'resolved' }),
    );
  });

  it('reads CALLBK as a callback', () => {
    expect(calls[1]!.outcome).toBe('callback');
  });

  it('reads the dialer user VDAD as no agent', () => {
    expect([calls[2]!.agent, calls[2]!.outcome]).toEqual([null, 'missed']);
  });
});

describe('vicidial-agent-log', () => {
  const result = readFixture('vicidial-agent-log.csv');
  const statuses = result.of('agent_status');
  // pause_epoch 1794301200 = 2026-11-10 09:00:00 UTC.
  const nine = at('2026-11-10T09:00:00');

  it('is recognized from its header', () => {
    expect(result.presetId).toBe('vicidial-agent-log');
  });

  it.each<StatusRecord>([
    { agent: 'va07', status: 'away', startedAt: nine, endedAt: nine + 60_000 },
    { agent: 'va07', status: 'available', startedAt: nine + 60_000, endedAt: nine + 90_000 },
    // talk_sec 272 from 09:01:30.
    { agent: 'va07', status: 'on_call', startedAt: nine + 90_000, endedAt: nine + 362_000 },
    { agent: 'va07', status: 'after_call_work', startedAt: nine + 362_000, endedAt: nine + 407_000 },
    // Pause code LUNCH: 1800 s of break from 09:10.
    { agent: 'va07', status: 'break', startedAt: nine + 600_000, endedAt: nine + 2_400_000 },
  ])('reads $status', (expected) => {
    expect(statuses).toContainEqual(expected);
  });

  it('adds no interval for a phase of 0 seconds', () => {
    // Row 501 gives four phases, row 502 only its pause.
    expect(statuses).toHaveLength(5);
  });
});
