/**
 * Agent keys: every id an export uses for an agent resolves to one key, the
 * roster's `agent` value, compared case-insensitively after trimming.
 */
import type { RosterEntry } from '../records.js';

/** An AgentDirectory's maps as entry lists, which can cross to a worker thread. */
export interface DirectorySnapshot {
  aliases: [alias: string, key: string][];
  names: [key: string, name: string][];
}

export class AgentDirectory {
  private readonly aliases = new Map<string, string>();
  private readonly names = new Map<string, string>();

  /**
   * Adds a roster entry. Returns the alias that already pointed at another
   * agent, if any, so the caller can reject the row rather than guess.
   */
  addRosterEntry(entry: RosterEntry): string | null {
    const key = entry.agent.trim().toLowerCase();
    for (const id of [entry.agent, ...entry.aliases]) {
      const alias = id.trim().toLowerCase();
      const existing = this.aliases.get(alias);
      if (existing !== undefined && existing !== key) return id;
    }
    for (const id of [entry.agent, ...entry.aliases]) this.aliases.set(id.trim().toLowerCase(), key);
    this.names.set(key, entry.name.trim());
    return null;
  }

  /** The directory as plain data, for a worker thread to resolve ids as this one does. */
  snapshot(): DirectorySnapshot {
    return { aliases: [...this.aliases], names: [...this.names] };
  }

  static fromSnapshot(snapshot: DirectorySnapshot): AgentDirectory {
    const directory = new AgentDirectory();
    for (const [alias, key] of snapshot.aliases) directory.aliases.set(alias, key);
    for (const [key, name] of snapshot.names) directory.names.set(key, name);
    return directory;
  }

  /** Returns the names learned since a snapshot: the first spelling of each agent the roster does not name. */
  namesSince(snapshot: DirectorySnapshot): [key: string, name: string][] {
    const known = new Set(snapshot.names.map(([key]) => key));
    return [...this.names].filter(([key]) => !known.has(key));
  }

  /**
   * Takes the spellings another directory learned from files that come
   * earlier in the read order, so they win over spellings seen here since
   * `snapshot`, as they would have had this directory read those files.
   */
  adoptEarlierNames(names: readonly [key: string, name: string][], snapshot: DirectorySnapshot): void {
    const known = new Set(snapshot.names.map(([key]) => key));
    for (const [key, name] of names) {
      if (!known.has(key)) this.names.set(key, name);
    }
  }

  /** Returns the key resolve() gives an id, without remembering its spelling. */
  keyOf(id: string): string {
    const lowered = id.trim().toLowerCase();
    return this.aliases.get(lowered) ?? lowered;
  }

  /** Returns the agent key for an id from any export, remembering its first spelling as a fallback name. */
  resolve(id: string): string {
    const key = this.keyOf(id);
    if (!this.names.has(key)) this.names.set(key, id.trim());
    return key;
  }

  /** Display names by agent key: the roster's name, else the first spelling seen. */
  displayNames(): ReadonlyMap<string, string> {
    return this.names;
  }
}
