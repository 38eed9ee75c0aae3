/**
 * 64-bit key hashes and an open-addressing set of them in a typed array, for
 * remembering millions of keys in 8 bytes each (at most 16 bytes with the
 * spare capacity) instead of one string apiece.
 *
 * A set of hashes can report a key it never saw when two keys hash alike.
 * Assuming the hash spreads keys uniformly, the chance that any two of n
 * distinct keys collide is at most n² / 2^65. That is an estimate, not a
 * measured rate: about 3 × 10^-8 for a million keys, 1.2 × 10^-5 for 20 million.
 */
import { isAsciiDigit } from '../ascii.js';

/** Feeds a key's parts into two independent 32-bit hash lanes; read the result with `digest`. */
export class KeyHasher {
  private lane1 = 0;
  private lane2 = 0;
  private length = 0;

  /** The high 32 bits of the hash after `digest`. */
  high = 0;
  /** The low 32 bits of the hash after `digest`. */
  low = 0;

  /** Starts a new key. */
  reset(): this {
    this.lane1 = 0x811c9dc5;
    this.lane2 = 0x6a09e667;
    this.length = 0;
    return this;
  }

  /** Adds one 32-bit value (a character code or a number's word). */
  code(value: number): this {
    // Lane 1 is FNV-1a; lane 2 multiplies and rotates with other constants, so the lanes do not collide together.
    this.lane1 = Math.imul(this.lane1 ^ value, 0x01000193);
    const mixed = Math.imul(this.lane2 + value, 0x9e3779b1);
    this.lane2 = (mixed << 13) | (mixed >>> 19);
    this.length++;
    return this;
  }

  /** Adds the UTF-16 code units of a string, the same as adding each with `code`. */
  text(value: string): this {
    let lane1 = this.lane1;
    let lane2 = this.lane2;
    for (let i = 0; i < value.length; i++) {
      const unit = value.charCodeAt(i);
      lane1 = Math.imul(lane1 ^ unit, 0x01000193);
      const mixed = Math.imul(lane2 + unit, 0x9e3779b1);
      lane2 = (mixed << 13) | (mixed >>> 19);
    }
    this.lane1 = lane1;
    this.lane2 = lane2;
    this.length += value.length;
    return this;
  }

  /** Adds the bytes[start, end) of ASCII text, the same as `text` of that text. */
  ascii(bytes: Uint8Array, start: number, end: number): this {
    let lane1 = this.lane1;
    let lane2 = this.lane2;
    for (let i = start; i < end; i++) {
      const unit = bytes[i]!;
      lane1 = Math.imul(lane1 ^ unit, 0x01000193);
      const mixed = Math.imul(lane2 + unit, 0x9e3779b1);
      lane2 = (mixed << 13) | (mixed >>> 19);
    }
    this.lane1 = lane1;
    this.lane2 = lane2;
    this.length += end - start;
    return this;
  }

  /**
   * Adds a number so that two numbers add the same values exactly when
   * String() gives them the same text: integers as a tag and two 32-bit
   * words, anything else as a tag, its length and the characters of its text.
   */
  number(value: number): this {
    if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
      // -0 gives the words of 0, as String(-0) gives "0".
      return this.code(1).code(value >>> 0).code(Math.floor(value / 4294967296) | 0);
    }
    const text = String(value);
    return this.code(2).code(text.length).text(text);
  }

  /** Computes the key's 64-bit hash into `high` and `low`. */
  digest(): void {
    // murmur3's finalizer on each lane, then each lane mixed into the other.
    const a = finalize(this.lane1 ^ this.length);
    const b = finalize(this.lane2 ^ Math.imul(this.length, 0x85ebca6b));
    this.high = finalize(a + b) >>> 0;
    this.low = finalize(b ^ this.high) >>> 0;
  }
}

