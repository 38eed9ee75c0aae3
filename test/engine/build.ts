/** Record and spec builders for the engine tests: each fills the fields a test does not care about. */
import type {
  BookingRecord,
  CallRecord,
  ComplaintRecord,
  LeadRecord,
  ScheduleRecord,
  SourceKind,
  StatusRecord,
  SurveyRecord,
  TicketRecord,
} from '../../src/records.js';
import { SOURCE_KINDS } from '../../src/records.js';
import type { EngineSpec, Period } from '../../src/engine/types.js';
import { DEFAULT_TARGETS } from '../../src/targets/targets.js';

export const at = (iso: string): number => Date.parse(iso);

/** ISO week 2026-W45 in UTC: Monday 2026-11-02 to Monday 2026-11-09. */
export const WEEK_45_UTC: Period = {
  label: '2026-W45',
  start: at('2026-11-02T00:00:00Z'),
  end: at('2026-11-09T00:00:00Z'),
  timezone: 'UTC',
  days: 7,
};

export function spec(overrides: Partial<EngineSpec> = {}): EngineSpec {
  return {
    period: WEEK_45_UTC,
    asOf: at('2026-11-16T00:00:00Z'),
    timezone: 'UTC',
    businessHours: { days: [1, 2, 3, 4, 5], open: 9 * 60, close: 17 * 60 },
    holidays: [],
    targets: DEFAULT_TARGETS,
    ahtIncludesAfterCallWork: false,
    adherenceCountsAfterCallWork: false,
    sourcesPresent: new Set<SourceKind>(SOURCE_KINDS),
    agentNames: new Map(),
    agentFilter: [],
    ...overrides,
  };
}

/** Returns every source kind except the ones named. */
export function sourcesWithout(...absent: SourceKind[]): Set<SourceKind> {
  return new Set(SOURCE_KINDS.filter((kind) => !absent.includes(kind)));
}

let nextCall = 0;

/** Builds a handled inbound call resolved by ana on Tuesday 2026-11-03 10:00Z: talk 100 s, hold 0, after-call work 0. */
export function call(overrides: Partial<CallRecord> = {}): CallRecord {
  nextCall++;
  return {
    callId: `c${nextCall}`,
    agent: 'ana',
    direction: 'inbound',
    startedAt: at('2026-11-03T10:00:00Z'),
    endedAt: null,
    talkSeconds: 100,
    holdSeconds: 0,
    afterCallWorkSeconds: 0,
    outcome: 'resolved',
    escalated: false,
    callbackRequired: false,
    ...overrides,
  };
}

export function status(agent: string, state: StatusRecord['status'], from: string, to: string): StatusRecord {
  return { agent, status: state, startedAt: at(from), endedAt: at(to) };
}

export function shift(agent: string, from: string, to: string): ScheduleRecord {
  return { agent, activity: 'shift', startsAt: at(from), endsAt: at(to) };
}

export function scheduledBreak(agent: string, from: string, to: string): ScheduleRecord {
  return { agent, activity: 'break', startsAt: at(from), endsAt: at(to) };
}

let nextId = 0;

export function booking(agent: string, createdAt: string): BookingRecord {
  nextId++;
  return { bookingId: `b${nextId}`, agent, createdAt: at(createdAt) };
}

export function lead(agent: string, wonAt: string | null, source: string | null, won = true): LeadRecord {
  nextId++;
  return { leadId: `l${nextId}`, agent, won, wonAt: wonAt === null ? null : at(wonAt), source };
}

export function ticket(createdBy: string, createdAt: string, resolvedAt: string | null): TicketRecord {
  nextId++;
  return {
    ticketId: `t${nextId}`,
    createdBy,
    createdAt: at(createdAt),
    resolvedAt: resolvedAt === null ? null : at(resolvedAt),
  };
}

export function survey(overrides: Partial<SurveyRecord>): SurveyRecord {
  nextId++;
  return {
    surveyId: `s${nextId}`,
    callId: null,
    agent: null,
    submittedAt: at('2026-11-04T12:00:00Z'),
    score: 5,
    ...overrides,
  };
}

export function complaint(agent: string, callId: string | null, createdAt: string): ComplaintRecord {
  nextId++;
  return { complaintId: `k${nextId}`, agent, callId, createdAt: at(createdAt) };
}
