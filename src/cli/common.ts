/**
 * Steps shared by `report` and `validate`: finding the config, planning the
 * sources, and logging rejected rows to stderr and the --rejects file.
 */
import { closeSync, existsSync, fchmodSync, fstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, findConfigFile, loadConfig, type ResolvedConfig } from '../config/config.js';
import { InputError, UsageError } from '../errors.js';
import { listDataFiles, planSources, type ExplicitFile, type PlannedSource } from '../pipeline/plan.js';
import type { RejectedRow } from '../pipeline/read-source.js';
import { csvText } from '../render/csv.js';
import { SOURCE_FLAGS } from '../sources/kinds.js';
import { escapeControl } from '../render/format.js';
import { writeAll, type Io } from './io.js';


/** The flags every command that reads sources takes. */
export interface SourceFlags {
  data?: string;
  config?: string;
  rejects?: string;
  [explicitSource: string]: unknown;
}

/** The header of a --rejects file; a data folder skips files that start with it. */
export const REJECTS_HEADER = 'file,kind,line,column,value,reason';

/** How many rejects are echoed on stderr; `--rejects FILE` has them all. */
const REJECTS_ON_STDERR = 5;

/**
 * Finds the config when --config is not given: in the current folder or a
 * parent, else in the --data folder, so a folder of exports can carry its own.
 */
function defaultConfigFile(flags: SourceFlags, io: Io): string | null {
  const found = findConfigFile(io.cwd);
  if (found !== null || flags.data === undefined) return found;
  const inData = join(resolve(io.cwd, flags.data), CONFIG_FILE_NAME);
  return existsSync(inData) ? inData : null;
}

function explicitFiles(flags: SourceFlags, cwd: string): ExplicitFile[] {
  const files: ExplicitFile[] = [];
  for (const [flag, kind] of SOURCE_FLAGS) {
    const key = flag.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
    const value = flags[key];
    if (typeof value !== 'string') continue;
    // An empty path would resolve to the current folder and fail there with a message about a folder.
    if (value === '') throw new UsageError(`--${flag} needs a file path, or "-" for standard input; write for example --${flag} ${kind}.csv.`);
    files.push({ kind, path: value === '-' ? '-' : resolve(cwd, value) });
  }
  if (files.filter((file) => file.path === '-').length > 1) {
    throw new UsageError('only one source can read standard input ("-"); give the others as files.');
  }
  return files;
}

/** Prints a warning on stderr in the CLI's one-sentence form. */
export function warner(io: Io): (message: string) => void {
  // File names and values in messages come from exports, so control characters are shown escaped.
  return (message) => io.stderr(`kpi: warning: ${escapeControl(message)}\n`);
}

/** Loads the config and plans which file is read as which kind. */
export function loadSources(flags: SourceFlags, io: Io): { config: ResolvedConfig; plan: PlannedSource[]; dataDir: string; inputs: string[] } {
  const warn = warner(io);
  const configFile = flags.config !== undefined ? resolve(io.cwd, flags.config) : defaultConfigFile(flags, io);
  const config = loadConfig(configFile, () => io.systemZone, warn);

  const dataDir = flags.data !== undefined ? resolve(io.cwd, flags.data) : (config.data ?? io.cwd);
  const explicit = explicitFiles(flags, io.cwd);
  // Explicit files alone, with no folder named anywhere, should not sweep in the current folder.
  const folder = flags.data === undefined && explicit.length > 0 && config.data === null ? null : dataDir;
  // A folder export that a flag replaces is not read, but --rejects must not overwrite it either.
  const replaced: string[] = [];
  const plan = planSources(folder, config, explicit, warn, (path) => replaced.push(path));
  if (plan.length === 0) {
    const present = folder === null ? 0 : listDataFiles(folder).length;
    if (present > 0) {
      throw new InputError(
        `none of the ${present} data file(s) in ${dataDir} was recognized (the warnings above say why); ` +
          `map them in the config's "sources" (see docs/config.md, and docs/examples/ for mappings of public exports).`,
      );
    }
    throw new InputError(`no source files found in ${dataDir}; point --data at the folder of exports (files ending in .csv, .tsv or .txt).`);
  }
  // "-" stays in the list, so that --rejects can check the file that standard input is redirected from.
  const inputs = [...new Set(plan.map((source) => source.path)), ...replaced, ...(configFile === null ? [] : [configFile])];
  return { config, plan, dataDir, inputs };
}

/** Collects rejects: the first few for stderr, all of them in the --rejects file when asked. */
export class RejectLog {
  readonly first: RejectedRow[] = [];
  count = 0;
  private readonly fd: number | null;
  /** The file written until close renames it to `target`, or null when nothing is renamed. */
  private readonly temporary: string | null;
  /** The --rejects path with its symbolic links resolved. */
  private readonly target: string | null;

