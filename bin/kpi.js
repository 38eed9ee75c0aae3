#!/usr/bin/env node
// Loads dist/kpi.cjs, the whole CLI in one file, with the V8 code cache that
// `npm run build` writes beside it (scripts/bundle.mjs), so a run neither
// resolves the module tree nor compiles the bundle. A missing or rejected
// cache only costs the compile.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/kpi.cjs', import.meta.url));
let cachedData;
try {
  cachedData = readFileSync(`${bundle}.cache`);
} catch {
  cachedData = undefined;
}

// The same wrapper as scripts/bundle.mjs and Node's own CommonJS loader.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
const script = new vm.Script(source, { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));

// For a large report, a worker thread runs this same script to read the
// schedule and status files (see src/pipeline/read-worker.ts).
if (module.exports.isReadWorker()) {
  module.exports.runReadWorker();
} else {
  const io = module.exports.processIo();
  io.workerEntry = fileURLToPath(import.meta.url);
  module.exports.main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
