/**
 * The report pipeline: read every planned source in join order, drop
 * duplicates, fold records into the engine, and attach the data ledger.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { ResolvedConfig } from '../config/config.js';
import { addAsciiCallIdHash, addCallIdHash } from '../engine/call-join.js';
import { createEngine } from '../engine/engine.js';
import type { Period } from '../engine/types.js';
import { openCsv } from '../read/csv.js';
import { SOURCE_KINDS, type SourceKind } from '../records.js';
import type { KpiReport, SourceLedger } from '../report.js';
import { PartitionedHashSet64 } from '../engine/hash-set.js';
import { reviveError, startReadWorker, WORKER_KINDS, type WorkerResult } from './read-worker.js';
import { discardRejects, RejectQueue, replayRejects } from './reject-queue.js';
import { createSink, SeenKeys } from './sink.js';
import { AgentDirectory, agentKeyText } from '../sources/agents.js';
import { READ_ORDER } from '../sources/kinds.js';
import { compileMapping } from '../sources/mapping.js';
import { zoneFor } from '../time/zone.js';
import type { PlannedSource } from './plan.js';
import { csvOptionsOf, forEachDataRow, readSource, type ReadContext, type RejectedRow } from './read-source.js';

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
  /**
   * Worker thread settings. The worker runs `entry` (see read-worker.ts) and
   * reads the schedule, status, bookings, leads and tickets files when they and the other files each
   * add up to at least `minBytes`. Without these settings, every file is read
   * on this thread.
   */
  worker?: { entry: string; minBytes: number };
}

/**
 * Returns true when a worker thread is worth its start-up cost (tens of
 * milliseconds), which needs both its files and the main thread's files to
 * be large. No worker is used when any source is standard input, which only
 * the main thread can read. A file that cannot be stat'ed counts as 0 bytes.
 */
function shouldUseWorker(workerSources: readonly PlannedSource[], all: readonly PlannedSource[], minBytes: number): boolean {
  if (workerSources.length === 0 || all.some((source) => source.path === '-')) return false;
  const bytes = (sources: readonly PlannedSource[]): number =>
    sources.reduce((sum, source) => {
      try {
        return sum + statSync(source.path).size;
      } catch {
        return sum;
      }
    }, 0);
  const workerBytes = bytes(workerSources);
  return workerBytes >= minBytes && bytes(all) - workerBytes >= minBytes;
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


/** The space character. The ASCII whitespace that String#trim removes lies at or below it. */
const SPACE = 32;

/**
 * Reads the call_id column of the survey and complaint sources ahead of the
 * calls and returns the hashes of the ids, so the call join keeps only those
 * calls. It maps no other field and sends nothing to the sink or the reject
 * log, so the real pass later reports everything as before. Returns null,
 * and the join keeps every call, when a source fails to open or map: the
 * real pass raises the same error at its usual point.
 */
export function referencedCallIds(ordered: readonly PlannedSource[], context: ReadContext): PartitionedHashSet64 | null {
  // Split by id prefix, so that calls read in id order look up one small table at a time.
  const ids = PartitionedHashSet64.forIds(estimatedRows(ordered, 'surveys') + estimatedRows(ordered, 'complaints'));
  try {
    for (const source of ordered) {
      if (source.kind !== 'surveys' && source.kind !== 'complaints') continue;
      const options = csvOptionsOf(source.spec);
      const reader = source.path === '-' ? openCsv(context.stdin(), { ...options, name: 'stdin' }) : openCsv(source.path, { ...options, name: source.display });
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
        const column = mapping.plainColumn('call_id');
        reader.forEachRawRow((row) => {
          // An ASCII id that trimming leaves as it is can be hashed from its bytes.
          if (column !== null && row.ascii && !row.complex && column < row.count) {
            const start = row.starts[column]!;
            const end = row.ends[column]!;
            if (start === end) return;
            if (row.bytes[start]! > SPACE && row.bytes[end - 1]! > SPACE) {
              addAsciiCallIdHash(ids, row.bytes, start, end);
              return;
            }
          }
          const callId = mapping.rawFieldText('call_id', row);
          if (callId !== '') addCallIdHash(ids, callId);
        });
        continue;
      }
      forEachDataRow(reader, source.spec, (fields) => {
        const callId = mapping.fieldText('call_id', fields);
        if (callId !== '') addCallIdHash(ids, callId);
      });
    }
  } catch {
    return null;
  }
  return ids;
}

