/**
 * Duplicate detection for rows that give an agent, a code and a time span:
 * status rows (the status) and schedule rows (shift or break). It is exact,
 * takes about 8 bytes a row, and hashes nothing for rows that arrive in
 * time order.
 *
 * Exports list an agent's rows in the order they started. A row that starts
 * after every row kept in its agent's list cannot repeat one of them, so it
 * is appended to that list unchecked. Any other row is looked up by binary
 * search in the list and then in a hash set of such rows, and goes into that
 * set when it is new. A later repeat of a listed row starts no later than
 * the list's last start, so it is always looked up, and finds its row. The
 * lookups in the set make the rare rows out of order cost what every row
 * cost before: a hash and a probe.
 */
import { KeyHasher, PartitionedHashSet64 } from './hash-set.js';

/** Rows per chunk of an agent's list: 32 KiB, so that the chunk being filled stays in cache. */
const CHUNK_ROWS = 4096;
/** Rows in an agent's first chunk, which doubles up to CHUNK_ROWS, so that an agent with a few rows takes little. */
const FIRST_CHUNK_ROWS = 8;
/** A list entry stores codes below 16 in the low 4 bits of its second word. */
const CODE_LIMIT = 16;
/** Durations of up to 2^27 s (4.2 years) fit the 27 bits above the code. */
const MAX_DURATION_SECONDS = 2 ** 27 - 1;
const MAX_OFFSET_SECONDS = 2 ** 31 - 1;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Days are spread over this many partitions of the hash set, so rows over centuries of days cannot make a table each. */
const DAY_PARTITIONS = 4096;

/**
 * The rows of one agent that arrived in order: per row, the start in whole
 * seconds after the agent's first listed start, and the duration in seconds
 * times 16 plus the code. Starts strictly increase along the list.
 */
class AgentSpans {
  /** Two int32 words per row, in chunks. Only the last chunk has room left. */
  readonly chunks: Int32Array[] = [new Int32Array(2 * FIRST_CHUNK_ROWS)];
  /** Rows in the last chunk. */
  fill = 0;
  /** The start in ms of the last listed row. */
  lastStart = Number.NEGATIVE_INFINITY;

  constructor(readonly baseSeconds: number) {}

  append(offset: number, packed: number, start: number): void {
    let chunk = this.chunks[this.chunks.length - 1]!;
    if (2 * this.fill === chunk.length) chunk = this.growChunk(chunk);
    chunk[2 * this.fill] = offset;
    chunk[2 * this.fill + 1] = packed;
    this.fill++;
    this.lastStart = start;
  }

  /** Returns true when a listed row has this start offset and packed word. */
  has(offset: number, packed: number): boolean {
    // Only the last chunk whose first start is at most the offset can contain the row.
    const chunks = this.chunks;
    let low = 0;
    let high = chunks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (chunks[middle]![0]! <= offset) low = middle;
      else high = middle - 1;
    }

    const chunk = chunks[low]!;
    let first = 0;
    let last = (low === chunks.length - 1 ? this.fill : chunk.length / 2) - 1;
    while (first <= last) {
      const middle = (first + last) >>> 1;
      const at = chunk[2 * middle]!;
      if (at === offset) return chunk[2 * middle + 1] === packed;
      if (at < offset) first = middle + 1;
      else last = middle - 1;
    }
    return false;
  }

  /** Doubles a first chunk below CHUNK_ROWS, or starts a new full-size chunk. */
  private growChunk(full: Int32Array): Int32Array {
    const rows = full.length / 2;
    if (this.chunks.length === 1 && rows < CHUNK_ROWS) {
      const grown = new Int32Array(2 * Math.min(CHUNK_ROWS, 2 * rows));
      grown.set(full);
      this.chunks[0] = grown;
      return grown;
    }
    const next = new Int32Array(2 * CHUNK_ROWS);
    this.chunks.push(next);
    this.fill = 0;
    return next;
  }
}

/** A set of (agent, code, start, end) keys that reports repeats, as the file's header describes. */
export class SpanKeys {
  /** Each agent's list, by the agent number the caller gives. */
  private readonly agents: (AgentSpans | undefined)[] = [];
  /** The rows that could not be listed, split by the UTC day of their start. */
  private readonly others = new PartitionedHashSet64();
  private readonly hasher = new KeyHasher();

  /**
   * Records the key and returns true when it was already seen. `agent` is a
   * small whole number standing for the agent, `code` a whole number from
   * 0, and `start` and `end` are instants in ms.
   */
  isDuplicate(agent: number, code: number, start: number, end: number): boolean {
    let spans = this.agents[agent];

    // A listed row has whole seconds, a duration that fits 27 bits and a start
    // at most 68 years after the agent's first listed start. Others go to the set.
    // Below 2^43 ms (the year 2248) a start divides by 1000 exactly when its
    // quotient is whole, a test about twice as fast as `start % 1000`.
    const startSeconds = start / 1000;
    const durationSeconds = (end - start) / 1000;
    const listable =
      code < CODE_LIMIT &&
      Math.abs(start) < 2 ** 43 &&
      Number.isInteger(startSeconds) &&
      Number.isInteger(durationSeconds) &&
      durationSeconds >= 0 &&
      durationSeconds <= MAX_DURATION_SECONDS;
    if (listable) {
      if (spans === undefined) {
        spans = new AgentSpans(startSeconds);
        this.agents[agent] = spans;
      }
      const offset = startSeconds - spans.baseSeconds;
      if (offset >= 0 && offset <= MAX_OFFSET_SECONDS) {
        const packed = durationSeconds * CODE_LIMIT + code;
        if (start > spans.lastStart) {
          spans.append(offset, packed, start);
          return false;
        }
        if (spans.has(offset, packed)) return true;
      }
    }

    // Two keys feed the hasher the same values exactly when all four parts are equal.
    const hasher = this.hasher.reset().number(start).number(end).code(code).code(agent);
    hasher.digest();
    return !this.others.add(dayPartition(start), hasher.high, hasher.low);
  }
}

/** Returns the partition of an instant's UTC day. */
function dayPartition(instant: number): number {
  const day = Math.floor(instant / DAY_MS);
  return ((day % DAY_PARTITIONS) + DAY_PARTITIONS) % DAY_PARTITIONS;
}
