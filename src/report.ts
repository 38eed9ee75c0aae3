/**
 * The full report: the engine's result plus the data ledger. Every renderer
 * consumes this one value; the JSON renderer writes it out as the CLI contract.
 */
import type { SourceKind } from './records.js';
import type { EngineReport } from './engine/types.js';

/** One rejected row: where it is and why it was not used. */
export interface Reject {
  /** Physical line where the row starts, the header being line 1. */
  line: number;
  /** The column whose value failed, or empty when the row as a whole failed (wrong field count). */
  column: string;
  value: string;
  reason: string;
}

/**
 * The ledger of one file read as one kind. Every data row is counted once:
 * rowsRead = rowsUsed + rowsOutsidePeriod + rowsDuplicate + rowsRejected + rowsSkipped.
 */
export interface SourceLedger {
  kind: SourceKind;
  file: string;
  rowsRead: number;
  rowsUsed: number;
  rowsOutsidePeriod: number;
  rowsDuplicate: number;
  rowsRejected: number;
  /**
   * Rows a mapping declares no record of this kind: left out by its `where` or
   * `whereNot` filter, or holding a "no rating" placeholder in a surveys score.
   * Always 0 for canonical files.
   */
  rowsSkipped: number;
  /** The first rejects (at most MAX_REJECTS_KEPT); rowsRejected has the full count. */
  rejects: Reject[];
}

/** How many rejects each ledger keeps with their details. */
export const MAX_REJECTS_KEPT = 100;

export interface KpiReport extends EngineReport {
  dataQuality: { sources: SourceLedger[] };
}
