/**
 * The report pipeline: read every planned source in join order, drop
 * duplicates, fold records into the engine, and attach the data ledger.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ResolvedConfig } from '../config/config.js';
import { addCallIdHash } from '../engine/call-join.js';
import { createEngine } from '../engine/engine.js';
import type { Period } from '../engine/types.js';
import { openCsv } from '../read/csv.js';
import { AGENT_STATUSES, SOURCE_KINDS, type KindRecord, type SourceKind } from '../records.js';
import type { KpiReport, SourceLedger } from '../report.js';
import { HashSet64, KeyHasher } from '../engine/hash-set.js';
import { AgentDirectory } from '../sources/agents.js';
import { READ_ORDER } from '../sources/kinds.js';
import { compileMapping } from '../sources/mapping.js';
import { zoneFor } from '../time/zone.js';
import type { PlannedSource } from './plan.js';
import { csvOptionsOf, forEachDataRow, readSource, type ReadContext, type RecordSink, type RejectedRow } from './read-source.js';

export interface ReportRequest {
  config: ResolvedConfig;
  period: Period;
  asOf: number;
  /** Agent ids as the user typed them; resolved through the roster. */
  agentFilter: readonly string[];
  plan: readonly PlannedSource[];
  stdin: () => Buffer;
  onReject: (reject: RejectedRow) => void;
  /** Receives warnings about data that reads but probably means something else. */
  onWarning?: (message: string) => void;
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

/**
 * Duplicate detection across every file of a kind: the first row with a key
 * wins. Keys are kept as 64-bit hashes (src/engine/hash-set.ts), so memory is
 * 11 to 21 bytes a row and keeps no text of the file. Two distinct keys may
 * collide, and a row then counts as a duplicate by mistake: hash-set.ts
 * estimates the chance at about 10^-5 for 20 million rows of one kind.
 */
export class SeenKeys {
  private readonly sets = new Map<SourceKind, HashSet64>();
  private readonly hasher = new KeyHasher();
  private readonly agentNumbers = new Map<string, number>();

  /** Records a key and returns true when it was already seen for that kind. */
  isDuplicate(kind: SourceKind, key: string): boolean {
    const hasher = this.hasher.reset().text(key);
    hasher.digest();
    return !this.setFor(kind).add(hasher.high, hasher.low);
  }

  /**
   * Records the duplicate key of a record (see duplicateKey) and returns true
   * when it was already seen. It hashes the record's fields without building
   * the key text. Two records get the same hash input exactly when the fields
   * of their key are equal. That matches equal duplicateKey texts except for
   * call ids containing NUL, because ("a\0b", "c") and ("a", "b\0c") share a
   * key text but are kept apart here.
   */
  isDuplicateRecord(item: KindRecord): boolean {
    const hasher = this.hasher.reset();
    switch (item.kind) {
      case 'calls': {
        // The call id, a NUL and a number standing for the agent's text. An id
        // that itself contains a NUL is fed as a marker above any UTF-16 unit,
        // its length, its text and the agent's text, so no two forms meet.
        const agent = item.record.agent ?? '';
        if (hasher.textWithoutNul(item.record.callId)) hasher.code(0).code(this.agentNumber(agent));
        else hasher.reset().code(0x10000).code(item.record.callId.length).text(item.record.callId).text(agent);
        break;
      }
      case 'agent_status': {
        // Fixed-layout numbers first, the status by its place in the list and
        // the agent last, so two records feed the same values exactly when
        // their key texts are equal.
        const r = item.record;
        hasher.number(r.startedAt).number(r.endedAt).code(AGENT_STATUSES.indexOf(r.status)).code(this.agentNumber(r.agent));
        break;
      }
      case 'schedule': {
        const r = item.record;
        hasher.number(r.startsAt).number(r.endsAt).code(r.activity === 'shift' ? 0 : 1).code(this.agentNumber(r.agent));
        break;
      }
      default:
        hasher.text(duplicateKey(item));
    }
    hasher.digest();
    return !this.setFor(item.kind).add(hasher.high, hasher.low);
  }

  /**
   * Returns a number for each distinct agent text. Agent keys come from the
   * agent directory as the same few strings, so the map lookup is cheaper
   * than hashing the text again.
   */
  private agentNumber(agent: string): number {
    let number = this.agentNumbers.get(agent);
    if (number === undefined) {
      number = this.agentNumbers.size;
      this.agentNumbers.set(agent, number);
    }
    return number;
  }

  /**
   * Sizes the set of a kind for about `rows` keys before its first key, so a
   * large file does not hold the old and the new table at once while the
   * set doubles. Does nothing once the kind has a set.
   */
  reserve(kind: SourceKind, rows: number): void {
    if (!this.sets.has(kind) && rows > 0) this.sets.set(kind, HashSet64.withRoom(rows));
  }

