/**
 * Record sink: duplicate detection across the files of a kind, then the
 * engine. The main thread and the read worker both use it.
 */
import type { KpiEngine } from '../engine/engine.js';
import { SpanKeys } from '../engine/span-keys.js';
import { CallIdHash, callIdHashes, HashSet64, KeyHasher, PartitionedHashSet64 } from '../engine/hash-set.js';
import { AGENT_STATUSES, type KindRecord, type SourceKind } from '../records.js';
import type { RecordSink } from './read-source.js';

/** Returns the key that makes two records of a kind duplicates (docs/decisions.md, item 6). */
export function duplicateKey(item: KindRecord): string {
  switch (item.kind) {
    case 'calls':
      return `${item.record.callId}\u0000${item.record.agent ?? ''}`;
    case 'agent_status': {
      const r = item.record;
      return `${r.agent}\u0000${r.status}\u0000${r.startedAt}\u0000${r.endedAt}`;
    }
    case 'schedule': {
      const r = item.record;
      return `${r.agent}\u0000${r.activity}\u0000${r.startsAt}\u0000${r.endsAt}`;
    }
    case 'bookings':
      return item.record.bookingId;
    case 'leads':
      return item.record.leadId;
    case 'tickets':
      return item.record.ticketId;
    case 'surveys':
      return item.record.surveyId;
    case 'complaints':
      return item.record.complaintId;
  }
}

/**
 * Duplicate detection across every file of a kind: the first row with a key
 * wins, and no text of the file is kept. Status and schedule rows in time
 * order are kept exactly in about 8 bytes a row (src/engine/span-keys.ts).
 * Other keys are kept as 64-bit hashes (src/engine/hash-set.ts) in tables
 * between half and 75% (or 85%) full, so a large file takes about 9 to 16
 * bytes a row, and a small one more. Two distinct hashed keys may collide,
 * and a row then counts as a duplicate by mistake: hash-set.ts estimates the
 * chance at about 10^-5 for 20 million rows of one kind.
 */
export class SeenKeys {
  private readonly sets = new Map<SourceKind, HashSet64>();
  private readonly partitioned = new Map<SourceKind, PartitionedHashSet64>();
  /** The kind partitionedSet() was last asked for, and its set. */
  private lastKind: SourceKind | null = null;
  private lastSet: PartitionedHashSet64 | null = null;
  private readonly statusKeys = new SpanKeys();
  private readonly scheduleKeys = new SpanKeys();
  private readonly hasher = new KeyHasher();
  /** Hashes of the ids that key bookings, leads, tickets, surveys and complaints, apart from callIdHashes, which the call join's lookups use. */
  private readonly recordIds = new CallIdHash();
  private readonly agentNumbers = new Map<string, number>();
  /** The agent text agentNumber() saw last, and its number: status rows often repeat the previous row's agent. */
  private lastAgent: string | null = null;
  private lastAgentNumber = 0;

  /** Records a key and returns true when it was already seen for that kind. */
  isDuplicate(kind: SourceKind, key: string): boolean {
    const hasher = this.hasher.reset().text(key);
    hasher.digest();
    return !this.setFor(kind).add(hasher.high, hasher.low);
  }

  /**
   * Records the duplicate key of a record (see duplicateKey) and returns true
   * when it was already seen, without building the key text. Status and
   * schedule rows go to SpanKeys, which compares their fields exactly. A
   * call's key is the 64-bit hash of its id with a number for its agent
   * mixed in, so two different ids meet only when their hashes collide.
   * The other kinds hash their id into a set split by id prefix, as calls
   * are. Unlike the key texts, call ids containing NUL stay apart:
   * ("a\0b", "c") and ("a", "b\0c") share a key text but not a key here.
   */
  isDuplicateRecord(item: KindRecord): boolean {
    switch (item.kind) {
      case 'calls': {
        // The id's hash, which the call join then reuses, with a number
        // standing for the agent's text mixed into its high word. Multiplying
        // by an odd constant is one-to-one, so two legs of a call never meet.
        const id = callIdHashes.of(item.record.callId);
        const agent = this.agentNumber(item.record.agent ?? '');
        const high = (id.high ^ Math.imul(agent + 1, 0x9e3779b1)) >>> 0;
        return !this.partitionedSet('calls').add(id.part, high, id.low);
      }
      case 'agent_status': {
        const r = item.record;
        return this.statusKeys.isDuplicate(this.agentNumber(r.agent), AGENT_STATUSES.indexOf(r.status), r.startedAt, r.endedAt);
      }
      case 'schedule': {
        const r = item.record;
        return this.scheduleKeys.isDuplicate(this.agentNumber(r.agent), r.activity === 'shift' ? 0 : 1, r.startsAt, r.endsAt);
      }
      default: {
        // The other kinds' keys are record ids, which exports number in
        // sequence like call ids, so they are split by id prefix too.
        const id = this.recordIds.of(duplicateKey(item));
        return !this.partitionedSet(item.kind).add(id.part, id.high, id.low);
      }
    }
  }

