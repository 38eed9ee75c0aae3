/**
 * Agent keys: every id an export uses for an agent resolves to one key, the
 * roster's `agent` value, compared case-insensitively after trimming.
 */
import type { RosterEntry } from '../records.js';

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

  /** Returns the agent key for an id from any export, remembering its first spelling as a fallback name. */
  resolve(id: string): string {
    const lowered = id.trim().toLowerCase();
    const key = this.aliases.get(lowered) ?? lowered;
    if (!this.names.has(key)) this.names.set(key, id.trim());
    return key;
  }

  /** Display names by agent key: the roster's name, else the first spelling seen. */
  displayNames(): ReadonlyMap<string, string> {
    return this.names;
  }
}
