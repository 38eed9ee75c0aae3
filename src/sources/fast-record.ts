/**
 * Fast path from a raw row (byte ranges, see read/raw-rows.ts) to a record.
 * It reads the common cases straight from the bytes: fixed-width ISO
 * timestamps, whole-number durations and one-digit scores. The few distinct
 * texts of a choice, boolean or agent column go through a cache keyed by the
 * cell's bytes. Any other value, and any value that would be rejected, makes
 * it return null. The caller then converts the row through the text path
 * (mapping.ts), which words the reject. So the fast path never rejects a row
 * itself, and it returns the same record as the text path.
 */
import type { RawRow } from '../read/raw-rows.js';
import { AGENT_STATUSES, CALL_OUTCOMES, UNHANDLED_OUTCOMES, type KindRecord, type SourceKind } from '../records.js';
import { parseBoolean } from '../values/boolean.js';
import { parseDuration, type DurationOptions } from '../values/duration.js';
import type { TimestampParser } from '../values/timestamp.js';
import type { FieldReader } from './mapping.js';
import { WordView } from '../word-view.js';

/** Helpers that the text path shares with the fast path, so that both read values the same way. */
export interface FastHelpers {
  /** Returns the element of `allowed` that a choice text matches once normalized, or null when none does. */
  choiceValue(name: string, allowed: readonly string[], text: string): string | null;
  /** Resolves an agent id, recording its first spelling as the report's fallback name. */
  resolveAgent(text: string): string;
  /** Returns the key that resolveAgent returns, without recording a spelling. */
  agentKeyOf(text: string): string;
  parserFor(reader: FieldReader): TimestampParser;
  durationOptions: DurationOptions;
  wonStages: readonly string[];
}

/** Cached agent cell: its key (null for an empty cell), its text, and whether its spelling is recorded yet. */
interface AgentCell {
  key: string | null;
  text: string;
  spelled: boolean;
}

/**
 * Converts a raw row, or returns null when the text path must convert it.
 * Calls and status rows, the kinds with the most rows, come back in one
 * object that the next row overwrites. Not allocating one per row halved
 * the garbage collections of the 1M benchmark's report.
 */
export type FastRecord = (row: RawRow) => KindRecord | null;

/** Maximum number of entries in one cache, so that a column of unique texts cannot grow it without bound. */
const CACHE_LIMIT = 4096;

const SECONDS_PER_UNIT = { seconds: 1, minutes: 60, hours: 3600 } as const;

/**
 * Compiles the fast path of a mapping, or returns null when a field the kind
 * reads has a form it does not cover (date and time columns, `first` over
 * several columns, `concat`, rules, `from` + `add`, `next`).
 */
