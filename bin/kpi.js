#!/usr/bin/env node
// dist/kpi.js is the whole CLI in one file (scripts/bundle.mjs), which starts faster than dist/cli/main.js and its modules.
import { main } from '../dist/kpi.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
