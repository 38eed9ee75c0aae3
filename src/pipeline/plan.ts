/**
 * Deciding which file is read as which kind. Config `sources` entries claim
 * files by name pattern. Every other file is recognized from its header row
 * as canonical or as a vendor preset, or, without a header, from its shape.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import type { SourceSpec } from '../config/schema.js';
import { InputError } from '../errors.js';
import type { SourceKind } from '../records.js';
import { isEmptyHeader, misreadDelimiter, openCsv } from '../read/csv.js';
import { closestCanonicalKind, flagOfKind, KIND_FIELDS, normalizeName, recognizeCanonicalKind } from '../sources/kinds.js';
import { closestPreset, matchHeader, matchShape, presetSources, sampleRows, type PresetMatch } from '../sources/presets/index.js';

const DATA_EXTENSIONS = ['.csv', '.tsv', '.txt'];

/** One file to read as one kind. A file feeding several kinds appears once per kind. */
export interface PlannedSource {
  /** Path to open, or `-` for standard input. */
  path: string;
  /** The name shown in the ledger and in messages. */
  display: string;
  kind: SourceKind;
  /** `sources.<name>` for a config mapping or a preset's entry, or null for a canonical file. */
  sourceKey: string | null;
  spec: SourceSpec | null;
  /** The preset that recognized the file, when no config entry claimed it. */
  preset?: { id: string; confidence: number };
  /** True for a file given by a flag such as `--calls FILE`, which `kpi init` does not read. */
  explicit?: boolean;
}

/**
 * The result of recognizing an unclaimed file: canonical, a preset, or
 * unknown with the reason, with the warnings that opening the file gave.
 */
export type Recognition = (
  | { as: 'canonical'; kind: SourceKind; header: string[] }
  | { as: 'preset'; match: PresetMatch; header: string[]; sources: Record<string, SourceSpec> }
  | {
      as: 'unknown';
      header: string[];
      reason: string;
      /** The config entry that reads the file, when the reason can tell it: a canonical header below title lines. */
      entry?: { kind: SourceKind; files: string; skipRows: number };
    }
) & { warnings: readonly string[] };

/**
 * Recognizes one data file: canonical header first, then a preset's header,
 * then a header-less preset's shape. The reason of an unknown file names the
 * closest preset and canonical kind with the columns each lacks.
 */
export function recognizeFile(path: string): Recognition {
  const { header, warnings } = openCsv(path, { name: basename(path) });
  const kind = recognizeCanonicalKind(header);
  if (kind !== null) return { as: 'canonical', kind, header, warnings };

  const files = basename(path);
  const byHeader = matchHeader(header);
  if (byHeader !== null) return { as: 'preset', match: byHeader, header, sources: presetSources(byHeader.preset, header, files), warnings };

  const byShape = matchShape(sampleRows(path, undefined, files));
  if (byShape !== null) {
    const supplied = Object.values(byShape.preset.sources)[0]?.header ?? header;
    return { as: 'preset', match: byShape, header: supplied, sources: presetSources(byShape.preset, supplied, files), warnings };
  }

  // An empty file, or one with only a BOM or a `sep=` line, has no header to compare.
  if (isEmptyHeader(header)) return { as: 'unknown', header, reason: 'it is empty (no header row)', warnings };

  const below = headerBelowTitles(path, files);
  if (below !== null) {
    const entry = { kind: below.kind, files, skipRows: below.skipRows };
    const reason = `its line ${below.line} is a canonical ${below.kind} header after ${below.skipRows} title line(s)`;
    return { as: 'unknown', header, reason, entry, warnings };
  }

  const misread = misreadDelimiter(header);
  if (misread !== null) return { as: 'unknown', header, reason: misread, warnings };

  const preset = closestPreset(header);
  const canonical = closestCanonicalKind(header);
  const quoted = (names: string[]): string => names.map((name) => `"${name}"`).join(', ');
  const nearest =
    preset.share === 0
      ? 'no preset has any of its required columns here'
      : `the closest preset is ${preset.preset.id} (${preset.preset.system} ${preset.preset.title}), missing ${quoted(preset.missing)}`;
  const reason = `${nearest}; the closest canonical kind is ${canonical.kind}, missing ${quoted(canonical.missing)}`;
  return { as: 'unknown', header, reason, warnings };
}