export function compileFastRecord(kind: SourceKind, readers: ReadonlyMap<string, FieldReader>, helpers: FastHelpers): FastRecord | null {
  const reader = (name: string): FieldReader => readers.get(name)!;
  const covered = [...readers.values()].every(
    (r) => !r.present || r.constant !== null || (r.cellAt !== null && r.timeColumn === null && r.offset === null && !r.next),
  );
  if (!covered) return null;

  const text = (name: string) => textOf(reader(name));
  const agentOf = (name: string) =>
    cached(reader(name), (value): AgentCell => ({ key: value === '' ? null : helpers.agentKeyOf(value), text: value, spelled: value === '' }));
  // The text path resolves an agent, which records its first spelling, only in
  // rows that it reads as far as the agent. Every row that yields a record gets
  // that far, so the fast path records the spelling when it returns a record.
  const spell = (cell: AgentCell): string | null => {
    if (!cell.spelled) {
      helpers.resolveAgent(cell.text);
      cell.spelled = true;
    }
    return cell.key;
  };
  // choiceValue returns an element of `allowed` or null, so the cast only restores the type T that its signature drops.
  const choiceOf = <T extends string>(name: string, allowed: readonly T[]) =>
    cached(reader(name), (value) => (value === '' ? undefined : ((helpers.choiceValue(name, allowed, value) as T | null) ?? undefined)));
  const flagOf = (name: string) => cached(reader(name), booleanOrUndefined);
  const timestampOf = (name: string) => timestampReader(reader(name), helpers.parserFor(reader(name)));
  const durationOf = (name: string) => durationReader(reader(name), helpers.durationOptions);
  const has = (name: string): boolean => reader(name).present;

  switch (kind) {
    case 'calls': {
      const outcomeOf = choiceOf('outcome', CALL_OUTCOMES);
      const agent = agentOf('agent');
      const started = timestampOf('started_at');
      const ended = timestampOf('ended_at');
      const callId = text('call_id');
      const direction = choiceOf('direction', ['inbound', 'outbound'] as const);
      const talk = durationOf('talk_seconds');
      const hold = has('hold_seconds') ? durationOf('hold_seconds') : null;
      const afterCallWork = has('after_call_work_seconds') ? durationOf('after_call_work_seconds') : null;
      const escalated = flagOf('escalated');
      const callback = flagOf('callback_required');
      const item: KindRecord & { kind: 'calls' } = {
        kind: 'calls',
        record: {
          callId: '',
          agent: null,
          direction: 'inbound',
          startedAt: 0,
          endedAt: null,
          talkSeconds: 0,
          holdSeconds: null,
          afterCallWorkSeconds: null,
          outcome: 'resolved',
          escalated: false,
          callbackRequired: false,
        },
      };

      return (row) => {
        if (row.complex) return null;
        const outcome = outcomeOf(row);
        const agentCell = agent(row);
        if (outcome === undefined) return null;
        const handled = agentCell.key !== null && !UNHANDLED_OUTCOMES.has(outcome);
        const startedAt = started(row);
        const endedAt = ended(row);
        if (startedAt === null || Number.isNaN(startedAt) || (endedAt !== null && !(endedAt >= startedAt))) return null;
        const id = callId(row);
        const way = direction(row);
        const talkSeconds = talk(row, handled ? null : 0);
        const holdSeconds = hold === null ? null : hold(row, 0);
        const afterCallWorkSeconds = afterCallWork === null ? null : afterCallWork(row, 0);
        const escalatedValue = escalated(row);
        const callbackValue = callback(row);
        if (id === '' || way === undefined || Number.isNaN(talkSeconds) || Number.isNaN(holdSeconds) || Number.isNaN(afterCallWorkSeconds)) return null;
        if (escalatedValue === undefined || callbackValue === undefined) return null;
        const record = item.record;
        record.callId = id;
        record.agent = spell(agentCell);
        record.direction = way;
        record.startedAt = startedAt;
        record.endedAt = endedAt;
        record.talkSeconds = talkSeconds;
        record.holdSeconds = holdSeconds;
        record.afterCallWorkSeconds = afterCallWorkSeconds;
        record.outcome = outcome;
        record.escalated = escalatedValue;
        record.callbackRequired = callbackValue;
        return item;
      };
    }

    case 'agent_status': {
      const agent = agentOf('agent');
      const started = timestampOf('started_at');
      const ended = timestampOf('ended_at');
      const statusOf = choiceOf('status', AGENT_STATUSES);
      const item: KindRecord & { kind: 'agent_status' } = { kind: 'agent_status', record: { agent: '', status: 'available', startedAt: 0, endedAt: 0 } };

      return (row) => {
        if (row.complex) return null;
        const agentCell = agent(row);
        const startedAt = started(row);
        const endedAt = ended(row);
        const status = statusOf(row);
        if (agentCell.key === null || status === undefined) return null;
        if (startedAt === null || endedAt === null || Number.isNaN(startedAt) || !(endedAt >= startedAt)) return null;
        const record = item.record;
        record.agent = spell(agentCell)!;
        record.status = status;
        record.startedAt = startedAt;
        record.endedAt = endedAt;
        return item;
      };
    }

    case 'schedule': {
      const agent = agentOf('agent');
      const starts = timestampOf('starts_at');
      const ends = timestampOf('ends_at');
      const activityOf = choiceOf('activity', ['shift', 'break'] as const);

      return (row) => {
        if (row.complex) return null;
        const agentCell = agent(row);
        const startsAt = starts(row);
        const endsAt = ends(row);
        const activity = activityOf(row);
        if (agentCell.key === null || activity === undefined) return null;
        if (startsAt === null || endsAt === null || Number.isNaN(startsAt) || !(endsAt >= startsAt)) return null;
        return { kind: 'schedule', record: { agent: spell(agentCell)!, activity, startsAt, endsAt } };
      };
    }

    case 'surveys': {
      const score = scoreReader(reader('score'));
      const callId = has('call_id') ? text('call_id') : null;
      const agent = has('agent') ? agentOf('agent') : null;
      const surveyId = text('survey_id');
      const submitted = timestampOf('submitted_at');

      return (row) => {
        if (row.complex || score === null) return null;
        const value = score(row);
        const agentCell = agent === null ? null : agent(row);
        const id = surveyId(row);
        const submittedAt = submitted(row);
        if (Number.isNaN(value) || id === '' || submittedAt === null || Number.isNaN(submittedAt)) return null;
        const call = callId === null ? '' : callId(row);
        return { kind: 'surveys', record: { surveyId: id, callId: call === '' ? null : call, agent: agentCell === null ? null : spell(agentCell), submittedAt, score: value } };
      };
    }

    case 'complaints': {
      const complaintId = text('complaint_id');
      const agent = agentOf('agent');
      const callId = has('call_id') ? text('call_id') : null;
      const created = timestampOf('created_at');

      return (row) => {
        if (row.complex) return null;
        const id = complaintId(row);
        const agentCell = agent(row);
        const createdAt = created(row);
        if (id === '' || agentCell.key === null || createdAt === null || Number.isNaN(createdAt)) return null;
        const call = callId === null ? '' : callId(row);
        return { kind: 'complaints', record: { complaintId: id, agent: spell(agentCell)!, callId: call === '' ? null : call, createdAt } };
      };
    }

    case 'bookings': {
      const bookingId = text('booking_id');
      const agent = agentOf('agent');
      const created = timestampOf('created_at');

      return (row) => {
        if (row.complex) return null;
        const id = bookingId(row);
        const agentCell = agent(row);
        const createdAt = created(row);
        if (id === '' || agentCell.key === null || createdAt === null || Number.isNaN(createdAt)) return null;
        return { kind: 'bookings', record: { bookingId: id, agent: spell(agentCell)!, createdAt } };
      };
    }

    case 'tickets': {
      const ticketId = text('ticket_id');
      const agent = agentOf('created_by');
      const created = timestampOf('created_at');
      const resolved = timestampOf('resolved_at');

      return (row) => {
        if (row.complex) return null;
        const createdAt = created(row);
        const resolvedAt = resolved(row);
        const id = ticketId(row);
        const agentCell = agent(row);
        if (createdAt === null || Number.isNaN(createdAt) || (resolvedAt !== null && !(resolvedAt >= createdAt))) return null;
        if (id === '' || agentCell.key === null) return null;
        return { kind: 'tickets', record: { ticketId: id, createdBy: spell(agentCell)!, createdAt, resolvedAt } };
      };
    }

    case 'leads': {
      const stageOf = text('stage');
      const wonAtOf = timestampOf('won_at');
      const leadId = text('lead_id');
      const agent = agentOf('agent');
      const sourceOf = has('source') ? text('source') : null;

      return (row) => {
        if (row.complex) return null;
        const stage = stageOf(row);
        const won = helpers.wonStages.includes(stage.toLowerCase());
        const wonAt = wonAtOf(row);
        const id = leadId(row);
        const agentCell = agent(row);
        if (stage === '' || (wonAt !== null && Number.isNaN(wonAt)) || (won && wonAt === null)) return null;
        if (id === '' || agentCell.key === null) return null;
        return { kind: 'leads', record: { leadId: id, agent: spell(agentCell)!, won, wonAt, source: sourceOf === null ? null : sourceOf(row).toLowerCase() } };
      };
    }

    case 'agents':
      return null;
  }
}