/**
 * Estimates the data rows of a kind's files, for presizing hash sets.
 * Returns 0 for standard input and for a file that cannot be read (its
 * error comes later).
 */
function estimatedRows(ordered: readonly PlannedSource[], kind: SourceKind): number {
  let rows = 0;
  for (const source of ordered) {
    if (source.kind !== kind || source.path === '-') continue;
    try {
      rows += estimatedFileRows(source.path);
    } catch {
      // The real read reports an unreadable file.
    }
  }
  return rows;
}

/** Bytes that estimatedFileRows reads. */
const ROW_SAMPLE = 1 << 16;

/**
 * Estimates the rows of a file from its size and the lines of 64 KiB from
 * its middle, where title rows and padding at its head do not count. Blank
 * lines are no rows. With a sample from the head, 70,000 blank lines before
 * the 200,000 rows of a calls file made it look like 26 million rows, and
 * the dedupe sets sized for that took 300 MB more.
 */
export function estimatedFileRows(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const sample = Buffer.alloc(Math.min(size, ROW_SAMPLE));
    const read = readSync(fd, sample, 0, sample.length, Math.floor((size - sample.length) / 2));

    let lines = 0;
    let lineStart = 0;
    for (let at = sample.indexOf(10); at >= 0 && at < read; at = sample.indexOf(10, at + 1)) {
      const end = at > lineStart && sample[at - 1] === 13 ? at - 1 : at;
      if (end > lineStart) lines++;
      lineStart = at + 1;
    }
    return lines === 0 ? 1 : Math.ceil(size / (read / lines));
  } finally {
    closeSync(fd);
  }
}

