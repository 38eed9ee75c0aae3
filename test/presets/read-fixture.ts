/**
 * Reads a fixture the way `kpi report` does when no config claims it:
 * recognized from its header or shape, then read through every entry of the
 * preset, with the records collected per kind instead of fed to the engine.
 */
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/config.js';
import type { PlannedSource } from '../../src/pipeline/plan.js';
import { recognizeFile } from '../../src/pipeline/plan.js';
import { readSource, type RejectedRow } from '../../src/pipeline/read-source.js';
import type { KindRecord, SourceKind } from '../../src/records.js';
import type { SourceLedger } from '../../src/report.js';
import { AgentDirectory } from '../../src/sources/agents.js';

export const PRESET_FIXTURES = new URL('../../fixtures/presets/', import.meta.url).pathname;

export interface ReadResult {
  presetId: string | null;
  confidence: number;
  records: KindRecord[];
  ledgers: SourceLedger[];
  rejects: RejectedRow[];
  of<K extends SourceKind>(kind: K): Extract<KindRecord, { kind: K }>['record'][];
}

/** Reads a fixture file with the team zone `timezone` (UTC unless given). */
export function readFixture(name: string, timezone = 'UTC', directory = PRESET_FIXTURES): ReadResult {
  const path = join(directory, name);
  const recognition = recognizeFile(path);
  if (recognition.as !== 'preset') throw new Error(`${name} was not recognized as a preset (${recognition.as})`);

  const config = resolveConfig({ timezone }, null, 'UTC');
  const agents = new AgentDirectory();
  const records: KindRecord[] = [];
  const rejects: RejectedRow[] = [];
  const ledgers: SourceLedger[] = [];
  for (const [entry, spec] of Object.entries(recognition.sources)) {
    const source: PlannedSource = { path, display: name, kind: spec.kind, sourceKey: `sources.${entry}`, spec };
    const ledger = readSource(
      source,
      (item) => {
        if (item.kind === 'agents') return { rejected: 'roster row' };
        // The byte path reuses a record's object for the next row (RecordSink), so keep a copy.
        records.push(structuredClone(item));
        return 'used';
      },
      { config, agents, stdin: () => Buffer.alloc(0), onReject: (reject) => rejects.push(reject) },
    );
    ledgers.push(ledger);
  }

  return {
    presetId: recognition.match.preset.id,
    confidence: recognition.match.confidence,
    records,
    ledgers,
    rejects,
    of: (kind) => records.filter((item) => item.kind === kind).map((item) => item.record) as never,
  };
}
