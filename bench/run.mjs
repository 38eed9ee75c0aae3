#!/usr/bin/env node
// The benchmark behind docs/performance.md. Run it with `npm run bench`
// (which builds first), or `node bench/run.mjs [--sizes 100000,1000000]
// [--runs 3] [--no-duckdb]`.
//
// For each size it generates the exports once (bench/generate.mjs, cached
// in the system temp folder), then times in child processes, one at a time
// and taking turns, so that every figure is measured under the same load:
//   - kpi report over the whole year, JSON to /dev/null;
//   - the floor: Node reading every input file in 1 MB chunks and counting
//     newlines, with a JavaScript loop over every byte and with indexOf;
//   - DuckDB (bench/duckdb/, installed there on first use, never by the
//     root npm ci) with one thread and with all cores, on the same files.
// It prints wall time (median of the runs), rows and MB per second, peak
// resident memory (MiB, from getrusage), and the ratios to DuckDB and to the
// floor, then the cold start of `node -e ''`, `kpi --help`, a small weekly
// report and the demo's weekly report.
// It prints figures only and never fails on a slow result.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KPI = join(ROOT, 'bin', 'kpi.cjs');
// The flag that bin/kpi.cjs's shebang passes, so kpi runs here as it runs when installed.
const KPI_FLAGS = ['--no-concurrent-recompilation'];
const RSS_HOOK = join(ROOT, 'bench', 'max-rss.mjs');
const DUCKDB_DIR = join(ROOT, 'bench', 'duckdb');
const CACHE = join(tmpdir(), 'kpi-bench');
// Bump when bench/generate.mjs changes its output, so cached data is rebuilt.
const GENERATOR_VERSION = 4;

const PERIOD = ['--from', '2026-01-01', '--to', '2026-12-31', '--as-of', '2027-01-02T00:00'];
const PERIOD_SQL = ['2026-01-01T00:00:00-05:00', '2027-01-01T00:00:00-05:00'];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
};
const SIZES = option('--sizes', '100000,1000000,4000000').split(',').map(Number);
const RUNS = Number(option('--runs', '3'));
const WITH_DUCKDB = !args.includes('--no-duckdb');

// --- Measuring ---------------------------------------------------------------

/**
 * Runs `node ARGS` and returns its wall time in ms (spawn to exit, Node's
 * start included) and, unless `rss` is false, its peak RSS in MiB from the
 * bench/max-rss.mjs hook (left out of cold-start runs, where it costs time).
 */
function timeNode(nodeArgs, { stdout = 'ignore', rss = true, env = {} } = {}) {
  const rssFile = join(CACHE, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const result = spawnSync(process.execPath, rss ? ['--import', RSS_HOOK, ...nodeArgs] : nodeArgs, {
    env: { ...process.env, KPI_BENCH_RSS_FILE: rssFile, CI: 'true', ...env },
    stdio: ['ignore', stdout, 'pipe'],
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`node ${nodeArgs.join(' ')} failed with exit code ${result.status}: ${result.stderr.toString().slice(0, 2000)}`);
  }
  const rssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  return { ms, rssMb, stdout: result.stdout?.toString() ?? '' };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Runs each of `measures` once per round, in turn, for `runs` rounds, and
 * returns the median time and maximum RSS of each by name. Taking turns puts every measure
 * under the same load of the machine, so a ratio of two of them varies
 * less than when each runs all its rounds at another time.
 */
function interleave(measures, runs = RUNS) {
  const results = Object.fromEntries(Object.keys(measures).map((name) => [name, []]));
  for (let round = 0; round < runs; round++) {
    for (const [name, measure] of Object.entries(measures)) results[name].push(measure());
  }
  return Object.fromEntries(Object.entries(results).map(([name, runs]) => [name, summary(runs)]));
}

/** Returns the median time and the maximum RSS of a measure's runs, and its last run. */
function summary(results) {
  return { ms: median(results.map((r) => r.ms)), rssMb: Math.max(...results.map((r) => r.rssMb)), last: results.at(-1) };
}

// --- Data --------------------------------------------------------------------

function dataFor(callRows) {
  const dir = join(CACHE, `data-v${GENERATOR_VERSION}-${callRows}`);
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`generating ${callRows.toLocaleString('en-US')} call rows in ${dir} ...\n`);
    const result = spawnSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), dir, String(callRows)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`bench/generate.mjs failed: ${result.stderr}`);
    // Written last, so an interrupted run leaves no manifest and is generated again.
    writeFileSync(manifest, result.stdout.trim());
  }
  const counts = JSON.parse(readFileSync(manifest, 'utf8'));
  const files = readdirSync(dir).filter((name) => name.endsWith('.csv'));
  const bytes = files.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  const rows = Object.entries(counts).filter(([key]) => key !== 'agents').reduce((sum, [, n]) => sum + n, 0);
  return { dir, counts, files, bytes, rows };
}

// --- DuckDB --------------------------------------------------------------------

function duckdbReady() {
  if (existsSync(join(DUCKDB_DIR, 'node_modules', '@duckdb', 'node-api'))) return true;
  process.stderr.write('installing @duckdb/node-api in bench/duckdb (benchmark only) ...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: DUCKDB_DIR, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`DuckDB could not be installed, so its comparison is left out: ${result.stderr.slice(0, 500)}\n`);
    return false;
  }
  return true;
}

/** Returns one timed run of the DuckDB aggregation, with the time DuckDB itself reports as innerMs. */
function timeDuckdb(dir, threads) {
  const run = timeNode([join(DUCKDB_DIR, 'aggregate.mjs'), dir, String(threads), ...PERIOD_SQL], { stdout: 'pipe' });
  return { ...run, innerMs: JSON.parse(run.stdout).ms };
}

