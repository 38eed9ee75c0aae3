/**
 * `kpi init [DIR]`: recognize every export in a folder, show what each maps
 * to and which values its enumerated columns hold, and write a starter
 * `kpi.config.json` whose value maps carry best guesses for the user to check.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAME, resolveConfig, systemZoneOrUtc, type ResolvedConfig } from '../config/config.js';
import type { SourceSpec } from '../config/schema.js';
import { ConfigError, InputError, UsageError } from '../errors.js';
import { listDataFiles, recognizeFile, type PlannedSource, type Recognition } from '../pipeline/plan.js';
import { describeDateOrderProblem, describeStrayDates, findDateOrders } from '../pipeline/read-source.js';
import { SOURCE_KINDS, type SourceKind } from '../records.js';
import { KIND_FIELDS } from '../sources/kinds.js';
import { findPreset, PRESETS, toSourceSpec, type Preset } from '../sources/presets/index.js';
import { collectValues, withGuessedMaps, type ColumnValues } from '../sources/value-maps.js';
import type { Io } from './io.js';

export interface InitFlags {
  force?: boolean;
  print?: boolean;
  output?: string;
  preset?: string;
}

/** Metrics that go without data when a kind has no file, for the closing summary. */
const MISSING_KIND_EFFECT: Partial<Record<SourceKind, string>> = {
  calls: 'every call metric is no_data',
  agent_status: 'shift_adherence is no_data',
  schedule: 'calls_per_hour and bookings_per_shift use the status log instead of shifts',
  bookings: 'bookings_per_shift is no_data',
  leads: 'leads_won_per_week is no_data',
  tickets: 'same_day_resolution is no_data',
  surveys: 'csat is no_data unless a calls export carries ratings',
  complaints: 'complaint_rate is no_data',
};

/**
 * The `dateOrder` init writes for a source whose dates fit both orders. It
 * is no valid value, so the report stops on the config and names the key
 * until the user chooses, rather than reading 3/5 as the wrong month.
 */
export const DATE_ORDER_TO_CHOOSE = 'choose DMY or MDY';

/** A source entry as init writes it: `dateOrder` may still be the value the user must choose. */
type WrittenSpec = Omit<SourceSpec, 'dateOrder'> & { dateOrder?: SourceSpec['dateOrder'] | typeof DATE_ORDER_TO_CHOOSE };

/** Files that one preset recognized, read as one group so overlapping weekly exports share an entry. */
interface PresetGroup {
  preset: Preset;
  confidence: number;
  paths: string[];
  sources: Record<string, SourceSpec>;
}

/** Plain words for the errors a config write meets most. */
const WRITE_FAILURES: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  EACCES: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
};

