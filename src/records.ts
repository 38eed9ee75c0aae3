/**
 * Typed records: what every source normalizes into and what the engine folds.
 *
 * Instants are epoch milliseconds (UTC). Durations are seconds. Agent keys are
 * already resolved through the roster (lower-cased, trimmed, aliases applied).
 */

/** The canonical source kinds, in the spelling the JSON ledger uses. */
export const SOURCE_KINDS = [
  'calls',
  'agent_status',
  'schedule',
  'bookings',
  'leads',
  'tickets',
  'surveys',
  'complaints',
  'agents',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const CALL_OUTCOMES = [
  'resolved',
  'escalated',
  'callback',
  'unresolved',
  'abandoned',
  'missed',
  'voicemail',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Outcomes of calls that no agent handled: never in per-call averages or rates. */
export const UNHANDLED_OUTCOMES: ReadonlySet<CallOutcome> = new Set(['abandoned', 'missed', 'voicemail']);

export const AGENT_STATUSES = [
  'available',
  'on_call',
  'after_call_work',
  'break',
  'away',
  'offline',
  'other',
] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export type Direction = 'inbound' | 'outbound';

/** One agent's leg of a call. */
export interface CallRecord {
  callId: string;
  /** null for a call no agent took (abandoned in the queue, say): never a handled call. */
  agent: string | null;
  direction: Direction;
  startedAt: number;
  endedAt: number | null;
  talkSeconds: number;
  /** null when the export has no hold column, so hold time is unknown rather than zero. */
  holdSeconds: number | null;
  /** null when the export has no after-call work column. */
  afterCallWorkSeconds: number | null;
  outcome: CallOutcome;
  escalated: boolean;
  callbackRequired: boolean;
}

/** One interval of an agent's presence. */
export interface StatusRecord {
  agent: string;
  status: AgentStatus;
  startedAt: number;
  endedAt: number;
}

/** A scheduled shift, or a scheduled break inside one. */
export interface ScheduleRecord {
  agent: string;
  activity: 'shift' | 'break';
  startsAt: number;
  endsAt: number;
}

export interface BookingRecord {
  bookingId: string;
  agent: string;
  createdAt: number;
}

export interface LeadRecord {
  leadId: string;
  agent: string;
  /** True when the stage is one of the config's won stage names. */
  won: boolean;
  wonAt: number | null;
  /** Lower-cased lead source, or null when the export has no source column. */
  source: string | null;
}

export interface TicketRecord {
  ticketId: string;
  createdBy: string;
  createdAt: number;
  /** null while the ticket is open. */
  resolvedAt: number | null;
}

export interface SurveyRecord {
  surveyId: string;
  callId: string | null;
  agent: string | null;
  submittedAt: number;
  score: number;
}

export interface ComplaintRecord {
  complaintId: string;
  agent: string;
  callId: string | null;
  createdAt: number;
}

/** A roster entry: the key reports use, a display name, and ids from other systems. */
export interface RosterEntry {
  agent: string;
  name: string;
  aliases: string[];
}

/** A record tagged with its kind, as sources emit them. */
export type KindRecord =
  | { kind: 'calls'; record: CallRecord }
  | { kind: 'agent_status'; record: StatusRecord }
  | { kind: 'schedule'; record: ScheduleRecord }
  | { kind: 'bookings'; record: BookingRecord }
  | { kind: 'leads'; record: LeadRecord }
  | { kind: 'tickets'; record: TicketRecord }
  | { kind: 'surveys'; record: SurveyRecord }
  | { kind: 'complaints'; record: ComplaintRecord };
