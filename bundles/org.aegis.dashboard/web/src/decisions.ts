/** A committed decision, from GET /api/v1/decisions or from an aegis/consensus/decided event (or both). */
export interface DecisionEntry {
  readonly sequence: number;
  readonly view?: number;
  readonly proposal_id?: string;
  readonly kind?: string;
  readonly proposer?: string;
  readonly decided_at?: string;
  /** How the node applied it (events only). */
  readonly status?: string;
  readonly detail?: string;
}

/**
 * The most recent decisions by sequence number. The REST log and the live events describe the same decision with
 * different fields: both are kept. {@link next} is where a catch-up fetch starts so that nothing is missed.
 */
export class DecisionLog {
  private readonly bySequence = new Map<number, DecisionEntry>();
  private highest = 0;

  constructor(private readonly keep = 50) {}

  add(entries: readonly DecisionEntry[]): void {
    for (const entry of entries) {
      if (!Number.isInteger(entry.sequence) || entry.sequence < 1) continue;
      this.bySequence.set(entry.sequence,
        { ...this.bySequence.get(entry.sequence), ...withoutUndefined(entry), sequence: entry.sequence });
      this.highest = Math.max(this.highest, entry.sequence);
    }
    const sequences = [...this.bySequence.keys()].sort((a, b) => a - b);
    for (const sequence of sequences.slice(0, Math.max(0, sequences.length - this.keep))) {
      this.bySequence.delete(sequence);
    }
  }

  /** The highest sequence seen, 0 before any. */
  get lastSeen(): number {
    return this.highest;
  }

  /** The first sequence not yet seen after the highest: a catch-up fetch asks for it and what follows. */
  get next(): number {
    return this.highest + 1;
  }

  /** Whether {@code sequence} leaves a hole after what was seen (events were missed in between). */
  skipsAhead(sequence: number): boolean {
    return this.highest > 0 && sequence > this.highest + 1;
  }

  /** Newest first. */
  recent(): DecisionEntry[] {
    return [...this.bySequence.values()].sort((a, b) => b.sequence - a.sequence);
  }
}

function withoutUndefined(entry: DecisionEntry): Partial<DecisionEntry> {
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined && value !== null));
}
