#!/usr/bin/env node
// The entry before bin/kpi.cjs, kept so that scripts and npx caches that
// still name bin/kpi.js run the CLI. npx keeps the bin link of a local
// project in its cache (~/.npm/_npx) and does not refresh it.
import './kpi.cjs';
