/**
 * Agent keys: every id an export uses for an agent resolves to one key, the
 * roster's `agent` value, compared case-insensitively after trimming.
 */
import type { RosterEntry } from '../records.js';

/** Entry lists of an AgentDirectory's maps, as plain data that can be posted to a worker thread. */
export interface DirectorySnapshot {
  aliases: [alias: string, key: string][];
  names: [key: string, name: string][];
}

export class AgentDirectory {
  private readonly aliases = new Map<string, string>();
  private readonly names = new Map<string, string>();
  /** Read-order place of the source each spelling in `names` came from. The roster's names and ids resolved before reading have none. */
  private readonly namePlaces = new Map<string, number>();

  /**
   * The read-order place of the source being read, or -1 before reading.
   * With files read on two threads, it lets adoptNames() keep the spelling
   * a single thread would have met first.
   */
  readingPlace = -1;

  /**
   * Adds a roster entry. Returns the alias that already pointed at another
   * agent, if any, so the caller can reject the row rather than guess.
   */
  addRosterEntry(entry: RosterEntry): string | null {
    const key = agentKeyText(entry.agent);
    for (const id of [entry.agent, ...entry.aliases]) {
      const alias = agentKeyText(id);
      const existing = this.aliases.get(alias);
      if (existing !== undefined && existing !== key) return id;
    }
    for (const id of [entry.agent, ...entry.aliases]) this.aliases.set(agentKeyText(id), key);
    this.names.set(key, entry.name.trim());
    return null;
  }

  /** Returns the directory as plain data, so that a worker thread can resolve ids as this one does. */
  snapshot(): DirectorySnapshot {
    return { aliases: [...this.aliases], names: [...this.names] };
  }

  static fromSnapshot(snapshot: DirectorySnapshot): AgentDirectory {
    const directory = new AgentDirectory();
    for (const [alias, key] of snapshot.aliases) directory.aliases.set(alias, key);
    for (const [key, name] of snapshot.names) directory.names.set(key, name);
    return directory;
  }

  /**
   * Returns the names added since `snapshot`: the first spelling of each
   * agent that the snapshot does not name, with the read-order place of the
   * source it was seen in.
   */
  namesSince(snapshot: DirectorySnapshot): [key: string, name: string, place: number][] {
    const known = new Set(snapshot.names.map(([key]) => key));
    return [...this.names].filter(([key]) => !known.has(key)).map(([key, name]) => [key, name, this.namePlaces.get(key) ?? -1]);
  }

  /**
   * Takes the spellings another directory learned (from namesSince). For an
   * agent both directories saw, the spelling from the source earlier in the
   * read order wins, as if one directory had read every file in that order.
   */
  adoptNames(names: readonly [key: string, name: string, place: number][]): void {
    for (const [key, name, place] of names) {
      const mine = this.namePlaces.get(key);
      if (this.names.has(key) && (mine === undefined || mine <= place)) continue;
      this.names.set(key, name);
      this.namePlaces.set(key, place);
    }
  }

  /** Returns the key that resolve() returns for an id, without recording its spelling. */
  keyOf(id: string): string {
    const text = agentKeyText(id);
    return this.aliases.get(text) ?? text;
  }

  /** Returns the agent key for an id from any export, remembering its first spelling as a fallback name. */
  resolve(id: string): string {
    const key = this.keyOf(id);
    if (!this.names.has(key)) {
      this.names.set(key, id.trim());
      if (this.readingPlace >= 0) this.namePlaces.set(key, this.readingPlace);
    }
    return key;
  }

  /** Display names by agent key: the roster's name, else the first spelling seen. */
  displayNames(): ReadonlyMap<string, string> {
    return this.names;
  }
}

/**
 * Returns an agent id as keys compare it: trimmed, without invisible
 * characters, in Unicode's composed form (NFC) and lower-cased. "José"
 * exported with é as one character and as e plus a combining accent is then
 * one agent, and so is an id with a zero-width space pasted into it.
 */
export function agentKeyText(id: string): string {
  const visible = id.replace(INVISIBLE, '');
  // An id of invisible characters only stays as it is, so that it is no empty key that would merge with others.
  return (visible.trim() === '' ? id : visible).trim().normalize('NFC').toLowerCase();
}

/**
 * The soft hyphen, zero-width space, direction marks and embeddings, word
 * joiner and byte order mark, which no key means to contain.
 */
const INVISIBLE = /[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
