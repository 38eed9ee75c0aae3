/**
 * Second thread for large reports. A worker reads the schedule, status,
 * bookings, leads and tickets files into an engine of its own while the main
 * thread reads calls, surveys and complaints, which join to each other.
 * The worker's kinds feed only counts and interval tallies, which add up and
 * join the same way in any order. The main thread then adds the worker's
 * tallies and ledgers, and delivers each source's rejects and agent
 * spellings at that source's place in the read order, so the report matches
 * a single-thread run.
 *
 * The main thread reads its own files synchronously and only then awaits the
 * worker's result, so the worker's message and any failure of the worker
 * arrive as events once the main thread's reading is done.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ResolvedConfig } from '../config/config.js';
import { createEngine } from '../engine/engine.js';
import { emitReadProgress, setConcurrentRead, setReadProgressListener, type ConcurrentRead } from '../read/csv.js';
import type { TallyData } from '../engine/tally.js';
import type { EngineSpec } from '../engine/types.js';
import { ConfigError, InputError, KpiError, UsageError } from '../errors.js';
import type { SourceKind } from '../records.js';
import type { SourceLedger } from '../report.js';
import { AgentDirectory, type DirectorySnapshot } from '../sources/agents.js';
import type { PlannedSource } from './plan.js';
import { readSource, type ReadContext } from './read-source.js';
import { RejectQueue, type QueuedRejects } from './reject-queue.js';
import { createSink, SeenKeys } from './sink.js';

/** Argument a read worker's script is started with, which marks the thread as a worker rather than a CLI run. */
const READ_WORKER_ARGUMENT = '--kpi-read-worker';

/**
 * Returns node:worker_threads, loaded on first use: every run would
 * otherwise pay about a millisecond to load it, and only large reports use it.
 */
function workerThreads(): typeof import('node:worker_threads') {
  return process.getBuiltinModule('node:worker_threads');
}

/**
 * Turns off V8's background optimizing compiler for isolates created from
 * now on, the worker's among them.
 *
 * On Node 20, about one run in 70 with a worker printed its report and then
 * never exited. Once the worker's event loop was empty, Node waited for
 * V8's background tasks to finish, while a background TurboFan job waited
 * for that same thread to collect garbage. This Node bug is open as of
 * December 2026 (https://github.com/nodejs/node/issues/54918). With no
 * background compiler there is no such job to wait for: the worker
 * compiles hot functions on its own thread, which on two busy cores made
 * the 1M-row report slightly faster, not slower (docs/performance.md).
 * V8 reads the flag when it creates an isolate, so the main thread keeps
 * its background compiler; runs without a worker showed no hang.
 */
export function avoidWorkerExitDeadlock(): void {
  process.getBuiltinModule('node:v8').setFlagsFromString('--no-concurrent-recompilation');
}

/**
 * Kinds that the worker reads: schedule and status, the largest files,
 * plus bookings, leads and tickets to balance the threads. None of them
 * joins to another kind, and their tallies are counts and intervals, which
 * add up and join the same way in any order.
 */
export const WORKER_KINDS: ReadonlySet<SourceKind> = new Set(['schedule', 'agent_status', 'bookings', 'leads', 'tickets']);

/** Work for the read worker, as plain data that can be passed to a worker thread. */
interface WorkerTask {
  sources: PlannedSource[];
  /** Each source's place in the read order, for agent spellings (AgentDirectory.readingPlace). */
  places: number[];
  /** Expected rows per kind, to size the dedupe sets as the main thread would. */
  expectedRows: Partial<Record<SourceKind, number>>;
  config: ResolvedConfig;
  agents: DirectorySnapshot;
  engine: Omit<EngineSpec, 'agentNames' | 'agentFilter'>;
}

/**
 * Result that the worker posts back, with the rows it rejected and the
 * warnings it raised per source. On an error, it names the error and the
 * place of the source that raised it.
 */
export type WorkerResult =
  | {
      ok: true;
      ledgers: SourceLedger[];
      tallies: [string, TallyData][];
      names: [string, string, number][];
      rejects: QueuedRejects[];
      warnings: string[][];
      leadsWon: number;
    }
  | { ok: false; error: PostedError; place: number; rejects: QueuedRejects[]; warnings: string[][] };

/** An error as the worker posts it: the class name, and for kpi's errors the summary and detail lines. */
interface PostedError {
  name: string;
  message: string;
  details: string[];
  stack?: string;
}

/**
 * Starts a worker on `entry`, the script that runs runReadWorker() when it
 * is not the main thread (bin/kpi.cjs). The promise settles with the worker's
 * result, and rejects when the worker fails or exits without one (its
 * script did not load, say).
 */
