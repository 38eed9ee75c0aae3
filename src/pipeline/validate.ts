/**
 * `kpi validate`: read every source as the report would, without a period
 * or metrics, and describe what was found so a user can fix an export or
 * its mapping.
 */
import type { ResolvedConfig } from '../config/config.js';
import { CallJoin } from '../engine/call-join.js';
import { unattributedSurveyReason } from '../engine/engine.js';
import type { KindRecord, RosterEntry, SourceKind } from '../records.js';
import { AgentDirectory, agentKeyText } from '../sources/agents.js';
import { READ_ORDER } from '../sources/kinds.js';
import type { PlannedSource } from './plan.js';
import { readSource, type ReadContext, type RecordSink, type RejectedRow } from './read-source.js';
import { byKindThenFile, referencedCallIds } from './run.js';
import { duplicateKey, SeenKeys } from './sink.js';

/** How many example rows each reject reason keeps. */
const EXAMPLES_PER_REASON = 3;

/** Rejects that share a column and a reason, with a few examples. */
export interface RejectGroup {
  column: string;
  /** The reason with the row's own quoted value replaced by `"…"`, so rows group together. */
  reason: string;
  count: number;
  examples: { line: number; value: string }[];
}

export interface FileValidation {
  kind: SourceKind;
  file: string;
  /** `canonical`, the built-in preset that read the file, or the config entry (`sources.<name>`) that mapped it. */
  mapping: string;
  rowsRead: number;
  rowsUsed: number;
  rowsDuplicate: number;
  rowsRejected: number;
  /** Rows the mapping declares no record of this kind (filters, "no rating" placeholders). */
  rowsSkipped: number;
  reasons: RejectGroup[];
  /** The earliest and latest anchor instants of the file's valid rows (epoch ms), or null with none. */
  firstAt: number | null;
  lastAt: number | null;
}

export interface Validation {
  files: FileValidation[];
  /** Whether the data has a roster file; without one, agentsNotInRoster stays empty. */
  hasRoster: boolean;
  /** Agent keys seen in any source but absent from the roster (empty without a roster). */
  agentsNotInRoster: string[];
  /** Agents with scheduled shifts but not a single status row. */
  agentsWithShiftsButNoStatus: string[];
}

export interface ValidateRequest {
  config: ResolvedConfig;
  plan: readonly PlannedSource[];
  stdin: () => Buffer;
  onReject: (reject: RejectedRow) => void;
  /** Receives warnings about files that read but probably not as intended. */
  onWarning?: (message: string) => void;
}

/** Returns the instants a record spans, for the time range a file covers. */
function instantsOf(item: KindRecord): [number, number] {
  switch (item.kind) {
    case 'calls':
      return [item.record.startedAt, item.record.endedAt ?? item.record.startedAt];
    case 'agent_status':
      return [item.record.startedAt, item.record.endedAt];
    case 'schedule':
      return [item.record.startsAt, item.record.endsAt];
    case 'bookings':
      return [item.record.createdAt, item.record.createdAt];
    case 'leads': {
      const at = item.record.wonAt ?? Number.NaN;
      return [at, at];
    }
    case 'tickets':
      return [item.record.createdAt, item.record.resolvedAt ?? item.record.createdAt];
    case 'surveys':
      return [item.record.submittedAt, item.record.submittedAt];
    case 'complaints':
      return [item.record.createdAt, item.record.createdAt];
  }
}

/** Names how a file was read: canonical, a built-in preset and its confidence, or a config entry. */
function mappingOf(source: PlannedSource): string {
  if (source.preset !== undefined) return `preset ${source.preset.id}, ${Math.round(source.preset.confidence * 100)}% confident, as ${source.sourceKey}`;
  return source.sourceKey ?? 'canonical';
}

/** Returns the agent key a record names, or null for a call no agent took. */
function agentOf(item: KindRecord): string | null {
  return item.kind === 'tickets' ? item.record.createdBy : item.record.agent;
}

function groupKey(row: RejectedRow): string {
  return `${row.column}\u0000${generalReason(row)}`;
}

/** Replaces the quoted cell value in a reason with `…`, so rows that differ only in value group together. */
function generalReason(row: RejectedRow): string {
  return row.value === '' ? row.reason : row.reason.split(`"${row.value}"`).join('"…"');
}