/** Lines above a header that a report title or export date may take, as far as recognition looks for a header. */
const TITLE_LINES = 5;

/**
 * Returns the canonical kind whose header is a few lines into the file, below
 * a title such as "Calls report", how many lines skipRows must drop, and the
 * header's physical line (after a `sep=` line too). Returns null when none of
 * the first TITLE_LINES lines below the start starts such a header.
 */
function headerBelowTitles(path: string, name: string): { kind: SourceKind; skipRows: number; line: number } | null {
  for (let skipRows = 1; skipRows <= TITLE_LINES; skipRows++) {
    let reader: ReturnType<typeof openCsv>;
    try {
      reader = openCsv(path, { name, skipRows });
    } catch {
      return null;
    }
    const kind = recognizeCanonicalKind(reader.header);
    if (kind !== null) return { kind, skipRows, line: reader.headerLine };
  }
  return null;
}

/** The header `--rejects` writes; such a file left in the data folder is not an export. */
const REJECTS_COLUMNS = ['file', 'kind', 'line', 'column', 'value', 'reason'];

function isRejectsFile(header: readonly string[]): boolean {
  return header.length === REJECTS_COLUMNS.length && header.every((name, i) => name.trim().toLowerCase() === REJECTS_COLUMNS[i]);
}

/**
 * Stops on a file that has at least half (and at least two) of the required
 * columns of a canonical kind but not all. Such a file is meant as that kind,
 * and skipping it would show its KPIs as missing data instead of naming the
 * missing column.
 */
function failOnNearlyCanonical(path: string, header: readonly string[]): void {
  const closest = closestCanonicalKind(header);
  const required = KIND_FIELDS[closest.kind].filter((field) => field.required).length;
  const present = required - closest.missing.length;
  // Two matching columns at least, so a lone "agent" column does not make a file a roster.
  if (closest.missing.length === 0 || present < 2 || closest.missing.length * 2 > required) return;
  throw new InputError(
    `${basename(path)}: looks like ${/^[aeiou]/.test(closest.kind) ? 'an' : 'a'} ${closest.kind} file but lacks the required column(s) ${closest.missing.map((m) => `"${m}"`).join(', ')}; ` +
      `add them to the export, or map the file in the config's "sources" (see docs/config.md).`,
  );
}

/** A file given by an explicit flag such as `--calls FILE`. */
export interface ExplicitFile {
  kind: SourceKind;
  path: string;
}

/**
 * Lists the data files of a folder, sorted by name. `fix` ends the message
 * for a folder that cannot be read, so it names where the folder came from.
 * `warn` gets a message for each named pipe, socket or device with a data
 * file's name, which is skipped.
 */
export function listDataFiles(dir: string, fix = 'check --data or the config\'s "data" key', warn: (message: string) => void = () => {}): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new InputError(`${dir}: cannot read the data folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ${fix}.`);
  }
  return names
    .filter((name) => DATA_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext)))
    .map((name) => join(dir, name))
    .filter((path) => isDataFile(path, warn))
    .sort();
}

/**
 * Returns true for a file or a link to one. Throws InputError for a link
 * whose target is missing. A folder is skipped without a word, and a pipe,
 * socket or device with a warning.
 */
function isDataFile(path: string, warn: (message: string) => void): boolean {
  try {
    const stats = statSync(path);
    if (stats.isFile()) return true;
    if (!stats.isDirectory()) {
      // The reader opens a file more than once and reads at offsets, which a pipe cannot serve.
      const fileType = stats.isFIFO() ? 'a named pipe' : stats.isSocket() ? 'a socket' : 'a device';
      warn(`${basename(path)}: skipped because it is ${fileType}, not a regular file; copy the export into a file, or give it to its flag as "-" on standard input.`);
    }
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    // readdir listed the name, so a missing file here is a symbolic link whose target is gone.
    const problem = code === 'ENOENT' ? 'a symbolic link to a missing file' : `unreadable (${code})`;
    throw new InputError(`${basename(path)}: cannot read the file, which is ${problem}; fix or remove it, or move it out of the data folder.`);
  }
}

