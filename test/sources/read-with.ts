/**
 * Reads CSV text or a file through one `sources` entry, as `kpi report`
 * would, collecting records and rejects instead of feeding the engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { resolveConfig } from '../../src/config/config.js';
import type { SourceSpec } from '../../src/config/schema.js';
import { readSource, type RejectedRow } from '../../src/pipeline/read-source.js';
import type { KindRecord, RosterEntry } from '../../src/records.js';
import type { SourceLedger } from '../../src/report.js';
import { AgentDirectory } from '../../src/sources/agents.js';

export interface ReadOutcome {
  records: (KindRecord['record'] | RosterEntry)[];
  rejects: RejectedRow[];
  ledger: SourceLedger;
}

/** Writes `content` to a fresh temporary folder and returns the file's path. */
export function writeTemp(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kpi-source-')), name);
  writeFileSync(path, content);
  return path;
}

/** Reads a file through `spec` (its `files` is ignored) in the team zone UTC. */
export function readWith(path: string, spec: Omit<SourceSpec, 'files'>, name = 'sources.test'): ReadOutcome {
  const config = resolveConfig({ timezone: 'UTC' }, null, 'UTC');
  const records: (KindRecord['record'] | RosterEntry)[] = [];
  const rejects: RejectedRow[] = [];
  const ledger = readSource(
    { path, display: basename(path), kind: spec.kind, sourceKey: name, spec: { ...spec, files: basename(path) } },
    (item) => {
      // The byte path reuses a record's object for the next row (RecordSink), so keep a copy.
      records.push(structuredClone(item.record));
      return 'used';
    },
    { config, agents: new AgentDirectory(), stdin: () => Buffer.alloc(0), onReject: (reject) => rejects.push(reject) },
  );
  return { records, rejects, ledger };
}

/** Reads CSV text through `spec`. */
export function readText(text: string, spec: Omit<SourceSpec, 'files'>, name = 'sources.test'): ReadOutcome {
  return readWith(writeTemp('export.csv', text), spec, name);
}