function finalize(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** The load factor at which a table grows; linear probing stays short below it. */
const MAX_LOAD = 0.75;

/**
 * A set of 64-bit hashes with linear probing. The all-zero hash marks an
 * empty slot, so a key hashing to zero is stored as 1 (one more way for two
 * keys to meet, which the collision estimate above ignores).
 *
 * The capacity need not be a power of two, because a slot is picked by
 * scaling a 32-bit mix of the hash to the capacity. A set sized for n keys
 * thus takes n / MAX_LOAD slots rather than the next power of two above that.
 * This saves up to half the memory of the largest sets.
 */
export class HashSet64 {
  private slots: Uint32Array;
  private capacity: number;
  private count = 0;
  private readonly maxLoad: number;

  constructor(initialCapacity = 1024, maxLoad = MAX_LOAD) {
    this.capacity = Math.max(16, Math.ceil(initialCapacity));
    this.slots = new Uint32Array(this.capacity * 2);
    this.maxLoad = maxLoad;
  }

  /** Creates a set with room for `keys` hashes before it grows, when it may be at most `maxLoad` full. */
  static withRoom(keys: number, maxLoad = MAX_LOAD): HashSet64 {
    return new HashSet64(Math.ceil(keys / maxLoad) + 1, maxLoad);
  }

  /** The number of hashes stored. */
  get size(): number {
    return this.count;
  }

  /** Adds the hash and returns true, or returns false when it was already there. */
  add(high: number, low: number): boolean {
    const lowWord = high === 0 && low === 0 ? 1 : low;
    const slots = this.slots;
    let at = this.home(high, lowWord);
    for (;;) {
      const h = slots[2 * at] as number;
      const l = slots[2 * at + 1] as number;
      if (h === 0 && l === 0) break;
      if (h === high && l === lowWord) return false;
      at = at + 1 === this.capacity ? 0 : at + 1;
    }
    slots[2 * at] = high;
    slots[2 * at + 1] = lowWord;
    this.count++;
    if (this.count > this.capacity * this.maxLoad) this.grow();
    return true;
  }

  /** Returns true when the hash is in the set. */
  has(high: number, low: number): boolean {
    const lowWord = high === 0 && low === 0 ? 1 : low;
    const slots = this.slots;
    let at = this.home(high, lowWord);
    for (;;) {
      const h = slots[2 * at] as number;
      const l = slots[2 * at + 1] as number;
      if (h === 0 && l === 0) return false;
      if (h === high && l === lowWord) return true;
      at = at + 1 === this.capacity ? 0 : at + 1;
    }
  }

  /** Returns the first slot to probe for a hash: a 32-bit mix of the hash, scaled to the capacity. */
  private home(high: number, lowWord: number): number {
    const mixed = (lowWord ^ Math.imul(high, 0x9e3779b1)) >>> 0;
    return Math.floor((mixed / 4294967296) * this.capacity);
  }

  private grow(): void {
    const old = this.slots;
    // Half as much again, not double: a grown table starts half full, not three-eighths.
    this.capacity = Math.ceil(this.capacity * 1.5);
    this.slots = new Uint32Array(this.capacity * 2);
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      const l = old[i + 1] as number;
      if (h !== 0 || l !== 0) this.add(h, l);
    }
  }
}

/**
 * A set of 64-bit hashes split into one HashSet64 per partition. The caller
 * derives the partition from a field of the key, such as a status row's day,
 * so two equal keys always land in the same partition.
 *
 * One table for millions of keys is probed at random, and most probes miss
 * the CPU cache. Exports list rows roughly in time order, so one day's
 * partition stays in cache while its rows arrive. In any other order the
 * probes cost about what they cost in one large table.
 */
/**
 * The load factor at which a partition grows. Partitions are small enough
 * to stay in cache, where the longer probes of a fuller table cost little,
 * and the largest sets are partitioned, so they fill further.
 */
const PARTITION_MAX_LOAD = 0.85;

export class PartitionedHashSet64 {
  private readonly parts = new Map<number, HashSet64>();
  private readonly expectedPerPart: number;
  /** The mask ANDed with a partition given to add(), has() and sizeOf(). With -1 every partition stays apart. */
  private readonly mask: number;
  private lastPart = Number.NaN;
  private lastSet: HashSet64 | undefined;
  private count = 0;

  /**
   * Creates a set whose new partitions have room for `expectedPerPart`
   * hashes, or for a tenth more than the average partition so far when that
   * is larger. A partition that outgrows its room grows by half. With
   * `partitions` (a power of two), partition numbers are taken modulo it.
   * Without it, each number is a partition of its own.
   */
  constructor(expectedPerPart = 0, partitions = 0) {
    this.expectedPerPart = expectedPerPart;
    this.mask = partitions > 0 ? partitions - 1 : -1;
  }

  /** Creates a set for about `ids` ids split by idPrefixPartition, in idPartitionsFor(ids) partitions each sized for its share. */
  static forIds(ids: number): PartitionedHashSet64 {
    const partitions = idPartitionsFor(ids);
    return new PartitionedHashSet64(Math.ceil((ids / partitions) * 1.1), partitions);
  }

  /** The number of partitions that partition numbers are folded into, or 0 when they are not folded. */
  get partitions(): number {
    return this.mask + 1;
  }

  /** The number of hashes stored. */
  get size(): number {
    return this.count;
  }

  /** Adds the hash to a partition and returns true, or returns false when it was already there. */
  add(partition: number, high: number, low: number): boolean {
    const part = partition & this.mask;
    let set = this.lastSet;
    if (part !== this.lastPart || set === undefined) {
      set = this.parts.get(part);
      if (set === undefined) {
        const average = this.parts.size === 0 ? 0 : this.count / this.parts.size;
        set = HashSet64.withRoom(Math.max(64, this.expectedPerPart, Math.ceil(average * 1.1)), PARTITION_MAX_LOAD);
        this.parts.set(part, set);
      }
      this.lastPart = part;
      this.lastSet = set;
    }

    if (!set.add(high, low)) return false;
    this.count++;
    return true;
  }

