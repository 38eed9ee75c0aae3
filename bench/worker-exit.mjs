#!/usr/bin/env node
// Runs the demo's weekly report many times with the read worker forced on
// and counts the runs that never end. Node 20 can hang a worker thread at
// exit (https://github.com/nodejs/node/issues/54918), and
// src/pipeline/read-worker.ts works around it. docs/performance.md ("A
// worker that never ended") has the figures. A unit test would miss a hang
// that comes once in 70 runs, so this script checks it instead.
//
// The main thread has the same hang, which bin/kpi.cjs's shebang avoids
// with --no-concurrent-recompilation. `--main-thread` runs the report with
// no worker and that flag, and `--main-thread --bare` without the flag.
//
// Usage: npm run build && node bench/worker-exit.mjs [--runs 1000] [--limit-ms 20000] [--main-thread [--bare]]
// It runs two reports at a time and prints the counts. Like the other
// benchmarks, it exits 0 whatever the counts are.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const KPI = join(ROOT, 'bin', 'kpi.cjs');
const REPORT = ['report', '--data', join(ROOT, 'fixtures/demo'), '--week', '2026-W47', '--as-of', '2026-11-30T08:00:00-05:00', '--json'];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const runs = option('--runs', 1000);
const limitMs = option('--limit-ms', 20_000);
const mainThread = args.includes('--main-thread');
const nodeFlags = mainThread && !args.includes('--bare') ? ['--no-concurrent-recompilation'] : [];
const env = mainThread ? { ...process.env, NO_COLOR: '1' } : { ...process.env, KPI_WORKER_MIN_BYTES: '0', NO_COLOR: '1' };

/** Runs one report; resolves with 'ok', 'failed' (exit code not 0) or 'hung' (killed at the limit). */
function runOnce() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeFlags, KPI, ...REPORT], {
      env,
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (hung) resolve('hung');
      else if (code === 0) resolve('ok');
      else resolve('failed');
    });
  });
}

const counts = { ok: 0, failed: 0, hung: 0 };
let started = 0;
const startedAt = Date.now();

async function lane() {
  while (started < runs) {
    started += 1;
    counts[await runOnce()] += 1;
  }
}

await Promise.all([lane(), lane()]);

const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
const setting = mainThread ? `on the main thread${nodeFlags.length > 0 ? ` with ${nodeFlags.join(' ')}` : ''}` : 'with the read worker forced on';
console.log(`${runs} runs ${setting}, ${seconds} s, node ${process.version}`);
console.log(`ended normally: ${counts.ok}`);
console.log(`exited with an error: ${counts.failed}`);
console.log(`still running after ${limitMs / 1000} s, killed: ${counts.hung}`);
