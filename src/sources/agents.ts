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

  /** Returns the names added since `snapshot`: the first spelling of each agent that the snapshot does not name. */
  namesSince(snapshot: DirectorySnapshot): [key: string, name: string][] {
    const known = new Set(snapshot.names.map(([key]) => key));
    return [...this.names].filter(([key]) => !known.has(key));
  }

  /**
   * Sets the spellings that another directory learned from files earlier in
   * the read order. They take precedence over any spelling recorded here since
   * `snapshot`, as if this directory had read those files first.
   */
  adoptEarlierNames(names: readonly [key: string, name: string][], snapshot: DirectorySnapshot): void {
    const known = new Set(snapshot.names.map(([key]) => key));
    for (const [key, name] of names) {
      if (!known.has(key)) this.names.set(key, name);
    }
  }

  /** Returns the key that resolve() returns for an id, without recording its spelling. */
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
