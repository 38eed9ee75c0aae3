/**
 * Deciding which file is read as which kind: config `sources` entries claim
 * files by name pattern; every other file is recognized from its header row.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import type { SourceSpec } from '../config/schema.js';
import { InputError } from '../errors.js';
import type { SourceKind } from '../records.js';
import { openCsv } from '../read/csv.js';
import { closestCanonicalKind, recognizeCanonicalKind } from '../sources/kinds.js';

const DATA_EXTENSIONS = ['.csv', '.tsv', '.txt'];

/** One file to read as one kind. A file feeding several kinds appears once per kind. */
export interface PlannedSource {
  /** Path to open, or `-` for standard input. */
  path: string;
  /** The name shown in the ledger and in messages. */
  display: string;
  kind: SourceKind;
  /** `sources.<name>` for a config mapping, or null for a canonical file. */
  sourceKey: string | null;
  spec: SourceSpec | null;
}

/** A file given by an explicit flag such as `--calls FILE`. */
export interface ExplicitFile {
  kind: SourceKind;
  path: string;
}

/** Lists the data files of a folder, sorted by name so the reading order is repeatable. */
export function listDataFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new InputError(`${dir}: cannot read the data folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check --data or the config's "data" key.`);
  }
  return names
    .filter((name) => DATA_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/** Converts a file name pattern with `*` and `?` into a case-insensitive matcher. */
function fileMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const regex = new RegExp(`^${source}$`, 'i');
  return (name) => regex.test(name);
}

/**
 * Plans the sources of a report. Explicit files replace the folder's files of
 * their kind. Unrecognized files are skipped with a warning that names the
 * closest kind and its missing columns.
 */
export function planSources(
  dataDir: string | null,
  config: ResolvedConfig,
  explicit: readonly ExplicitFile[],
  warn: (message: string) => void,
): PlannedSource[] {
  const files = dataDir === null ? [] : listDataFiles(dataDir);
  const plan: PlannedSource[] = [];
  const claimed = new Set<string>();

  for (const [name, spec] of Object.entries(config.sources)) {
    const patterns = (Array.isArray(spec.files) ? spec.files : [spec.files]).map(fileMatcher);
    const matches = files.filter((path) => patterns.some((matches) => matches(basename(path))));
    if (matches.length === 0) {
      warn(`sources.${name}: no file in ${dataDir ?? 'the data folder'} matches "${String(spec.files)}"; its ${spec.kind} are missing from the report.`);
    }
    for (const path of matches) {
      claimed.add(path);
      plan.push({ path, display: basename(path), kind: spec.kind, sourceKey: `sources.${name}`, spec });
    }
  }

  for (const path of files) {
    if (claimed.has(path)) continue;
    const header = openCsv(path).header;
    const kind = recognizeCanonicalKind(header);
    if (kind === null) {
      const closest = closestCanonicalKind(header);
      warn(
        `${basename(path)}: not recognized as any source kind and skipped; the closest is ${closest.kind}, ` +
          `missing ${closest.missing.map((m) => `"${m}"`).join(', ')}. Map it in the config's "sources" (see docs/config.md).`,
      );
      continue;
    }
    plan.push({ path, display: basename(path), kind, sourceKey: null, spec: null });
  }

  const replaced = new Set(explicit.map((file) => file.kind));
  const kept = plan.filter((source) => !replaced.has(source.kind));
  for (const file of explicit) {
    kept.push({ path: file.path, display: file.path === '-' ? 'stdin' : basename(file.path), kind: file.kind, sourceKey: null, spec: null });
  }
  return kept;
}
