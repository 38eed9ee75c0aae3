/**
 * The canonical columns of each source kind: their names, value types and
 * whether the column must exist. Canonical files and config mappings are both
 * read through this table.
 */
import type { SourceKind } from '../records.js';

export type FieldType =
  | 'string'
  | 'agent'
  | 'timestamp'
  | 'duration'
  | 'boolean'
  | 'score'
  | 'direction'
  | 'outcome'
  | 'status'
  | 'activity';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** The column must be present (its cells may still be empty where the kind allows). */
  required: boolean;
}

function field(name: string, type: FieldType, required = true): FieldDef {
  return { name, type, required };
}

/**
 * The report flags that name one file of one kind, such as `--calls FILE`,
 * replacing the data folder's files of that kind. Messages that suggest a
 * flag take its name from here too.
 */
export const SOURCE_FLAGS = [
  ['calls', 'calls'],
  ['agent-status', 'agent_status'],
  ['schedule', 'schedule'],
  ['bookings', 'bookings'],
  ['leads', 'leads'],
  ['tickets', 'tickets'],
  ['surveys', 'surveys'],
  ['complaints', 'complaints'],
  ['roster', 'agents'],
] as const satisfies readonly (readonly [string, SourceKind])[];

/** Returns the flag, without its dashes, that gives a file of `kind`: `agent-status` for agent_status. */
export function flagOfKind(kind: SourceKind): string {
  return SOURCE_FLAGS.find(([, flagKind]) => flagKind === kind)![0];
}

export const KIND_FIELDS: Record<SourceKind, FieldDef[]> = {
  calls: [
    field('call_id', 'string'),
    field('agent', 'agent'),
    field('direction', 'direction'),
    field('started_at', 'timestamp'),
    field('ended_at', 'timestamp', false),
    field('talk_seconds', 'duration'),
    field('hold_seconds', 'duration', false),
    field('after_call_work_seconds', 'duration', false),
    field('outcome', 'outcome'),
    field('escalated', 'boolean', false),
    field('callback_required', 'boolean', false),
    // Recognized so that mappings and presets may name it. No metric reads it,
    // so call records do not carry it: decoding it took about 5% of the 1M-row benchmark.
    field('customer', 'string', false),
  ],
  agent_status: [
    field('agent', 'agent'),
    field('status', 'status'),
    field('started_at', 'timestamp'),
    field('ended_at', 'timestamp'),
  ],
  schedule: [
    field('agent', 'agent'),
    field('activity', 'activity'),
    field('starts_at', 'timestamp'),
    field('ends_at', 'timestamp'),
  ],
  bookings: [field('booking_id', 'string'), field('agent', 'agent'), field('created_at', 'timestamp')],
  leads: [
    field('lead_id', 'string'),
    field('agent', 'agent'),
    field('stage', 'string'),
    field('won_at', 'timestamp', false),
    field('source', 'string', false),
  ],
  tickets: [
    field('ticket_id', 'string'),
    field('created_by', 'agent'),
    field('created_at', 'timestamp'),
    field('resolved_at', 'timestamp', false),
  ],
  surveys: [
    field('survey_id', 'string'),
    field('call_id', 'string', false),
    field('agent', 'agent', false),
    field('submitted_at', 'timestamp'),
    field('score', 'score'),
  ],
  complaints: [
    field('complaint_id', 'string'),
    field('agent', 'agent'),
    field('call_id', 'string', false),
    field('created_at', 'timestamp'),
  ],
  agents: [field('agent', 'string'), field('name', 'string'), field('aliases', 'string', false)],
};

/**
 * The order kinds are read in: the roster first (aliases), calls before
 * surveys and complaints (they join to calls by id).
 */
export const READ_ORDER: SourceKind[] = [
  'agents',
  'schedule',
  'agent_status',
  'calls',
  'bookings',
  'leads',
  'tickets',
  'surveys',
  'complaints',
];

/** Normalizes a header cell or value for case-insensitive matching. */
export function normalizeName(text: string): string {
  return text.trim().toLowerCase();
}

/**
 * Recognizes a canonical file from its header: the kind whose required
 * columns are all present, preferring the kind with the most required columns.
 * Returns null when none fits.
 */
export function recognizeCanonicalKind(header: readonly string[]): SourceKind | null {
  const names = new Set(header.map(normalizeName));
  let best: SourceKind | null = null;
  let bestCount = 0;
  for (const [kind, fields] of Object.entries(KIND_FIELDS) as [SourceKind, FieldDef[]][]) {
    const required = fields.filter((f) => f.required);
    if (!required.every((f) => names.has(f.name))) continue;
    if (required.length > bestCount) {
      best = kind;
      bestCount = required.length;
    }
  }
  return best;
}

/** For a file no kind fits: the kind with the most required columns present, and the ones missing. */
export function closestCanonicalKind(header: readonly string[]): { kind: SourceKind; missing: string[] } {
  const names = new Set(header.map(normalizeName));
  let best: { kind: SourceKind; missing: string[]; share: number } | null = null;
  for (const [kind, fields] of Object.entries(KIND_FIELDS) as [SourceKind, FieldDef[]][]) {
    const required = fields.filter((f) => f.required);
    const missing = required.filter((f) => !names.has(f.name)).map((f) => f.name);
    const share = (required.length - missing.length) / required.length;
    if (best === null || share > best.share) best = { kind, missing, share };
  }
  return { kind: best!.kind, missing: best!.missing };
}
