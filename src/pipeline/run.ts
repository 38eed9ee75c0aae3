/**
 * The report pipeline: read every planned source in join order, drop
 * duplicates, fold records into the engine, and attach the data ledger.
 */
import type { ResolvedConfig } from '../config/config.js';
import { createEngine } from '../engine/engine.js';
import type { Period } from '../engine/types.js';
import { SOURCE_KINDS, type KindRecord, type SourceKind } from '../records.js';
import type { KpiReport, SourceLedger } from '../report.js';
import { AgentDirectory } from '../sources/agents.js';
import { READ_ORDER } from '../sources/kinds.js';
import type { PlannedSource } from './plan.js';
import { readSource, type ReadContext, type RecordSink, type RejectedRow } from './read-source.js';

export interface ReportRequest {
  config: ResolvedConfig;
  period: Period;
  asOf: number;
  /** Agent ids as the user typed them; resolved through the roster. */
  agentFilter: readonly string[];
  plan: readonly PlannedSource[];
  stdin: () => Buffer;
  onReject: (reject: RejectedRow) => void;
}

/** Orders planned sources so the roster comes first and calls precede their joins. */
function inReadOrder(plan: readonly PlannedSource[]): PlannedSource[] {
  return [...plan].sort((a, b) => READ_ORDER.indexOf(a.kind) - READ_ORDER.indexOf(b.kind));
}

/** Orders per-file entries by the canonical kind order, then by file name. */
export function byKindThenFile(a: { kind: SourceKind; file: string }, b: { kind: SourceKind; file: string }): number {
  const byKind = SOURCE_KINDS.indexOf(a.kind) - SOURCE_KINDS.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  if (a.file === b.file) return 0;
  return a.file < b.file ? -1 : 1;
}

/** Returns the key that makes two records of a kind duplicates (docs/decisions.md, item 6). */
export function duplicateKey(item: KindRecord): string {
  switch (item.kind) {
    case 'calls':
      return `${item.record.callId}\u0000${item.record.agent ?? ''}`;
    case 'agent_status': {
      const r = item.record;
      return `${r.agent}\u0000${r.status}\u0000${r.startedAt}\u0000${r.endedAt}`;
    }
    case 'schedule': {
      const r = item.record;
      return `${r.agent}\u0000${r.activity}\u0000${r.startsAt}\u0000${r.endsAt}`;
    }
    case 'bookings':
      return item.record.bookingId;
    case 'leads':
      return item.record.leadId;
    case 'tickets':
      return item.record.ticketId;
    case 'surveys':
      return item.record.surveyId;
    case 'complaints':
      return item.record.complaintId;
  }
}

/** Duplicate detection across every file of a kind: the first row with a key wins. */
export class SeenKeys {
  private readonly keys = new Map<SourceKind, Set<string>>();

  /** Records a key and returns true when it was already seen for that kind. */
  isDuplicate(kind: SourceKind, key: string): boolean {
    let seen = this.keys.get(kind);
    if (seen === undefined) {
      seen = new Set();
      this.keys.set(kind, seen);
    }
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  }
}

export function buildReport(request: ReportRequest): KpiReport {
  const { config } = request;
  const agents = new AgentDirectory();
  const ordered = inReadOrder(request.plan);
  const context: ReadContext = { config, agents, stdin: request.stdin, onReject: request.onReject };
  const seen = new SeenKeys();
  const ledgers: SourceLedger[] = [];

  // The roster must be complete before any other row resolves an agent id.
  const roster = ordered.filter((source) => source.kind === 'agents');
  for (const source of roster) {
    ledgers.push(
      readSource(
        source,
        (item) => {
          if (item.kind !== 'agents') return { rejected: 'not a roster row' };
          if (seen.isDuplicate('agents', item.record.agent.trim().toLowerCase())) return 'duplicate';
          const conflict = agents.addRosterEntry(item.record);
          return conflict === null ? 'used' : { rejected: `alias "${conflict}" already belongs to another agent; keep each id on one roster row` };
        },
        context,
      ),
    );
  }

  const engine = createEngine({
    period: request.period,
    asOf: request.asOf,
    timezone: config.timezone,
    businessHours: config.businessHours,
    holidays: config.holidays,
    targets: config.targets,
    ahtIncludesAfterCallWork: config.ahtIncludesAfterCallWork,
    adherenceCountsAfterCallWork: config.adherenceCountsAfterCallWork,
    sourcesPresent: new Set(request.plan.map((source) => source.kind)),
    agentNames: agents.displayNames(),
    agentFilter: request.agentFilter.map((id) => agents.resolve(id)),
  });

  const sink: RecordSink = (item) => {
    if (item.kind === 'agents') return { rejected: 'a roster row outside the roster file' };
    if (seen.isDuplicate(item.kind, duplicateKey(item))) return 'duplicate';
    switch (item.kind) {
      case 'calls':
        return engine.addCall(item.record);
      case 'agent_status':
        return engine.addStatus(item.record);
      case 'schedule':
        return engine.addSchedule(item.record);
      case 'bookings':
        return engine.addBooking(item.record);
      case 'leads':
        return engine.addLead(item.record);
      case 'tickets':
        return engine.addTicket(item.record);
      case 'surveys':
        return engine.addSurvey(item.record);
      case 'complaints':
        return engine.addComplaint(item.record);
    }
  };

  for (const source of ordered) {
    if (source.kind === 'agents') continue;
    ledgers.push(readSource(source, sink, context));
  }

  // Report the ledger in the canonical kind order, whatever order files were read in.
  ledgers.sort(byKindThenFile);
  return { ...engine.finish(), dataQuality: { sources: ledgers } };
}