  /** Returns the number of hashes in a partition. */
  sizeOf(partition: number): number {
    return this.parts.get(partition & this.mask)?.size ?? 0;
  }

  /** Returns true when the hash is in the partition. */
  has(partition: number, high: number, low: number): boolean {
    const part = partition & this.mask;
    let set = this.lastSet;
    if (part !== this.lastPart || set === undefined) {
      // Lookups in id order mostly stay in one partition, as adds do.
      set = this.parts.get(part);
      if (set === undefined) return false;
      this.lastPart = part;
      this.lastSet = set;
    }
    return set.has(high, low);
  }
}

/** The number of partitions that idPrefixPartition spreads ids over. */
export const ID_PARTITIONS = 16384;

/** The minimum number of partitions a set of ids is folded into (see idPartitionsFor). */
export const MIN_ID_PARTITIONS = 1024;

/**
 * Returns the number of partitions for a set of about `ids` ids: the
 * smallest power of two from MIN_ID_PARTITIONS up to ID_PARTITIONS with
 * room for 1,000 ids each. Sequential ids then give each prefix (1,000
 * ids) about a partition of its own, whose table is small while its ids
 * arrive. With 1,024 partitions for all sizes, the 4,000 prefixes of the
 * 4M benchmark's calls shared partitions four at a time, each table was
 * four times as large, and most adds to the call dedupe missed the CPU
 * cache: the report took about 5% longer. Sets of fewer ids keep 1,024
 * partitions, because random ids fill every partition, and each partition
 * has room for at least 64 hashes.
 */
export function idPartitionsFor(ids: number): number {
  let partitions = MIN_ID_PARTITIONS;
  while (partitions < ID_PARTITIONS && partitions * 1000 < ids) partitions *= 2;
  return partitions;
}

/**
 * Returns the partition of an id for a PartitionedHashSet64, from the id
 * without its last three characters. Phone systems number calls in
 * sequence, so calls read one after another share a partition, whose table
 * stays in cache.
 *
 * The digits that end the prefix count as a decimal number, added to a hash
 * of the characters before them. Consecutive prefixes such as C1000 and
 * C1001 then land in consecutive partitions, which fill evenly, where a hash
 * of the whole prefix would put two or three prefixes into some partitions
 * and none into others. Random ids spread evenly either way.
 */
export function idPrefixPartition(id: string): number {
  const end = id.length - 3;
  let digitsFrom = end;
  while (digitsFrom > 0 && isAsciiDigit(id.charCodeAt(digitsFrom - 1))) digitsFrom--;

  let hash = 0x811c9dc5;
  for (let i = 0; i < digitsFrom; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  // The number modulo 2^32, whose remainder by ID_PARTITIONS (a power of two) is the number's.
  let number = 0;
  for (let i = digitsFrom; i < end; i++) number = (Math.imul(number, 10) + id.charCodeAt(i) - 48) | 0;
  return (finalize(hash) + number) & (ID_PARTITIONS - 1);
}

/** Returns idPrefixPartition of the ASCII id in bytes[start, end), without decoding it. */
export function asciiIdPrefixPartition(bytes: Uint8Array, start: number, end: number): number {
  const prefixEnd = end - 3;
  let digitsFrom = prefixEnd;
  while (digitsFrom > start && isAsciiDigit(bytes[digitsFrom - 1]!)) digitsFrom--;

  let hash = 0x811c9dc5;
  for (let i = start; i < digitsFrom; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  let number = 0;
  for (let i = digitsFrom; i < prefixEnd; i++) number = (Math.imul(number, 10) + bytes[i]! - 48) | 0;
  return (finalize(hash) + number) & (ID_PARTITIONS - 1);
}

/**
 * The 64-bit hash (KeyHasher over the id's UTF-16 units) and idPrefixPartition
 * of a call id. The result for the last id is kept, because the call dedupe
 * and the call join ask for the same id one after the other.
 */
export class CallIdHash {
  high = 0;
  low = 0;
  part = 0;
  private id: string | null = null;
  private readonly hasher = new KeyHasher();

  /** Hashes `id` (unless it was the last id) and returns this, whose fields hold the result until the next call. */
  of(id: string): this {
    if (id === this.id) return this;
    this.hasher.reset().text(id).digest();
    this.high = this.hasher.high;
    this.low = this.hasher.low;
    this.part = idPrefixPartition(id);
    this.id = id;
    return this;
  }
}

/** The CallIdHash that the dedupe sets and the call join of one thread share. */
export const callIdHashes = new CallIdHash();