function booleanOrUndefined(text: string): boolean | undefined {
  try {
    return parseBoolean(text);
  } catch {
    return undefined;
  }
}

/** Returns a reader of a field's raw text, which is '' when the file lacks the field. */
function textOf(reader: FieldReader): (row: RawRow) => string {
  if (!reader.present) return () => '';
  if (reader.constant !== null) {
    const constant = reader.constant;
    return () => constant;
  }
  const at = reader.cellAt!;
  const ofCell = reader.ofCell!;
  return (row) => ofCell(row.text(at));
}

/**
 * Returns a reader of `compute(raw text)`. The value is computed once per
 * distinct cell and then looked up by the cell's bytes, so a repeated cell is
 * not decoded again. Callers treat `undefined` from `compute` as a request to
 * send the row to the text path.
 */
function cached<T>(reader: FieldReader, compute: (text: string) => T): (row: RawRow) => T {
  if (!reader.present || reader.constant !== null) {
    const value = compute(reader.constant ?? '');
    return () => value;
  }
  const at = reader.cellAt!;
  const ofCell = reader.ofCell!;
  const cache = new ByteKeyedCache<T>();
  return (row) => {
    const bytes = row.bytes;
    const start = row.starts[at]!;
    const end = row.ends[at]!;
    const found = cache.find(bytes, start, end);
    if (found >= 0) return cache.values[found]!;
    const value = compute(ofCell(row.text(at)));
    if (cache.size < CACHE_LIMIT) cache.add(bytes, start, end, value);
    return value;
  };
}