// --- Report --------------------------------------------------------------------

const fmt = (n, digits = 2) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms) => `${fmt(ms / 1000, ms < 1000 ? 3 : 2)} s`;
const line = (label, value) => console.log(`  ${label.padEnd(50)} ${value}`);

function machine() {
  const cpu = cpus();
  console.log('# kpi benchmark');
  console.log(`date: ${new Date().toISOString()}`);
  console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM (${fmt(freemem() / 2 ** 30, 1)} GiB free), ${process.platform} ${release()}`);
  console.log(`node: ${process.version}; runs per figure: ${RUNS} (median time, max RSS)`);
  console.log(`command: node bench/run.mjs ${args.join(' ')}`.trim());
}

function benchSize(callRows, duckdb) {
  const data = dataFor(callRows);
  const mb = data.bytes / 1e6;
  console.log(`\n## ${callRows.toLocaleString('en-US')} call rows: ${data.rows.toLocaleString('en-US')} rows in ${data.files.length} files, ${fmt(mb, 1)} MB`);
  console.log(`  ${Object.entries(data.counts).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`);

  const paths = data.files.map((f) => join(data.dir, f));
  const counter = join(ROOT, 'bench', 'count-newlines.mjs');
  const measures = {
    kpi: () => timeNode([...KPI_FLAGS, KPI, 'report', '--data', data.dir, ...PERIOD, '--json']),
    // The same report without the worker thread that reads schedule and status files.
    oneThread: () => timeNode([...KPI_FLAGS, KPI, 'report', '--data', data.dir, ...PERIOD, '--json'], { env: { KPI_WORKER_MIN_BYTES: String(Number.MAX_SAFE_INTEGER) } }),
    floor: () => timeNode([counter, '--loop', ...paths]),
    nativeFloor: () => timeNode([counter, ...paths]),
  };
  if (duckdb) {
    measures.duckdbOne = () => timeDuckdb(data.dir, 1);
    measures.duckdbAll = () => timeDuckdb(data.dir, cpus().length);
  }
  const { kpi, oneThread, floor, nativeFloor, duckdbOne, duckdbAll } = interleave(measures);

  line('kpi report (whole year, --json)', `${seconds(kpi.ms)}, ${fmt(kpi.rssMb, 0)} MiB peak RSS`);
  line('  rows per second (all sources)', `${fmt(data.rows / (kpi.ms / 1000) / 1e6)} M/s`);
  line('  call rows per second', `${fmt(data.counts.calls / (kpi.ms / 1000) / 1e6)} M/s`);
  line('  MB per second', `${fmt(mb / (kpi.ms / 1000), 0)} MB/s`);
  line('kpi report on one thread (no worker)', `${seconds(oneThread.ms)}, ${fmt(oneThread.rssMb, 0)} MiB peak RSS`);
  line('floor: read all files, JS loop counts newlines', `${seconds(floor.ms)}, ${fmt(floor.rssMb, 0)} MiB; kpi / floor = ${fmt(kpi.ms / floor.ms)}x`);
  line('floor: the same with Buffer.indexOf', `${seconds(nativeFloor.ms)}; kpi / floor = ${fmt(kpi.ms / nativeFloor.ms)}x`);

  if (duckdb) {
    line('DuckDB, 1 thread, same aggregation', `${seconds(duckdbOne.ms)} (${seconds(duckdbOne.last.innerMs)} inside), ${fmt(duckdbOne.rssMb, 0)} MiB; kpi / DuckDB = ${fmt(kpi.ms / duckdbOne.ms)}x`);
    line(`DuckDB, ${cpus().length} threads`, `${seconds(duckdbAll.ms)} (${seconds(duckdbAll.last.innerMs)} inside), ${fmt(duckdbAll.rssMb, 0)} MiB; kpi / DuckDB = ${fmt(kpi.ms / duckdbAll.ms)}x`);
  }
}

function coldStart() {
  const runs = Math.max(RUNS, 10);
  const demo = join(ROOT, 'fixtures', 'demo');
  const small = join(ROOT, 'fixtures', 'golden', 'small');
  const { bare, help, weekly, smallWeek } = interleave(
    {
      bare: () => timeNode(['-e', ''], { rss: false }),
      help: () => timeNode([...KPI_FLAGS, KPI, '--help'], { stdout: 'pipe', rss: false }),
      weekly: () => timeNode([...KPI_FLAGS, KPI, 'report', '--data', demo, '--week', '2026-W47', '--as-of', '2026-11-30T08:00:00-05:00'], { rss: false }),
      smallWeek: () => timeNode([...KPI_FLAGS, KPI, 'report', '--data', small, '--week', '2026-W44', '--as-of', '2026-11-02T12:00:00-05:00'], { stdout: 'pipe', rss: false }),
    },
    runs,
  );
  console.log(`\n## cold start (median of ${runs})`);
  line("node -e ''", seconds(bare.ms));
  line('kpi --help', `${seconds(help.ms)}; ${fmt(help.ms / bare.ms)}x bare node`);
  line('kpi report, small week (fixtures/golden/small)', `${seconds(smallWeek.ms)}; ${fmt(smallWeek.ms / bare.ms)}x bare node`);
  line('kpi report, demo week (10k calls, 28k status)', `${seconds(weekly.ms)}; ${fmt(weekly.ms / bare.ms)}x bare node`);
}

mkdirSync(CACHE, { recursive: true });
machine();
const duckdb = WITH_DUCKDB && duckdbReady();
for (const size of SIZES) benchSize(size, duckdb);
coldStart();