  /**
   * Returns a number for each distinct agent text. Agent keys come from the
   * agent directory as the same few strings, so the map lookup is cheaper
   * than hashing the text again.
   */
  private agentNumber(agent: string): number {
    if (agent === this.lastAgent) return this.lastAgentNumber;
    let number = this.agentNumbers.get(agent);
    if (number === undefined) {
      number = this.agentNumbers.size;
      this.agentNumbers.set(agent, number);
    }
    this.lastAgent = agent;
    this.lastAgentNumber = number;
    return number;
  }

  /**
   * Sizes the set of a kind for about `rows` keys before its first key, so a
   * large file does not hold the old and the new table at once while the
   * set grows. Does nothing once the kind has a set. The partitions of a
   * kind keyed by ids share its rows evenly, and status and schedule days
   * size themselves as they come, because the number of days is not known
   * yet.
   */
  reserve(kind: SourceKind, rows: number): void {
    if (kind === 'agent_status' || kind === 'schedule' || rows <= 0) return;
    if (kind === 'agents') {
      if (!this.sets.has(kind)) this.sets.set(kind, HashSet64.withRoom(rows));
      return;
    }
    if (!this.partitioned.has(kind)) this.partitioned.set(kind, PartitionedHashSet64.forIds(rows));
  }

  /**
   * Returns the set of a kind keyed by ids (every kind but status, schedule
   * and the roster), split by the id's prefix (idPrefixPartition).
   */
  private partitionedSet(kind: SourceKind): PartitionedHashSet64 {
    // A file's rows are all of one kind, so the last set found is usually the one asked for.
    if (kind === this.lastKind && this.lastSet !== null) return this.lastSet;
    let set = this.partitioned.get(kind);
    if (set === undefined) {
      set = PartitionedHashSet64.forIds(0);
      this.partitioned.set(kind, set);
    }
    this.lastKind = kind;
    this.lastSet = set;
    return set;
  }

  private setFor(kind: SourceKind): HashSet64 {
    let set = this.sets.get(kind);
    if (set === undefined) {
      set = new HashSet64();
      this.sets.set(kind, set);
    }
    return set;
  }
}

/**
 * Returns the record sink of a report. It rejects roster rows, reports
 * duplicates, and hands every other record to the engine. `onLeadWon` is
 * called for each won lead that is not a duplicate, for the warning about
 * stage names.
 */
export function createSink(seen: SeenKeys, engine: KpiEngine, onLeadWon: () => void): RecordSink {
  return (item) => {
    if (item.kind === 'agents') return { rejected: 'a roster row outside the roster file' };
    if (seen.isDuplicateRecord(item)) return 'duplicate';
    switch (item.kind) {
      case 'calls':
        return engine.addCall(item.record);
      case 'agent_status':
        return engine.addStatus(item.record);
      case 'schedule':
        return engine.addSchedule(item.record);
      case 'bookings':
        return engine.addBooking(item.record);
      case 'leads':
        if (item.record.won) onLeadWon();
        return engine.addLead(item.record);
      case 'tickets':
        return engine.addTicket(item.record);
      case 'surveys': {
        const placed = engine.addSurvey(item.record);
        if (typeof placed === 'string') return placed;
        const callId = item.record.callId;
        return { rejected: placed.rejected, column: callId === null ? 'agent' : 'call_id', value: callId ?? '' };
      }
      case 'complaints':
        return engine.addComplaint(item.record);
    }
  };
}