  /**
   * Opens the --rejects file. A regular file is written beside its final
   * path and renamed at close. A device or pipe, such as /dev/stderr, is
   * written in place, because a rename would replace it with a plain file.
   * The path may not be one of the inputs, even through a symbolic link or as
   * the file redirected to standard input, so a slip of the finger cannot
   * overwrite an export or the config.
   */
  constructor(
    private readonly path: string | undefined,
    inputs: readonly string[] = [],
  ) {
    if (path === undefined) {
      this.fd = null;
      this.temporary = null;
      this.target = null;
      return;
    }
    if (path === '-' || path === '') {
      throw new UsageError('--rejects needs a file path (stdout carries the report); write for example --rejects rejects.csv.');
    }
    if (/[\\/]$/.test(path) && !existsSync(path)) {
      throw new UsageError(`--rejects ${path} ends with a slash, so it names a folder; give a file path such as ${join(path, 'rejects.csv')}.`);
    }
    if (existsSync(path) && statSync(path).isDirectory()) {
      throw new UsageError(`--rejects ${path} is a folder; give a file path such as ${join(path, 'rejects.csv')}.`);
    }
    if (isLinkLoop(path)) {
      throw new UsageError(`--rejects ${path} leads into a loop of symbolic links (ELOOP); point it at a file.`);
    }
    const target = realPathOf(path);
    const isInput = (input: string): boolean => (input === '-' ? isStandardInput(target) : realPathOf(input) === target);
    if (inputs.some(isInput)) {
      throw new UsageError(`--rejects ${path} is one of the inputs; choose another file so the export or config is not overwritten.`);
    }
    const existing = existsSync(target) ? statSync(target) : null;
    const inPlace = existing !== null && !existing.isFile();
    this.target = target;
    this.temporary = inPlace ? null : `${target}.${process.pid}.tmp`;
    try {
      this.fd = openSync(this.temporary ?? target, 'w');
      // A file that replaces an earlier one keeps that file's permissions, as a file written in place would.
      if (existing?.isFile() === true) fchmodSync(this.fd, existing.mode & 0o7777);
    } catch (error) {
      throw new UsageError(`--rejects ${path}: cannot write the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose a writable path.`);
    }
    try {
      this.write(`${REJECTS_HEADER}\n`);
    } catch (error) {
      // The caller never gets this log to discard, so the temporary file is removed here.
      this.discard();
      throw error;
    }
  }

  add(row: RejectedRow): void {
    this.count += 1;
    if (this.first.length < REJECTS_ON_STDERR) this.first.push(row);
    if (this.fd !== null) {
      const cells = [row.file, row.kind, String(row.line), row.column, row.value, row.reason];
      this.write(`${cells.map(csvText).join(',')}\n`);
    }
  }

  /** Writes to the open file. A pipe whose reader went away is an error here: the rejects would be lost. */
  private write(text: string): void {
    writeAll(this.fd!, text, `the rejects to ${this.path}`, false);
  }

  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    if (this.temporary !== null && this.target !== null) renameSync(this.temporary, this.target);
  }

  /**
   * Closes and deletes the temporary file of a run that stopped with an error.
   * Its rows would be only part of the rejects, in an order that depends on
   * where reading stopped, so no file is better than a misleading one. An
   * earlier file at the --rejects path stays as it was.
   */
  discard(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    if (this.temporary !== null) rmSync(this.temporary, { force: true });
  }

  /** Echoes the first rejects on stderr, and how many more there are. */
  report(warn: (message: string) => void): void {
    for (const row of this.first) warn(describeReject(row));
    if (this.count > this.first.length) {
      const more = this.count - this.first.length;
      warn(`${more} more rejected row(s)${this.path === undefined ? '; list them all with --rejects FILE' : ` in ${this.path}`}.`);
    }
  }
}

/**
 * Returns true when standard input is redirected from the file at `path`
 * (`kpi report --calls - < calls.csv`), which a rename over `path` would
 * replace.
 */
function isStandardInput(path: string): boolean {
  try {
    const input = fstatSync(0);
    const file = statSync(path);
    return input.isFile() && input.dev === file.dev && input.ino === file.ino;
  } catch {
    // No standard input, or no file at the path yet.
    return false;
  }
}

/** How many dangling links in a row realPathOf follows, the same as Linux's limit on links in one path lookup (MAXSYMLINKS). */
const MAX_LINKS = 40;

/** Returns true when resolving `path` meets a loop of symbolic links (ELOOP). */
function isLinkLoop(path: string): boolean {
  try {
    realpathSync(path);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ELOOP';
  }
}

/**
 * Returns an absolute path with its symbolic links resolved. For a file that
 * does not exist yet, its folder's links are resolved, and a dangling link
 * resolves to the file it names, so the rejects are written where it points.
 */
function realPathOf(path: string): string {
  let absolute = resolve(path);
  for (let links = 0; links <= MAX_LINKS; links++) {
    try {
      return realpathSync(absolute);
    } catch {
      // The file does not exist, or is a dangling link, so its folder is resolved instead.
    }
    let folder: string;
    try {
      folder = realpathSync(dirname(absolute));
    } catch {
      return absolute;
    }
    const inFolder = join(folder, basename(absolute));
    let target: string;
    try {
      target = readlinkSync(inFolder);
    } catch {
      // Not a link: a file that does not exist yet.
      return inFolder;
    }
    absolute = resolve(folder, target);
  }
  return absolute;
}

/** Formats a reject as `file:line: column "c" value "v": reason`, with control characters shown escaped. */
export function describeReject(row: RejectedRow): string {
  const column = row.column === '' ? '' : ` column "${escapeControl(row.column)}"`;
  const shown = row.value.length > 80 ? `${row.value.slice(0, 77)}...` : row.value;
  const value = row.value === '' ? '' : ` value "${escapeControl(shown)}"`;
  return `${row.file}:${row.line}:${column}${value}: ${escapeControl(row.reason)}`;
}