/**
 * Returns a timestamp reader. It returns the instant, null for an empty or
 * missing optional value, or NaN when the text path must read the row. That
 * covers an empty or missing required value, a constant, and any form other
 * than the fixed-width ISO ones.
 */
function timestampReader(reader: FieldReader, parser: TimestampParser): (row: RawRow) => number | null {
  const required = reader.def.required;
  if (!reader.present) return () => (required ? Number.NaN : null);
  if (reader.constant !== null) return () => Number.NaN;
  const at = reader.cellAt!;
  if (reader.plain) {
    return (row) => {
      const start = row.starts[at]!;
      const end = row.ends[at]!;
      if (start === end) return required ? Number.NaN : null;
      return parser.parseIsoBytes(row.bytes, start, end);
    };
  }
  const ofCell = reader.ofCell!;
  return (row) => {
    const text = ofCell(row.text(at));
    if (text === '') return required ? Number.NaN : null;
    return parser.parseIso(text);
  };
}

/**
 * Returns a duration reader, in seconds. The caller passes the value for an
 * empty cell, or null when an empty cell must be rejected. The reader returns
 * NaN when the text path must read the row, which includes that rejection.
 */
function durationReader(reader: FieldReader, options: DurationOptions): (row: RawRow, emptyValue: number | null) => number {
  const perUnit = SECONDS_PER_UNIT[reader.unit];
  if (reader.present && reader.cellAt !== null && reader.plain) {
    const at = reader.cellAt;
    return (row, emptyValue) => {
      const bytes = row.bytes;
      const start = row.starts[at]!;
      const end = row.ends[at]!;
      if (start === end) return emptyValue ?? Number.NaN;
      // Only whole numbers of up to 15 digits, as parseDuration's own shortcut reads them.
      if (end - start > 15) return Number.NaN;
      let value = 0;
      for (let i = start; i < end; i++) {
        const digit = bytes[i]! - 48;
        if (digit < 0 || digit > 9) return Number.NaN;
        value = value * 10 + digit;
      }
      return value * perUnit;
    };
  }
  const text = textOf(reader);
  return (row, emptyValue) => {
    const value = text(row);
    if (value === '') return emptyValue ?? Number.NaN;
    try {
      return parseDuration(value, reader.unit, options);
    } catch {
      return Number.NaN;
    }
  };
}

/**
 * Returns a reader of one-digit scores from 1 to 5 that returns NaN for
 * anything else. Returns null when the field is not a plain column.
 */
function scoreReader(reader: FieldReader): ((row: RawRow) => number) | null {
  if (!reader.present || reader.cellAt === null || !reader.plain) return null;
  const at = reader.cellAt;
  return (row) => {
    const start = row.starts[at]!;
    if (row.ends[at]! - start !== 1) return Number.NaN;
    const digit = row.bytes[start]! - 48;
    return digit >= 1 && digit <= 5 ? digit : Number.NaN;
  };
}

/**
 * Cache of values keyed by the exact bytes of a cell, in an open-addressing
 * hash table. A hash of the bytes picks the slot, and the bytes are compared
 * in full, so two different texts never share a value. The entry found or
 * added last is tried first, because rows often repeat the previous row's text.
 * Then a small table indexed by the length and the first and last bytes is
 * tried, which finds most of a column's few texts without hashing every byte.
 */