export function validateSources(request: ValidateRequest): Validation {
  const agents = new AgentDirectory();
  const seen = new SeenKeys();
  const rosterKeys = new Set<string>();
  const agentsSeen = new Set<string>();
  const withShifts = new Set<string>();
  const withStatus = new Set<string>();
  // Calls with an agent, by call id. Like the report's join, it keeps only the ids that surveys name.
  const callsWithAgent = new CallJoin();
  const files: FileValidation[] = [];

  let current: FileValidation | null = null;
  const groups = new Map<FileValidation, Map<string, RejectGroup>>();
  const context: ReadContext = {
    config: request.config,
    agents,
    stdin: request.stdin,
    onWarning: request.onWarning,
    onReject: (row) => {
      request.onReject(row);
      if (current === null) return;
      let byKey = groups.get(current);
      if (byKey === undefined) {
        byKey = new Map();
        groups.set(current, byKey);
      }
      const key = groupKey(row);
      let group = byKey.get(key);
      if (group === undefined) {
        group = { column: row.column, reason: generalReason(row), count: 0, examples: [] };
        byKey.set(key, group);
      }
      group.count += 1;
      if (group.examples.length < EXAMPLES_PER_REASON) group.examples.push({ line: row.line, value: row.value });
    },
  };

  const ordered = [...request.plan].sort((a, b) => READ_ORDER.indexOf(a.kind) - READ_ORDER.indexOf(b.kind));
  const referenced = referencedCallIds(ordered, context);
  if (referenced !== null) callsWithAgent.restrictTo(referenced);
  for (const source of ordered) {
    const file: FileValidation = {
      kind: source.kind,
      file: source.display,
      mapping: mappingOf(source),
      rowsRead: 0,
      rowsUsed: 0,
      rowsDuplicate: 0,
      rowsRejected: 0,
      rowsSkipped: 0,
      reasons: [],
      firstAt: null,
      lastAt: null,
    };
    current = file;

    const sink: RecordSink = (item: KindRecord | { kind: 'agents'; record: RosterEntry }) => {
      if (item.kind === 'agents') {
        const key = agentKeyText(item.record.agent);
        if (seen.isDuplicate('agents', key)) return 'duplicate';
        const conflict = agents.addRosterEntry(item.record);
        if (conflict !== null) return { rejected: `alias "${conflict}" already belongs to another agent; keep each id on one roster row` };
        rosterKeys.add(key);
        return 'used';
      }
      if (seen.isDuplicate(item.kind, duplicateKey(item))) return 'duplicate';

      // The report joins surveys to calls that have an agent; one it cannot attribute is rejected there, so here too.
      if (item.kind === 'calls' && item.record.agent !== null) callsWithAgent.add(item.record.callId, item.record.agent, item.record.startedAt);
      if (item.kind === 'surveys' && item.record.agent === null) {
        const callId = item.record.callId;
        if (callId === null || callsWithAgent.find(callId, null, 'latest') === undefined) {
          return { rejected: unattributedSurveyReason(item.record), column: callId === null ? 'agent' : 'call_id', value: callId ?? '' };
        }
      }

      const [first, last] = instantsOf(item);
      if (!Number.isNaN(first)) {
        file.firstAt = file.firstAt === null ? first : Math.min(file.firstAt, first);
        file.lastAt = file.lastAt === null ? last : Math.max(file.lastAt, last);
      }
      const agent = agentOf(item);
      if (agent !== null) agentsSeen.add(agent);
      if (item.kind === 'schedule' && item.record.activity === 'shift') withShifts.add(item.record.agent);
      if (item.kind === 'agent_status') withStatus.add(item.record.agent);
      return 'used';
    };

    const ledger = readSource(source, sink, context);
    file.rowsRead = ledger.rowsRead;
    file.rowsUsed = ledger.rowsUsed;
    file.rowsDuplicate = ledger.rowsDuplicate;
    file.rowsRejected = ledger.rowsRejected;
    file.rowsSkipped = ledger.rowsSkipped;
    file.reasons = [...(groups.get(file)?.values() ?? [])].sort((a, b) => b.count - a.count);
    files.push(file);
  }
  current = null;

  const hasRoster = request.plan.some((source) => source.kind === 'agents');
  const hasStatusLog = request.plan.some((source) => source.kind === 'agent_status');
  files.sort(byKindThenFile);
  return {
    files,
    hasRoster,
    agentsNotInRoster: hasRoster ? [...agentsSeen].filter((agent) => !rosterKeys.has(agent)).sort() : [],
    agentsWithShiftsButNoStatus: hasStatusLog ? [...withShifts].filter((agent) => !withStatus.has(agent)).sort() : [],
  };
}
