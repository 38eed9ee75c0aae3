/**
 * The join from call ids to call legs that surveys and complaints need. It
 * keeps no string per call: each call id is copied into one pool of UTF-16
 * code units and found by its 64-bit hash in the table of its id prefix, then compared
 * unit by unit, so lookups are exact whatever the hash does. Each leg keeps
 * only its agent (an interned index) and started_at, in typed arrays.
 *
 * With `restrictTo`, only the call ids a survey or complaint references are
 * stored, so memory grows with those references rather than with calls.
 */
import { asciiIdPrefixPartition, callIdHashes, ID_PARTITIONS, KeyHasher, MIN_ID_PARTITIONS, PartitionedHashSet64 } from './hash-set.js';

/** One leg of a call, as a join returns it. */
export interface CallLeg {
  agent: string;
  startedAt: number;
}

/** The load factor at which a table doubles. */
const TABLE_LOAD = 0.75;

export class CallJoin {
  private readonly hasher = new KeyHasher();
  private filter: PartitionedHashSet64 | null = null;

  /**
   * Open-addressing tables of call numbers + 1 (0 = empty), one per id prefix
   * (idPrefixPartition), each indexed by hash. Phone systems number calls in
   * sequence, so calls added or looked up one after another probe the same
   * small table, which stays in cache, where one large table missed the cache
   * on most probes. The array is filled up front: V8 stores an array that
   * is first written far past its end as a dictionary, which is slower to read.
   */
  private readonly tables: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(ID_PARTITIONS).fill(undefined);
  /** Calls per table. */
  private readonly tableCalls = new Int32Array(ID_PARTITIONS);
  /** ANDed with idPrefixPartition to give a call's table: restrictTo() takes the filter's number of partitions. */
  private partitionMask = MIN_ID_PARTITIONS - 1;

  // Per call, indexed by call number. The id's hash is not kept: the table
  // compares ids unit by unit, and growTable() hashes them again from the pool.
  private idStart = new Int32Array(256);
  private idLength = new Int32Array(256);
  private firstLegOf = new Int32Array(256);
  private calls = 0;

  /** Code units of every stored call id, back to back. */
  private pool = new Uint16Array(4096);
  private poolSize = 0;

  // Per leg, indexed by slot.
  private agentOf = new Int32Array(1024);
  private startedAtOf = new Float64Array(1024);
  /** Slot of the next leg of the same call, or -1. */
  private nextLeg = new Int32Array(1024);
  private legs = 0;

  /** Agent keys are interned so a leg stores a small integer whatever the key's length. */
  private readonly agentIndex = new Map<string, number>();
  private readonly agentKeys: string[] = [];
  /** The agent intern() saw last, and its index. */
  private lastAgent: string | null = null;
  private lastAgentIndex = 0;

  /**
   * Keeps only calls whose id hash is in `callIds` (see addCallIdHash). A call
   * whose id merely shares a hash with a referenced one is stored too, which
   * costs memory but never changes a result. Call before the first add().
   */
  restrictTo(callIds: PartitionedHashSet64): void {
    this.filter = callIds;
    // A table contains the ids of one of the filter's partitions, whose size newTable() reads.
    this.partitionMask = (callIds.partitions > 0 ? callIds.partitions : ID_PARTITIONS) - 1;
    // Every stored call is one of these ids (or shares a hash with one), so
    // sizing for them up front spares the copies of repeated growth. Each
    // table is sized when its first call arrives, for the ids of its prefix.
    this.reserve(callIds.size);
  }

  /** Makes room for `calls` distinct call ids of one leg each without growing the per-call arrays. */
  reserve(calls: number): void {
    if (this.idStart.length < calls) this.growCalls(calls);
    if (this.agentOf.length < calls) this.growLegs(calls);
  }

  /** Records one agent's leg of a call. */
  add(callId: string, agent: string, startedAt: number): void {
    const { high, low, part: partition } = callIdHashes.of(callId);
    if (this.filter !== null && !this.filter.has(partition, high, low)) return;
    const part = partition & this.partitionMask;

    if (this.legs === this.agentOf.length) this.growLegs();
    const slot = this.legs++;
    this.agentOf[slot] = this.intern(agent);
    this.startedAtOf[slot] = startedAt;
    this.nextLeg[slot] = -1;

    const call = this.lookup(part, callId, high, low);
    if (call >= 0) {
      // Legs stay in the order they were added, which breaks started_at ties.
      let last = this.firstLegOf[call] as number;
      while ((this.nextLeg[last] as number) >= 0) last = this.nextLeg[last] as number;
      this.nextLeg[last] = slot;
      return;
    }
    this.insert(part, callId, high, low, slot);
  }

  /**
   * Returns the leg of `callId` taken by `agent` when there is one, else the
   * leg with the latest or earliest started_at (on a tie, the one added last
   * or first). Returns undefined for a call id never added (or left out by
   * `restrictTo`).
   */
  find(callId: string, agent: string | null, otherwise: 'latest' | 'earliest'): CallLeg | undefined {
    const { high, low, part: partition } = callIdHashes.of(callId);
    const call = this.lookup(partition & this.partitionMask, callId, high, low);
    if (call < 0) return undefined;
    const first = this.firstLegOf[call] as number;

    const matchIndex = agent === null ? undefined : this.agentIndex.get(agent);
    let chosen = first;
    for (let slot = first; slot >= 0; slot = this.nextLeg[slot] as number) {
      if (matchIndex !== undefined && this.agentOf[slot] === matchIndex) {
        chosen = slot;
        break;
      }
      const startedAt = this.startedAtOf[slot] as number;
      const best = this.startedAtOf[chosen] as number;
      if (otherwise === 'latest' ? startedAt >= best : startedAt < best) chosen = slot;
    }
    return { agent: this.agentKeys[this.agentOf[chosen] as number] as string, startedAt: this.startedAtOf[chosen] as number };
  }

