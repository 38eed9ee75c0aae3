// Bundles the CLI and its dependencies into dist/kpi.cjs, the file bin/kpi.cjs
// loads, and writes V8's code cache for it to dist/kpi.cjs.cache.
//
// One file starts faster than Node resolving and loading each module of the
// dependency tree, and the code cache spares compiling it. On the benchmark
// machine `kpi --help` takes about 0.09 s this way, against 0.15 s from the
// module tree and 0.11 s from the bundle alone (docs/performance.md).
//
// The cache is made by running `--help` and a small weekly report once, so
// the functions they call are compiled into it. It is only valid for the
// Node and V8 build that made it; another one rejects it and compiles as usual.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';

const bundle = resolve('dist/kpi.cjs');
const cache = `${bundle}.cache`;

// commander requires node:child_process at load time but uses it only for
// subcommands that are separate executables, which kpi has none of. Loading
// it pulls in net and the stream classes, about 4 ms of every start, so the
// bundle gets a stand-in that loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(plugin) {
    plugin.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: 'child_process', namespace: 'lazy-child-process' } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['src/cli/main.ts'],
  plugins: [lazyChildProcess],
  outfile: bundle,
  bundle: true,
  // KPI_NO_MINIFY=1 keeps names and lines, for CPU profiles that name functions.
  minify: process.env.KPI_NO_MINIFY ? false : true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

// bin/kpi.cjs wraps the bundle the same way, and V8 accepts a cache only for the same source text.
const wrapped = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'utf8')}\n})`;
const script = new vm.Script(wrapped, { filename: bundle });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));

const quiet = { stdout: () => {}, stderr: () => {}, now: () => Date.now(), env: {}, cwd: process.cwd(), stdoutIsTty: false, columns: 80, systemZone: 'UTC' };
await module.exports.main(['--help'], quiet);
const small = resolve('fixtures/golden/small');
if (existsSync(small)) {
  await module.exports.main(['report', '--data', small, '--week', '2026-W44', '--as-of', '2026-11-02T12:00:00-05:00'], quiet);
}

rmSync(cache, { force: true });
writeFileSync(cache, script.createCachedData());