export class ByteKeyedCache<T> {
  readonly values: T[] = [];
  private readonly keys: CacheKey[] = [];
  private readonly hashes: number[] = [];
  /**
   * Value index + 1 per slot, or 0 for an empty slot. With twice CACHE_LIMIT
   * slots, the table is at most half full, so probes stay short.
   */
  private readonly slots = new Int32Array(2 * CACHE_LIMIT);
  /** Value index + 1 of the entry last found or added for each quickKey, or 0. */
  private readonly quick = new Int32Array(QUICK_SLOTS);
  private last = -1;
  /** The byte array looked up in, read four bytes at a time. */
  private readonly words = new WordView();

  get size(): number {
    return this.values.length;
  }

  /** Returns the index of the value for bytes[start, end), or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    const view = this.words.of(bytes);
    if (this.last >= 0 && sameBytes(this.keys[this.last]!, bytes, view, start, end)) return this.last;
    const quick = quickKey(bytes, start, end);
    const guess = this.quick[quick]! - 1;
    if (guess >= 0 && sameBytes(this.keys[guess]!, bytes, view, start, end)) {
      this.last = guess;
      return guess;
    }

    const hash = hashBytes(bytes, start, end);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot]! - 1;
      if (index < 0) return -1;
      if (this.hashes[index] === hash && sameBytes(this.keys[index]!, bytes, view, start, end)) {
        this.last = index;
        this.quick[quick] = index + 1;
        return index;
      }
    }
  }

  add(bytes: Uint8Array, start: number, end: number, value: T): void {
    const hash = hashBytes(bytes, start, end);
    const index = this.values.length;
    this.values.push(value);
    this.keys.push(new CacheKey(bytes, start, end));
    this.hashes.push(hash);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
    this.last = index;
    this.quick[quickKey(bytes, start, end)] = index + 1;
  }
}

/**
 * A cache key's bytes, and the same bytes as little-endian 32-bit words for
 * sameBytes(). Comparing a 20-byte agent email four bytes at a time took
 * about a third of the time of a loop over its bytes.
 */
class CacheKey {
  /** A copy: Buffer#slice would share the reader's memory, which the next chunk overwrites. */
  readonly bytes: Uint8Array;
  /** For four bytes or more: the words at offsets 0, 4, 8... before the last four bytes, then the word of the last four bytes, which may overlap the one before it. */
  readonly words: Int32Array;

  constructor(source: Uint8Array, start: number, end: number) {
    this.bytes = Uint8Array.prototype.slice.call(source, start, end);
    const length = this.bytes.length;
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, length);
    this.words = new Int32Array(length < 4 ? 0 : (length + 3) >> 2);
    for (let w = 0; w < this.words.length - 1; w++) this.words[w] = view.getInt32(4 * w, true);
    if (length >= 4) this.words[this.words.length - 1] = view.getInt32(length - 4, true);
  }
}

/** Slots of ByteKeyedCache's quick table, a power of two. */
const QUICK_SLOTS = 1024;

/** Returns a slot of the quick table from the length and the first and last bytes of bytes[start, end). */
function quickKey(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  return (Math.imul(length, 0x9e3779b1) ^ (bytes[start]! << 5) ^ bytes[end - 1]!) & (QUICK_SLOTS - 1);
}

/** Returns true when bytes[start, end), which `view` also shows, equals the key. */
function sameBytes(key: CacheKey, bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
  const length = end - start;
  if (key.bytes.length !== length) return false;
  if (length < 4) {
    for (let i = 0; i < length; i++) {
      if (key.bytes[i] !== bytes[start + i]) return false;
    }
    return true;
  }
  const words = key.words;
  const last = words.length - 1;
  for (let w = 0; w < last; w++) {
    if (view.getInt32(start + 4 * w, true) !== words[w]) return false;
  }
  return view.getInt32(end - 4, true) === words[last];
}

/** Returns the FNV-1a hash of bytes[start, end), masked to 30 bits so that it stays a small integer. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash & 0x3fffffff;
}