  /** Returns the call number of `callId` in the table of its prefix `part`, or -1. */
  private lookup(part: number, callId: string, high: number, low: number): number {
    const table = this.tables[part];
    if (table === undefined) return -1;
    const mask = table.length - 1;
    let at = homeSlot(table, high, low);
    for (;;) {
      const entry = table[at] as number;
      if (entry === 0) return -1;
      const call = entry - 1;
      if (this.idEquals(call, callId)) return call;
      at = (at + 1) & mask;
    }
  }

  private idEquals(call: number, callId: string): boolean {
    const length = this.idLength[call] as number;
    if (length !== callId.length) return false;
    const start = this.idStart[call] as number;
    for (let i = 0; i < length; i++) {
      if (this.pool[start + i] !== callId.charCodeAt(i)) return false;
    }
    return true;
  }

  private insert(part: number, callId: string, high: number, low: number, slot: number): void {
    if (this.calls === this.idStart.length) this.growCalls();
    const call = this.calls++;
    this.firstLegOf[call] = slot;

    while (this.poolSize + callId.length > this.pool.length) {
      const pool = new Uint16Array(this.pool.length * 2);
      pool.set(this.pool);
      this.pool = pool;
    }
    this.idStart[call] = this.poolSize;
    this.idLength[call] = callId.length;
    for (let i = 0; i < callId.length; i++) this.pool[this.poolSize + i] = callId.charCodeAt(i);
    this.poolSize += callId.length;

    let table = this.tables[part] ?? this.newTable(part);
    const tableCalls = this.tableCalls[part]! + 1;
    this.tableCalls[part] = tableCalls;
    if (tableCalls > table.length * TABLE_LOAD) table = this.growTable(part, table);
    place(table, call, high, low);
  }

  /** Creates the table of prefix `part`, with room for the referenced ids of that prefix when restricted. */
  private newTable(part: number): Int32Array {
    const expected = this.filter === null ? 0 : this.filter.sizeOf(part);
    let size = 16;
    while (expected > size * TABLE_LOAD) size *= 2;
    const table = new Int32Array(size);
    this.tables[part] = table;
    return table;
  }

  private intern(agent: string): number {
    // Consecutive calls often share an agent, whose key is then the same string.
    if (agent === this.lastAgent) return this.lastAgentIndex;
    let index = this.agentIndex.get(agent);
    if (index === undefined) {
      index = this.agentKeys.length;
      this.agentKeys.push(agent);
      this.agentIndex.set(agent, index);
    }
    this.lastAgent = agent;
    this.lastAgentIndex = index;
    return index;
  }

  /** Doubles the table of prefix `part`, hashing its ids again from the pool. */
  private growTable(part: number, old: Int32Array): Int32Array {
    const table = new Int32Array(old.length * 2);
    this.tables[part] = table;
    const hasher = this.hasher;
    for (const entry of old) {
      if (entry === 0) continue;
      const call = entry - 1;
      hasher.reset();
      const start = this.idStart[call] as number;
      const end = start + (this.idLength[call] as number);
      for (let i = start; i < end; i++) hasher.code(this.pool[i] as number);
      hasher.digest();
      place(table, call, hasher.high, hasher.low);
    }
    return table;
  }

  private growCalls(capacity = this.idStart.length * 2): void {
    this.idStart = grown(this.idStart, new Int32Array(capacity));
    this.idLength = grown(this.idLength, new Int32Array(capacity));
    this.firstLegOf = grown(this.firstLegOf, new Int32Array(capacity));
  }

  private growLegs(capacity = this.agentOf.length * 2): void {
    this.agentOf = grown(this.agentOf, new Int32Array(capacity));
    this.startedAtOf = grown(this.startedAtOf, new Float64Array(capacity));
    this.nextLeg = grown(this.nextLeg, new Int32Array(capacity));
  }
}

/** Returns the slot of a table (a power of two in size) where probing for a hash starts. */
function homeSlot(table: Int32Array, high: number, low: number): number {
  return (low ^ Math.imul(high, 0x9e3779b1)) & (table.length - 1);
}

/** Stores call number + 1 in the first free slot from the hash's home. */
function place(table: Int32Array, call: number, high: number, low: number): void {
  const mask = table.length - 1;
  let at = homeSlot(table, high, low);
  while (table[at] !== 0) at = (at + 1) & mask;
  table[at] = call + 1;
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Adds the hash of a call id to `set`, the form CallJoin.restrictTo takes.
 * Uses the same hash as the join, so a referenced id is never left out.
 */
export function addCallIdHash(set: PartitionedHashSet64, callId: string): void {
  const { high, low, part } = callIdHashes.of(callId);
  set.add(part, high, low);
}

const asciiHasher = new KeyHasher();

/**
 * Adds the hash of the ASCII call id in bytes[start, end) to `set`, the same
 * as addCallIdHash of its text, without making a string of it.
 */
export function addAsciiCallIdHash(set: PartitionedHashSet64, bytes: Uint8Array, start: number, end: number): void {
  asciiHasher.reset().ascii(bytes, start, end).digest();
  set.add(asciiIdPrefixPartition(bytes, start, end), asciiHasher.high, asciiHasher.low);
}