export function startReadWorker(entry: string, task: WorkerTask): Promise<WorkerResult> {
  avoidWorkerExitDeadlock();
  const { MessageChannel, Worker } = workerThreads();
  const { port1, port2 } = new MessageChannel();
  // The worker's read progress: the index of the source it reads (-1 before the first), bytes read, bytes in the file.
  const progress = new Float64Array(new SharedArrayBuffer(3 * Float64Array.BYTES_PER_ELEMENT)).fill(-1);
  const worker = new Worker(entry, {
    argv: [READ_WORKER_ARGUMENT],
    workerData: { readWorker: { task, port: port2, progress } },
    transferList: [port2],
  });

  const workerRead = (): ConcurrentRead | null => {
    const source = task.sources[progress[0]!];
    return source === undefined ? null : { file: source.path, bytesRead: progress[1]!, bytesTotal: progress[2]! };
  };
  // While the main thread reads, its own progress events show the worker's file beside theirs.
  setConcurrentRead(workerRead);

  // Relays the worker's progress to the progress bar while the main thread
  // waits; during the main thread's own reading the timer cannot fire.
  const relay = (): void => {
    const read = workerRead();
    if (read !== null) emitReadProgress(read.file, read.bytesRead, read.bytesTotal);
  };
  const timer = setInterval(relay, 100);
  timer.unref();

  return new Promise<WorkerResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      setConcurrentRead(null);
      relay();
      port1.close();
      void worker.terminate();
      outcome();
    };
    port1.once('message', (message: WorkerResult) => settle(() => resolve(message)));
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', () => {
      // The 'exit' event may come before the port's 'message' event, so a result already posted is taken here.
      const posted = workerThreads().receiveMessageOnPort(port1);
      if (posted !== undefined) {
        settle(() => resolve(posted.message as WorkerResult));
        return;
      }
      settle(() =>
        reject(
          new Error(
            'the worker thread that reads schedule, status, bookings, leads and tickets files exited without posting a result. ' +
              'To read them on the main thread instead, set KPI_WORKER_MIN_BYTES above their total size in bytes.',
          ),
        ),
      );
    });
  });
}

/** Rebuilds an error that the worker posted as the error class that the CLI maps to an exit code. */
export function reviveError(error: PostedError): Error {
  let revived: Error;
  if (error.name === 'InputError') revived = new InputError(error.message, error.details);
  else if (error.name === 'ConfigError') revived = new ConfigError(error.message, error.details);
  else if (error.name === 'UsageError') revived = new UsageError(error.message, error.details);
  else revived = new Error(error.message);
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}

/** Returns true in a thread started by startReadWorker. */
export function isReadWorker(): boolean {
  // The argument is checked first, so a run that is no worker never loads worker_threads.
  return process.argv[2] === READ_WORKER_ARGUMENT && !workerThreads().isMainThread;
}

/** Reads the task's sources in the worker thread and posts the result to the main thread. */
export function runReadWorker(): void {
  const { task, port, progress } = (workerThreads().workerData as { readWorker: { task: WorkerTask; port: MessagePort; progress: Float64Array } }).readWorker;
  // One queue per source, so the main thread can deliver each source's rejects at its place in the read order.
  const queues = task.sources.map(() => new RejectQueue());
  const warnings = task.sources.map((): string[] => []);
  let place = -1;

  let result: WorkerResult;
  try {
    const agents = AgentDirectory.fromSnapshot(task.agents);
    const engine = createEngine({ ...task.engine, agentNames: new Map(), agentFilter: [] });
    const seen = new SeenKeys();
    for (const [kind, rows] of Object.entries(task.expectedRows)) seen.reserve(kind as SourceKind, rows);
    let leadsWon = 0;
    const sink = createSink(seen, engine, () => {
      leadsWon += 1;
    });

    // Plain stores into shared memory: a torn read on the main thread only shows a wrong figure for a moment.
    let reading = -1;
    setReadProgressListener((_file, bytesRead, bytesTotal) => {
      progress[0] = reading;
      progress[1] = bytesRead;
      progress[2] = bytesTotal;
    });

    const ledgers = task.sources.map((source, i) => {
      reading = i;
      place = task.places[i]!;
      agents.readingPlace = place;
      const context: ReadContext = {
        config: task.config,
        agents,
        stdin: () => {
          throw new Error('the read worker was asked to read standard input, which only the main thread can read');
        },
        onReject: (row) => queues[i]!.add(row),
        onWarning: (message) => warnings[i]!.push(message),
      };
      return readSource(source, sink, context);
    });
    const rejects = queues.map((queue) => queue.handOver());
    result = { ok: true, ledgers, tallies: engine.exportTallies(), names: agents.namesSince(task.agents), rejects, warnings, leadsWon };
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    // The class is named here because minifying may rename classes.
    let name = 'Error';
    if (caught instanceof InputError) name = 'InputError';
    else if (caught instanceof ConfigError) name = 'ConfigError';
    else if (caught instanceof UsageError) name = 'UsageError';
    // A KpiError posts its summary and detail lines apart, so that reviveError can rebuild both.
    const posted = caught instanceof KpiError ? { message: caught.summary, details: [...caught.details] } : { message: error.message, details: [] };
    result = { ok: false, error: { name, ...posted, stack: error.stack }, place, rejects: queues.map((queue) => queue.handOver()), warnings };
  }

  port.postMessage(result);
  port.close();
}