/**
 * Stops on a flag's file that is a named pipe, socket or character device.
 * The reader opens a file more than once and reads at offsets, which a pipe
 * does not allow, and a second open of a pipe whose writer is done waits
 * forever. A missing file is left to the read, which names it.
 */
function failOnPipe(path: string, display: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return;
  }
  if (!stats.isFIFO() && !stats.isSocket() && !stats.isCharacterDevice()) return;
  throw new InputError(`${display}: cannot read a pipe or device by its path; redirect it to standard input and give "-" as the file instead.`);
}

/** Converts a file name pattern with `*` and `?` into a case-insensitive matcher. */
function fileMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split('')
    .map((ch) => {
      if (ch === '*') return '.*';
      if (ch === '?') return '.';
      return ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const regex = new RegExp(`^${source}$`, 'i');
  return (name) => regex.test(name);
}

/**
 * Plans the sources of a report. Explicit files replace the folder's files of
 * their kind, and `onReplaced` gets the path of each folder file left out so.
 * Unrecognized files are skipped with a warning that names the closest kind
 * and its missing columns.
 */
export function planSources(
  dataDir: string | null,
  config: ResolvedConfig,
  explicit: readonly ExplicitFile[],
  warn: (message: string) => void,
  onReplaced: (path: string) => void = () => {},
): PlannedSource[] {
  // Descending name order: weekly exports are usually named by date, so the
  // newest snapshot of a ticket or deal is read first and kept, and older
  // copies of the same row count as duplicates.
  const files = dataDir === null ? [] : listDataFiles(dataDir, undefined, warn).reverse();
  const plan: PlannedSource[] = [];
  const claimed = new Set<string>();

  // Each config entry of a flag's kind whose "files" match the flag's file
  // maps that file (its dateOrder, encoding, columns), as entries map a file
  // in the data folder, and a file no entry matches is canonical. Standard
  // input matches the name "stdin".
  const explicitSources = explicit.flatMap((file): PlannedSource[] => {
    const display = file.path === '-' ? 'stdin' : basename(file.path);
    if (file.path !== '-') failOnPipe(file.path, display);
    const entries = Object.entries(config.sources).filter(([, spec]) => spec.kind === file.kind && matchesFiles(spec.files, display));
    if (entries.length === 0) {
      const byPreset = presetSourcesOfKind(file);
      if (byPreset.length > 0) return byPreset.map((source) => ({ ...source, display, explicit: true }));
      return [{ path: file.path, display, kind: file.kind, sourceKey: null, spec: null, explicit: true }];
    }
    return entries.map(([name, spec]) => ({ path: file.path, display, kind: file.kind, sourceKey: `sources.${name}`, spec, explicit: true }));
  });
  const replaced = new Set(explicit.map((file) => file.kind));

  for (const [name, spec] of Object.entries(config.sources)) {
    const matches = files.filter((path) => matchesFiles(spec.files, basename(path)));
    // Without a data folder, or with a flag that replaces the kind's files, an entry is not expected to match a file there.
    if (matches.length === 0 && dataDir !== null && !replaced.has(spec.kind)) {
      warn(`sources.${name}: no file in ${dataDir} matches "${String(spec.files)}"; its ${spec.kind} are missing from the report.`);
    }
    for (const path of matches) {
      claimed.add(path);
      plan.push({ path, display: basename(path), kind: spec.kind, sourceKey: `sources.${name}`, spec });
    }
  }

  for (const path of files) {
    if (claimed.has(path)) continue;
    const recognition = recognizeFile(path);
    if (recognition.as === 'canonical') {
      plan.push({ path, display: basename(path), kind: recognition.kind, sourceKey: null, spec: null });
      continue;
    }
    if (recognition.as === 'unknown') {
      if (isRejectsFile(recognition.header)) continue;
      if (isEmptyHeader(recognition.header)) {
        warn(`${basename(path)}: skipped because it is empty (no header row); export it again with its header row, or remove it.`);
        continue;
      }
      failOnNearlyCanonical(path, recognition.header);
      warn(
        `${basename(path)}: not recognized as any source kind and skipped; ${recognition.reason}. ` +
          (recognition.entry === undefined
            ? `Map it in the config's "sources" (see docs/config.md), or run "kpi init" to start a mapping.`
            : `To read it, run "kpi init", which writes the entry, or add "${recognition.entry.kind}": ${JSON.stringify(recognition.entry)} to the config's "sources".`),
      );
      continue;
    }
    const { preset, confidence } = recognition.match;
    for (const [name, spec] of Object.entries(recognition.sources)) {
      plan.push({ path, display: basename(path), kind: spec.kind, sourceKey: `sources.${name}`, spec, preset: { id: preset.id, confidence } });
    }
  }

  const fromFolder: PlannedSource[] = [];
  for (const source of plan) {
    if (replaced.has(source.kind)) onReplaced(source.path);
    else fromFolder.push(source);
  }
  return [...fromFolder, ...explicitSources];
}

/**
 * Returns the sources of a flag's file when a vendor preset recognizes the
 * file and reads the flag's kind from it, as it would in the data folder.
 * Every entry of that kind is returned, because a preset may have several
 * (VICIdial's agent log gives pause, wait, talk and dispo statuses).
 * Returns none for standard input, a canonical file, and a file that cannot
 * be opened, whose error the read reports. Throws InputError when the
 * preset reads other kinds only, or for a canonical file of another kind
 * that lacks a column the flag's kind needs.
 */
function presetSourcesOfKind(file: ExplicitFile): PlannedSource[] {
  if (file.path === '-') return [];
  let recognition: Recognition;
  try {
    recognition = recognizeFile(file.path);
  } catch {
    return [];
  }
  if (recognition.as === 'canonical') {
    // A canonical file of another kind lacks some column of the flag's kind, so name its kind rather than the columns.
    const fitsFlag = KIND_FIELDS[file.kind].every((field) => !field.required || recognition.header.some((name) => normalizeName(name) === field.name));
    if (recognition.kind !== file.kind && !fitsFlag) {
      throw new InputError(`${basename(file.path)}: looks like a canonical ${recognition.kind} file, not ${file.kind}; give it with --${flagOfKind(recognition.kind)} instead.`);
    }
    return [];
  }
  if (recognition.as !== 'preset') return [];

  const { preset, confidence } = recognition.match;
  const kinds = [...new Set(Object.values(recognition.sources).map((spec) => spec.kind))];
  if (!kinds.includes(file.kind)) {
    // Read as canonical, the file would fail on missing columns, with a fix (add or map them) that does not apply.
    const article = /^[aeiou]/i.test(preset.system) ? 'an' : 'a';
    throw new InputError(
      `${basename(file.path)}: looks like ${article} ${preset.system} ${preset.title} (preset ${preset.id}), which gives ${kinds.join(' and ')}, not ${file.kind}; give it with --${flagOfKind(kinds[0]!)} instead.`,
    );
  }
  return Object.entries(recognition.sources)
    .filter(([, spec]) => spec.kind === file.kind)
    .map(([name, spec]) => ({
      path: file.path,
      display: basename(file.path),
      kind: file.kind,
      sourceKey: `sources.${name}`,
      spec,
      preset: { id: preset.id, confidence },
    }));
}

/** Returns whether a file name matches a config entry's "files": one pattern or a list of them. */
function matchesFiles(files: string | readonly string[], name: string): boolean {
  return (Array.isArray(files) ? files : [files]).some((pattern: string) => fileMatcher(pattern)(name));
}
