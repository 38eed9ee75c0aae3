/**
 * The join from call ids to call legs that surveys and complaints need. Each
 * leg keeps only its agent and started_at, in typed arrays, so a call costs a
 * Map entry and 16 bytes rather than an object apiece.
 */

/** One leg of a call, as a join returns it. */
export interface CallLeg {
  agent: string;
  startedAt: number;
}

export class CallJoin {
  /** Slot of each call's first leg. Later legs chain through `nextLeg`. */
  private readonly firstLeg = new Map<string, number>();
  private agentOf = new Int32Array(1024);
  private startedAtOf = new Float64Array(1024);
  /** Slot of the next leg of the same call, or -1. */
  private nextLeg = new Int32Array(1024);
  private size = 0;

  /** Agent keys are interned so a leg stores a small integer whatever the key's length. */
  private readonly agentIndex = new Map<string, number>();
  private readonly agentKeys: string[] = [];

  /** Records one agent's leg of a call. */
  add(callId: string, agent: string, startedAt: number): void {
    if (this.size === this.agentOf.length) this.grow();
    const slot = this.size++;
    this.agentOf[slot] = this.intern(agent);
    this.startedAtOf[slot] = startedAt;
    this.nextLeg[slot] = -1;

    const first = this.firstLeg.get(callId);
    if (first === undefined) {
      this.firstLeg.set(callId, slot);
      return;
    }
    // Legs stay in the order they were added, which breaks started_at ties.
    let last = first;
    while ((this.nextLeg[last] as number) >= 0) last = this.nextLeg[last] as number;
    this.nextLeg[last] = slot;
  }

  /**
   * Returns the leg of `callId` taken by `agent` when there is one, else the
   * leg with the latest or earliest started_at (on a tie, the one added last
   * or first). Returns undefined for a call id never added.
   */
  find(callId: string, agent: string | null, otherwise: 'latest' | 'earliest'): CallLeg | undefined {
    const first = this.firstLeg.get(callId);
    if (first === undefined) return undefined;

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

  private intern(agent: string): number {
    let index = this.agentIndex.get(agent);
    if (index === undefined) {
      index = this.agentKeys.length;
      this.agentKeys.push(agent);
      this.agentIndex.set(agent, index);
    }
    return index;
  }

  private grow(): void {
    const capacity = this.agentOf.length * 2;
    const agentOf = new Int32Array(capacity);
    const startedAtOf = new Float64Array(capacity);
    const nextLeg = new Int32Array(capacity);
    agentOf.set(this.agentOf);
    startedAtOf.set(this.startedAtOf);
    nextLeg.set(this.nextLeg);
    this.agentOf = agentOf;
    this.startedAtOf = startedAtOf;
    this.nextLeg = nextLeg;
  }
}