export function runInit(dirArgument: string | undefined, flags: InitFlags, io: Io): number {
  if (flags.preset !== undefined) return printPreset(flags.preset, io);

  const dir = resolve(io.cwd, dirArgument ?? '.');
  // resolve() drops a trailing slash, so check the path as given.
  if (!flags.print && flags.output !== undefined && /[\\/]$/.test(flags.output) && !existsSync(resolve(io.cwd, flags.output))) {
    throw new UsageError(`--output ${flags.output} ends with a slash, so it names a folder; give a file path such as ${join(flags.output, CONFIG_FILE_NAME)}.`);
  }
  const target = flags.output === undefined ? join(dir, CONFIG_FILE_NAME) : resolve(io.cwd, flags.output);
  if (!flags.print && existsSync(target) && statSync(target).isDirectory()) {
    throw new UsageError(`--output ${target} is a folder; give a file path such as ${join(target, CONFIG_FILE_NAME)}.`);
  }

  const files = listDataFiles(dir, `check the folder argument of kpi init ("${dirArgument ?? '.'}")`);
  // --force replaces a config, never an export, even one named by a symbolic
  // or hard link. Init writes the config in place, so the check compares
  // device and inode. It comes first, so that the message does not suggest --force.
  if (!flags.print && existsSync(target) && files.some((path) => isSameFile(path, target))) {
    throw new UsageError(`--output ${target} is one of the exports that init reads; give another file, such as ${join(dir, CONFIG_FILE_NAME)}.`);
  }
  if (!flags.print && existsSync(target) && !flags.force) {
    throw new ConfigError(`${target} already exists; rerun with --force to replace it, or with --print to see the new config without writing it.`);
  }

  const lines: string[] = [`kpi init: ${files.length} data file(s) in ${dir}`, ''];
  const groups = new Map<string, PresetGroup>();
  const kindsFound = new Set<SourceKind>();
  const canonicalFiles: { path: string; kind: SourceKind }[] = [];
  // Canonical files whose header sits below title lines, which an entry with skipRows reads.
  const titledFiles: { path: string; entry: { kind: SourceKind; files: string; skipRows: number } }[] = [];

  for (const path of files) {
    const recognition = recognizeFile(path);
    lines.push(describeRecognition(basename(path), recognition));
    // Encoding warnings come from the file's first 1 MiB alone, so init shows the ones kpi report will print.
    for (const warning of recognition.warnings) lines.push(`  warning: ${warning}`);
    if (recognition.as === 'canonical') {
      kindsFound.add(recognition.kind);
      canonicalFiles.push({ path, kind: recognition.kind });
    }
    if (recognition.as === 'unknown' && recognition.entry !== undefined) {
      kindsFound.add(recognition.entry.kind);
      titledFiles.push({ path, entry: recognition.entry });
    }
    if (recognition.as !== 'preset') continue;

    const { preset, confidence } = recognition.match;
    const group = groups.get(preset.id);
    if (group === undefined) groups.set(preset.id, { preset, confidence, paths: [path], sources: recognition.sources });
    else {
      group.paths.push(path);
      group.confidence = Math.min(group.confidence, confidence);
    }
  }

  const zone = systemZoneOrUtc(io.systemZone);
  // Date-order detection reads the files as a report without a config would.
  const readConfig = resolveConfig({}, null, zone.name);
  let datesToChoose = false;
  let entriesUnreadable = false;

  const sources: Record<string, WrittenSpec> = {};
  for (const group of groups.values()) {
    lines.push('', `${group.preset.system} ${group.preset.title} (${group.paths.map((path) => basename(path)).join(', ')}):`);
    const files = group.paths.map((path) => basename(path));
    for (const [presetName, spec] of Object.entries(group.sources)) {
      // Two layouts of one system (Asterisk with 16 and 18 columns) give entries of the same name.
      const name = uniqueName(presetName, sources);
      kindsFound.add(spec.kind);
      const entry: SourceSpec = { ...spec, files: files.length === 1 ? files[0]! : files };
      const found = collectValues(group.paths, `sources.${name}`, entry, ['won']);
      const dates = checkDateOrders(group.paths, name, entry, readConfig);
      const written = withGuessedMaps(entry, `sources.${name}`, found);
      sources[name] = dates.toChoose ? withDateOrderToChoose(written) : written;
      datesToChoose ||= dates.toChoose;
      entriesUnreadable ||= dates.unreadable;
      lines.push(`  sources.${name} reads ${spec.kind}`);
      lines.push(...dates.lines);
      lines.push(...describeValues(found));
      const unmapped = unmappedFields(entry);
      if (unmapped.length > 0) lines.push(`    not mapped: ${unmapped.join(', ')}`);
    }
    for (const note of group.preset.notes) lines.push(`    note: ${note}`);
  }

  // A canonical file needs no entry unless its dates fit both orders, which only an entry can settle.
  // Its values need no map, so only those the report rejects are listed.
  // A file with title lines above its header needs an entry with skipRows; a canonical one only for its date order.
  const plainOrTitled: { path: string; entry: SourceSpec; titled: boolean }[] = [
    ...canonicalFiles.map(({ path, kind }) => ({ path, entry: { kind, files: basename(path) }, titled: false })),
    ...titledFiles.map(({ path, entry }) => ({ path, entry, titled: true })),
  ];
  for (const { path, entry, titled } of plainOrTitled) {
    const kind = entry.kind;
    const name = uniqueName(kind, sources);
    const dates = checkDateOrders([path], name, entry, readConfig);
    const rejected = collectValues([path], `sources.${name}`, entry, ['won'])
      .map((column) => ({ ...column, values: column.values.filter((use) => use.how !== 'canonical' && use.how !== 'kept') }))
      .filter((column) => column.values.length > 0);
    if (!titled && dates.lines.length === 0 && rejected.length === 0) continue;

    lines.push('', `${basename(path)} (canonical ${kind}):`);
    if (titled || dates.toChoose) {
      sources[name] = dates.toChoose ? withDateOrderToChoose(entry) : entry;
      datesToChoose ||= dates.toChoose;
      lines.push(
        titled
          ? `  sources.${name} reads ${kind}, skipping ${entry.skipRows} title line(s)`
          : `  sources.${name} reads ${kind}, written only to hold the date order`,
      );
    }
    lines.push(...dates.lines);
    lines.push(...describeRejectedValues(rejected));
  }

  // A config that reads no file would only make the next run of init need
  // --force, so none is written until a file is recognized.
  if (kindsFound.size === 0) {
    io.stderr(`${lines.join('\n')}\n\n`);
    const found = files.length === 0 ? `${dir} has no .csv, .tsv or .txt file` : `none of the ${files.length} file(s) in ${dir} was recognized`;
    throw new InputError(
      `${found}, so no config was written. Start from a hand-written mapping in docs/examples/ (public data sets), ` +
        'or map each export in "sources" as docs/config.md explains, then run kpi report.',
    );
  }

  const absent = SOURCE_KINDS.filter((kind) => kind !== 'agents' && !kindsFound.has(kind));
  if (absent.length > 0) {
    lines.push('', 'No file for:');
    for (const kind of absent) lines.push(`  ${kind}: ${MISSING_KIND_EFFECT[kind] ?? 'not used'}`);
  }

  const config = {
    timezone: zone.name,
    data: dataKey(dir, dirname(target)),
    ...(Object.keys(sources).length > 0 ? { sources } : {}),
  };
  const json = `${JSON.stringify(config, null, 2)}\n`;

  if (flags.print) {
    io.stderr(`${lines.join('\n')}\n`);
    io.stdout(json);
    return 0;
  }

  try {
    writeFileSync(target, json);
  } catch (error) {
    // A missing folder or a read-only place is the user's path to fix, not a bug.
    const code = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    const reason = WRITE_FAILURES[code] ?? code;
    const where = flags.output === undefined ? 'the folder of exports' : '--output';
    throw new UsageError(`cannot write ${target} (${reason}); check ${where}, or use --print to see the config without writing it.`);
  }
  lines.push(
    '',
    zone.problem !== null
      ? `Wrote ${target} with timezone "UTC", because ${zone.problem}; set "timezone" to the team's zone.`
      : // Servers and containers often run on UTC, which is seldom the zone a team's exports are written in.
        `Wrote ${target} with timezone "${zone.name}" (the system's)${zone.name === 'UTC' || zone.name.startsWith('Etc/') ? `; set "timezone" to the team's zone if the exports are written in another` : ''}.`,
    ...(datesToChoose
      ? [`Set each "dateOrder" written as "${DATE_ORDER_TO_CHOOSE}" to "DMY" (day first) or "MDY" (month first); kpi report stops on the config until then.`]
      : []),
    ...(entriesUnreadable
      ? ['Fix each entry marked "cannot be read as written" above, in its columns or in the export, before you run kpi report.']
      : []),
    lines.some((line) => line.includes(' (guessed)'))
      ? 'Check the value maps marked (guessed) above and the time zone, then run: kpi report --week'
      : 'Check the time zone, then run: kpi report --week',
    'Each entry lists the exact file names found: change "files" to a pattern such as "calls-*.csv" to read later exports too.',
  );
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * Detects the date order of an entry's slash-date columns in each of its
 * files, as the report does, and describes the columns the report would
 * stop on. `toChoose` is true when some column's dates all fit both orders
 * or mix them, which only the entry's dateOrder can settle.
 */
function checkDateOrders(
  paths: readonly string[],
  name: string,
  spec: SourceSpec,
  config: ResolvedConfig,
): { lines: string[]; toChoose: boolean; unreadable: boolean } {
  const lines: string[] = [];
  let toChoose = false;
  let unreadable = false;
  for (const path of paths) {
    const source: PlannedSource = { path, display: basename(path), kind: spec.kind, sourceKey: `sources.${name}`, spec };
    let findings: ReturnType<typeof findDateOrders>;
    try {
      findings = findDateOrders(source, config);
    } catch (error) {
      // A file the mapping cannot read (a missing column) would stop kpi report, so init reports it now.
      if (!(error instanceof InputError)) throw error;
      unreadable = true;
      lines.push(`    cannot be read as written: ${error.message}`);
      continue;
    }

    for (const finding of findings) {
      const strays = describeStrayDates(finding);
      if (strays !== null) lines.push(`    date order: ${source.display} ${strays}; kpi report rejects their rows`);

      const problem = describeDateOrderProblem(finding);
      if (problem === null) continue;

      toChoose = true;
      const fix = finding.order === 'conflict' ? 'fix the export, or set it to the order most rows use and let the other rows be rejected' : 'set it to "DMY" or "MDY"';
      lines.push(`    date order: ${source.display} ${problem}, so sources.${name}.dateOrder is written as "${DATE_ORDER_TO_CHOOSE}"; ${fix}`);
    }
  }
  return { lines, toChoose, unreadable };
}

/** Returns a copy of an entry whose `dateOrder`, placed after `files` where it is easy to find, awaits the user's choice. */
function withDateOrderToChoose(spec: SourceSpec): WrittenSpec {
  const { kind, files, ...rest } = spec;
  return { kind, files, dateOrder: DATE_ORDER_TO_CHOOSE, ...rest };
}

function describeRecognition(file: string, recognition: Recognition): string {
  switch (recognition.as) {
    case 'canonical':
      return `${file}: canonical ${recognition.kind}`;
    case 'preset': {
      const { preset, confidence } = recognition.match;
      const kinds = [...new Set(Object.values(recognition.sources).map((spec) => spec.kind))].join(' and ');
      return `${file}: ${preset.system} ${preset.title}, preset ${preset.id} (confidence ${Math.round(confidence * 100)}%), read as ${kinds}`;
    }
    case 'unknown':
      if (recognition.entry !== undefined) return `${file}: ${recognition.reason}, read with "skipRows": ${recognition.entry.skipRows}`;
      return `${file}: not recognized and left out of the config; ${recognition.reason}. Map it by hand (docs/config.md).`;
  }
}

function describeValues(found: readonly ColumnValues[]): string[] {
  const lines: string[] = [];
  for (const column of found) {
    const where = column.afterPattern ? `"${column.column}" after its pattern` : `"${column.column}"`;
    lines.push(`    ${column.field} values in ${where} (${column.configKey}):`);
    for (const use of column.values) {
      if (use.how === 'empty') {
        lines.push(`      (empty) x${use.rows} -> REJECTED: ${column.field} is required; fill it in the export, or give it a value in ${column.configKey}`);
        continue;
      }
      const target =
        use.how === 'unmapped'
          ? `NOT MAPPED: rows are rejected until ${column.configKey}.map gives it a value`
          : use.how === 'kept'
            ? 'kept as written (not a won stage)'
            : `${use.becomes}${use.how === 'guessed' ? ' (guessed)' : ''}`;
      lines.push(`      "${use.value}" x${use.rows} -> ${target}`);
    }
  }
  return lines;
}

/** Lists the values of a canonical file's enumerated columns that the report rejects, with the words they may stand for. */
function describeRejectedValues(found: readonly ColumnValues[]): string[] {
  const lines: string[] = [];
  for (const column of found) {
    lines.push(`    ${column.field} values in "${column.column}" that the report rejects:`);
    for (const use of column.values) {
      const cell = use.how === 'empty' ? '(empty)' : `"${use.value}"`;
      const reason = use.how === 'empty' ? `${column.field} is required` : `not a valid ${column.field}${use.how === 'guessed' ? ` (it reads as ${use.becomes})` : ''}`;
      lines.push(`      ${cell} x${use.rows} -> REJECTED: ${reason}; fix the export, or map the file in "sources" (docs/config.md)`);
    }
  }
  return lines;
}

function uniqueName(name: string, taken: Record<string, unknown>): string {
  if (!(name in taken)) return name;
  let n = 2;
  while (`${name}-${n}` in taken) n++;
  return `${name}-${n}`;
}

/** Canonical fields of the entry's kind that no column, constant or rule feeds. */
function unmappedFields(spec: SourceSpec): string[] {
  return KIND_FIELDS[spec.kind].filter((def) => spec.columns?.[def.name] === undefined).map((def) => def.name);
}

/** Returns the `data` key that points from the config's folder to the data folder. */
function dataKey(dataDir: string, configDir: string): string {
  const path = relative(configDir, dataDir);
  return path === '' ? '.' : path;
}

/** Prints one preset as the `sources` entries to paste into a config, with its notes. */
function printPreset(id: string, io: Io): number {
  const preset = findPreset(id);
  if (preset === undefined) {
    throw new UsageError(`no preset "${id}"; use one of ${PRESETS.map((known) => known.id).join(', ')}.`);
  }
  const sources = Object.fromEntries(Object.entries(preset.sources).map(([name, part]) => [name, toSourceSpec(part, 'EXPORT-FILE.csv')]));
  io.stderr(`${preset.system} ${preset.title}: replace EXPORT-FILE.csv with the export's file name or a pattern.\n`);
  for (const note of preset.notes) io.stderr(`note: ${note}\n`);
  io.stdout(`${JSON.stringify({ sources }, null, 2)}\n`);
  return 0;
}

function isSameFile(path: string, other: string): boolean {
  const first = statSync(path);
  const second = statSync(other);
  return first.dev === second.dev && first.ino === second.ino;
}