  private setFor(kind: SourceKind): HashSet64 {
    let set = this.sets.get(kind);
    if (set === undefined) {
      set = new HashSet64();
      this.sets.set(kind, set);
    }
    return set;
  }
}

/**
 * Reads the call_id column of the survey and complaint sources ahead of the
 * calls and returns the hashes of the ids, so the call join keeps only those
 * calls. It maps no other field and sends nothing to the sink or the reject
 * log, so the real pass later reports everything as before. Returns null,
 * and the join keeps every call, when a source fails to open or map: the
 * real pass raises the same error at its usual point.
 */
function referencedCallIds(ordered: readonly PlannedSource[], context: ReadContext): HashSet64 | null {
  const ids = HashSet64.withRoom(estimatedRows(ordered, 'surveys') + estimatedRows(ordered, 'complaints'));
  const hasher = new KeyHasher();
  try {
    for (const source of ordered) {
      if (source.kind !== 'surveys' && source.kind !== 'complaints') continue;
      const options = csvOptionsOf(source.spec);
      const reader = source.path === '-' ? openCsv(context.stdin(), { ...options, name: 'stdin' }) : openCsv(source.path, options);
      const mapping = compileMapping(reader.header, {
        file: source.display,
        kind: source.kind,
        sourceKey: source.sourceKey,
        spec: source.spec ?? {},
        zone: zoneFor(source.spec?.timezone ?? context.config.timezone),
        wonStages: context.config.wonStages,
        // A directory of its own: resolving nothing here must not change the report's agent names.
        agents: new AgentDirectory(),
      });
      const footer = (source.spec?.footer ?? []).length > 0 || (source.spec?.footerRows ?? 0) > 0;
      if (reader.forEachRawRow !== null && !footer) {
        reader.forEachRawRow((row) => {
          const callId = mapping.rawFieldText('call_id', row);
          if (callId !== '') addCallIdHash(ids, callId, hasher);
        });
        continue;
      }
      forEachDataRow(reader, source.spec, (fields) => {
        const callId = mapping.fieldText('call_id', fields);
        if (callId !== '') addCallIdHash(ids, callId, hasher);
      });
    }
  } catch {
    return null;
  }
  return ids;
}

/**
 * Estimates the data rows of a kind's files from their sizes and the line
 * length of each file's first 64 KiB, for presizing hash sets. Returns 0 for
 * standard input and for a file that cannot be read (its error comes later).
 */
function estimatedRows(ordered: readonly PlannedSource[], kind: SourceKind): number {
  let rows = 0;
  for (const source of ordered) {
    if (source.kind !== kind || source.path === '-') continue;
    try {
      const fd = openSync(source.path, 'r');
      try {
        const size = fstatSync(fd).size;
        const sample = Buffer.alloc(Math.min(size, 1 << 16));
        const read = readSync(fd, sample, 0, sample.length, 0);
        let lines = 0;
        for (let at = sample.indexOf(10); at >= 0 && at < read; at = sample.indexOf(10, at + 1)) lines++;
        rows += lines === 0 ? 1 : Math.ceil(size / (read / lines));
      } finally {
        closeSync(fd);
      }
    } catch {
      // The real read reports an unreadable file.
    }
  }
  return rows;
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

  for (const source of ordered) seen.reserve(source.kind, estimatedRows(ordered, source.kind));
  const referenced = referencedCallIds(ordered, context);
  if (referenced !== null) engine.restrictCallJoin(referenced);

  let leadsWon = 0;
  const sink: RecordSink = (item) => {
    if (item.kind === 'agents') return { rejected: 'a roster row outside the roster file' };
    if (seen.isDuplicateRecord(item)) return 'duplicate';
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
        if (item.record.won) leadsWon += 1;
        return engine.addLead(item.record);
      case 'tickets':
        return engine.addTicket(item.record);
      case 'surveys': {
        const placed = engine.addSurvey(item.record);
        if (typeof placed === 'string') return placed;
        const callId = item.record.callId;
        return { rejected: placed.rejected, column: callId === null ? 'agent' : 'call_id', value: callId ?? '' };
      }
      case 'complaints':
        return engine.addComplaint(item.record);
    }
  };

  for (const source of ordered) {
    if (source.kind === 'agents') continue;
    ledgers.push(readSource(source, sink, context));
  }

  // A stage map or a wonStages list that no longer match each other leave every lead unwon, silently.
  const leadRows = ledgers.filter((ledger) => ledger.kind === 'leads').reduce((sum, ledger) => sum + ledger.rowsUsed + ledger.rowsOutsidePeriod, 0);
  if (leadRows > 0 && leadsWon === 0) {
    request.onWarning?.(`none of ${leadRows} lead(s) has a won stage (wonStages: ${config.wonStages.join(', ')}); check the stage column, its map, and "wonStages" in the config.`);
  }

  // Report the ledger in the canonical kind order, whatever order files were read in.
  ledgers.sort(byKindThenFile);
  return { ...engine.finish(), dataQuality: { sources: ledgers } };
}
