#!/usr/bin/env -S node --no-concurrent-recompilation
// The flag turns off V8's background optimizing compiler, whose jobs can
// deadlock Node 20 at exit: Node waits for a compile job that waits for the
// main thread (https://github.com/nodejs/node/issues/54918). About one run
// in 300 to 500 printed its report and never exited. V8 reads the flag only
// when it creates an isolate, so it must be on the command line; `node
// bin/kpi.cjs` without it runs as before. The main thread then compiles
// in line: the 1M benchmark report took 1,135 ms against 1,121 ms, and the
// demo's week, with no worker, 0.34 s against 0.24 s. NOTE: `env -S` needs
// GNU coreutils 8.30 or a BSD env (macOS); npm on Windows reads the flag
// from this line when it writes its shim.
//
// Loads dist/kpi.cjs, the whole CLI in one file, with the V8 code cache that
// `npm run build` writes beside it (scripts/bundle.mjs), so a run neither
// resolves the module tree nor compiles the bundle. A missing or rejected
// cache only costs the compile.
//
// This file is CommonJS because Node starts a CommonJS entry about 4 ms
// sooner than an ES module. It skips the ES module loader. And `require`
// of `node:fs` leaves the stream classes unloaded, which an ES module
// import of `node:fs` loads.
'use strict';

// kpi loads node:tty and node:worker_threads on first use through
// process.getBuiltinModule, which Node added in 20.16.0.
if (typeof process.getBuiltinModule !== 'function') {
  process.stderr.write(`kpi: Node.js ${process.version} is too old; install Node.js 20.16 or later and run kpi again.\n`);
  process.exit(2);
}

const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'kpi.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${bundle}.cache`);
} catch {
  cachedData = undefined;
}

// The same wrapper as scripts/bundle.mjs and Node's own CommonJS loader.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
const script = new vm.Script(source, { filename: bundle, cachedData });
const loaded = { exports: {} };
script.runInThisContext()(loaded.exports, createRequire(bundle), loaded, bundle, dirname(bundle));

// For a large report, a worker thread runs this same script to read the
// schedule and status files (see src/pipeline/read-worker.ts).
if (loaded.exports.isReadWorker()) {
  loaded.exports.runReadWorker();
} else {
  const io = loaded.exports.processIo();
  io.workerEntry = __filename;
  loaded.exports.main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