export async function buildReport(request: ReportRequest): Promise<KpiReport> {
  const { config } = request;
  const agents = new AgentDirectory();
  const ordered = inReadOrder(request.plan);
  const context: ReadContext = { config, agents, stdin: request.stdin, onReject: request.onReject, onWarning: request.onWarning };
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
          if (seen.isDuplicate('agents', agentKeyText(item.record.agent))) return 'duplicate';
          const conflict = agents.addRosterEntry(item.record);
          return conflict === null ? 'used' : { rejected: `alias "${conflict}" already belongs to another agent; keep each id on one roster row` };
        },
        context,
      ),
    );
  }

  const engineSpec = {
    period: request.period,
    asOf: request.asOf,
    timezone: config.timezone,
    businessHours: config.businessHours,
    holidays: config.holidays,
    targets: config.targets,
    ahtIncludesAfterCallWork: config.ahtIncludesAfterCallWork,
    adherenceCountsAfterCallWork: config.adherenceCountsAfterCallWork,
    sourcesPresent: new Set(request.plan.map((source) => source.kind)),
  };
  const engine = createEngine({
    ...engineSpec,
    agentNames: agents.displayNames(),
    agentFilter: request.agentFilter.map((id) => agents.resolve(id)),
  });

  const rest = ordered.filter((source) => source.kind !== 'agents');
  // Expected rows per kind, to size each kind's dedupe set once; a kind's files are all read on one thread.
  const expectedRows = (sources: readonly PlannedSource[]): Partial<Record<SourceKind, number>> =>
    Object.fromEntries([...new Set(sources.map((source) => source.kind))].map((kind) => [kind, estimatedRows(ordered, kind)]));
  const placeOf = new Map(rest.map((source, place) => [source, place]));
  const workerSources = rest.filter((source) => WORKER_KINDS.has(source.kind));
  const useWorker = request.worker !== undefined && shouldUseWorker(workerSources, rest, request.worker.minBytes);
  const mainSources = useWorker ? rest.filter((source) => !WORKER_KINDS.has(source.kind)) : rest;
  const worker = !useWorker
    ? null
    : startReadWorker(request.worker!.entry, {
        sources: workerSources,
        places: workerSources.map((source) => placeOf.get(source)!),
        expectedRows: expectedRows(workerSources),
        config,
        agents: agents.snapshot(),
        engine: engineSpec,
      });

  for (const [kind, rows] of Object.entries(expectedRows(mainSources))) seen.reserve(kind as SourceKind, rows);
  const referenced = referencedCallIds(ordered, context);
  if (referenced !== null) engine.restrictCallJoin(referenced);

  let leadsWon = 0;
  const sink = createSink(seen, engine, () => {
    leadsWon += 1;
  });

  if (worker === null) {
    for (const source of rest) {
      agents.readingPlace = placeOf.get(source)!;
      ledgers.push(readSource(source, sink, context));
    }
  } else {
    // Rows rejected and warnings raised on this thread wait in one queue per
    // source, so that every source's are delivered at its place in the read order.
    const mainRejects = new Map<PlannedSource, RejectQueue>();
    const mainWarnings = new Map<PlannedSource, string[]>();
    let mainError: { place: number; error: unknown } | null = null;
    for (const source of mainSources) {
      const queue = new RejectQueue();
      mainRejects.set(source, queue);
      const warnings: string[] = [];
      mainWarnings.set(source, warnings);
      agents.readingPlace = placeOf.get(source)!;
      try {
        ledgers.push(readSource(source, sink, { ...context, onReject: (row) => queue.add(row), onWarning: (message) => warnings.push(message) }));
      } catch (error) {
        mainError = { place: placeOf.get(source)!, error };
        break;
      }
    }
    const dropMainRejects = (): void => {
      for (const queue of mainRejects.values()) discardRejects(queue.handOver());
    };

    let result: WorkerResult;
    try {
      result = await worker;
    } catch (error) {
      dropMainRejects();
      throw error;
    }

    // Sends a source's warnings, which the worker's result or this thread holds. A source this thread never reached has none.
    const sendWarnings = (source: PlannedSource): void => {
      const workerIndex = workerSources.indexOf(source);
      const warnings = workerIndex >= 0 ? result.warnings[workerIndex] : mainWarnings.get(source);
      for (const warning of warnings ?? []) request.onWarning?.(warning);
    };
    // Sends the warnings of the sources up to `lastPlace` in the read order, as one thread sends them before it stops.
    const sendWarningsUpTo = (lastPlace: number): void => {
      for (const source of rest) {
        if (placeOf.get(source)! > lastPlace) break;
        sendWarnings(source);
      }
    };

    // One thread stops at the first error in the read order, so that is the one reported.
    if (!result.ok || mainError !== null) {
      dropMainRejects();
      for (const queued of result.rejects) discardRejects(queued);
      if (!result.ok && (mainError === null || result.place < mainError.place)) {
        sendWarningsUpTo(result.place);
        throw reviveError(result.error);
      }
      sendWarningsUpTo(mainError!.place);
      throw mainError!.error;
    }

    // Each source's warnings, then its rejects, in the read order, as one thread delivers them.
    for (const source of rest) {
      sendWarnings(source);
      const workerIndex = workerSources.indexOf(source);
      const queued = workerIndex >= 0 ? result.rejects[workerIndex]! : mainRejects.get(source)!.handOver();
      replayRejects(queued, request.onReject);
    }
    ledgers.push(...result.ledgers);
    engine.absorbTallies(result.tallies);
    agents.adoptNames(result.names);
    leadsWon += result.leadsWon;
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
