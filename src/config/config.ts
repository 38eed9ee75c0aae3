/**
 * Reading `kpi.config.json` once into a resolved config: defaults applied,
 * every invalid key named with its path and the expected value.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as z from 'zod/mini';
import { ConfigError } from '../errors.js';
import type { BusinessHours, MetricId, Target } from '../engine/types.js';
import { DEFAULT_TARGETS } from '../targets/targets.js';
import { zoneFor } from '../time/zone.js';
import { AGENT_STATUSES, CALL_OUTCOMES, type SourceKind } from '../records.js';
import { KIND_FIELDS, type FieldDef } from '../sources/kinds.js';
import { ALL_FIELD_FORM_KEYS, COLUMN_FORM_UNION, configSchema, FIELD_FORM_KEYS, fieldSpec, sourceColumns, DEFAULT_CLOSE, DEFAULT_OPEN, minutesOf, WEEKDAYS, type FieldSpec, type RawConfig, type SourceColumns, type SourceSpec } from './schema.js';

export const CONFIG_FILE_NAME = 'kpi.config.json';

/** The config with every default filled in. */
export interface ResolvedConfig {
  /** The file it came from, or null when no config file was found. */
  file: string | null;
  timezone: string;
  /** The data folder, resolved against the config file's folder. */
  data: string | null;
  /** 0 = Sunday ... 6 = Saturday, as date-fns counts. */
  weekStartsOn: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  businessHours: BusinessHours;
  holidays: string[];
  targets: Record<MetricId, Target>;
  ahtIncludesAfterCallWork: boolean;
  adherenceCountsAfterCallWork: boolean;
  minimumSample: { calls: number; surveys: number; tickets: number };
  /** Lower-cased stage names that mean won. */
  wonStages: string[];
  /** The maximum talk, hold or after-call work time of one call, in seconds; a row beyond it is rejected. */
  maxCallSeconds: number;
  sources: Record<string, SourceSpec>;
}

/** Finds `kpi.config.json` in a folder or its nearest parent that has one. */
export function findConfigFile(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Reads and validates a config file. Unknown keys are dropped with a warning
 * each (a typo should not stop a Monday report); any other invalid key is a
 * ConfigError naming every problem. The system zone is looked up only when
 * the config names no zone, because the lookup costs the process its first
 * Intl formatter, about 10 ms.
 */
export function loadConfig(file: string | null, systemZone: () => string | undefined, warn: (message: string) => void): ResolvedConfig {
  if (file === null) return resolveConfig({}, null, usableSystemZone(systemZone(), warn));

  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot read the config file (${(error as Error).message}); check the --config path.`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${file}: not valid JSON (${(error as Error).message}); fix the syntax or run "kpi init" for a fresh one.`);
  }

  const raw = parseDroppingUnknownKeys(json, file, warn);
  // The system zone matters only when the config names none.
  return resolveConfig(raw, file, raw.timezone === undefined ? usableSystemZone(systemZone(), warn) : raw.timezone);
}

/**
 * Parses the config, dropping each unknown key with a warning even when
 * the config has other errors, so that a typo reads the same in every run. A
 * key of another field form beside a field's own (such as "map" beside
 * "value") stays an error, because the field then means something else.
 */
function parseDroppingUnknownKeys(json: unknown, file: string, warn: (message: string) => void): RawConfig {
  let result = configSchema.safeParse(json);
  const unknown = result.success ? [] : result.error.issues.filter((issue) => issue.code === 'unrecognized_keys' && !mixesFieldForms(issue));
  if (unknown.length > 0) {
    for (const issue of unknown) {
      if (issue.code !== 'unrecognized_keys') continue;
      const parent = lookup(json, issue.path);
      for (const key of issue.keys) {
        warn(`${file}: unknown key "${formatPath([...issue.path, key])}" is ignored; check its spelling against docs/config.md.`);
        if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[key];
      }
    }
    result = configSchema.safeParse(json);
  }
  if (!result.success) {
    const lines = [...result.error.issues.flatMap((issue) => describeIssue(issue, json)), ...mappingProblems(sourceColumnsOf(json))];
    throw new ConfigError(`${file}: invalid config:`, lines);
  }
  return result.data;
}

/** Returns true when a field mapping has a key of another field form, such as "map" beside "value". */
function mixesFieldForms(issue: z.core.$ZodIssueUnrecognizedKeys): boolean {
  const inColumns = issue.path.length >= 4 && issue.path[0] === 'sources' && issue.path[2] === 'columns';
  return inColumns && issue.keys.some((key) => ALL_FIELD_FORM_KEYS.includes(key));
}

function describeIssue(issue: z.core.$ZodIssue, json: unknown): string[] {
  const path = formatPath(issue.path);
  const formIssues = issue.code === 'invalid_union' ? fieldFormIssues(issue, json) : null;
  if (formIssues !== null) return formIssues.flatMap((formIssue) => describeIssue(formIssue, json));
  if (issue.code === 'unrecognized_keys') {
    return [`  ${path || '(top level)'}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove or rename them.`];
  }
  const value = lookup(json, issue.path);
  // JSON.parse reads a number too large for a double, such as 1e400, as Infinity, which JSON.stringify would show as null.
  const valueText = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  const shown = value === undefined ? 'missing' : `got ${valueText}`;
  return [`  ${path || '(top level)'}: ${issueMessage(issue)} (${shown}).`];
}

/** Returns an issue's message, with zod's wording of a missing key, an empty list or text, or a low number put plainly. */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') {
    if (issue.origin === 'array' && Number(issue.minimum) === 1) return 'expected at least one entry';
    if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'expected a text that is not empty';
    if (issue.origin === 'number') return `expected a number of at least ${String(issue.minimum)}`;
  }
  // zod words a missing key as "Invalid input: expected string, received undefined"; the caller adds "(missing)".
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) return `expected a ${issue.expected}`;
  return issue.message;
}

/**
 * Returns the issues of the one field form that a failed field's keys name,
 * such as "from" for a start plus length, with their full paths. Returns
 * null for a union that is not a field, or a field whose keys name no form,
 * which keep the message that lists every form.
 */
function fieldFormIssues(issue: z.core.$ZodIssueInvalidUnion, json: unknown): z.core.$ZodIssue[] | null {
  const value = lookup(json, issue.path);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  if (issue.errors.length !== COLUMN_FORM_UNION + FIELD_FORM_KEYS.length + 1) return null;

  const form = FIELD_FORM_KEYS.find((candidate) => candidate.keys.some((key) => key in value));
  const union = form === undefined ? COLUMN_FORM_UNION : form.union;
  const branch = issue.errors[union];
  if (branch === undefined || branch.length === 0) return null;
  return branch.map((branchIssue) => ({ ...branchIssue, path: [...issue.path, ...branchIssue.path] }) as z.core.$ZodIssue);
}

function lookup(json: unknown, path: readonly PropertyKey[]): unknown {
  let node = json;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === 'number') return `[${key}]`;
      return i === 0 ? String(key) : `.${String(key)}`;
    })
    .join('');
}

/**
 * Returns the system's zone when it is an IANA name. A TZ such as
 * `:/etc/localtime` leaves Intl without a name, so the team zone falls back
 * to UTC, with `problem` saying why, rather than failing later.
 */
export function systemZoneOrUtc(systemZone: string | undefined): { name: string; problem: string | null } {
  if (systemZone !== undefined && systemZone !== '') {
    try {
      return { name: zoneFor(systemZone).name, problem: null };
    } catch {
      // Fall through to UTC.
    }
  }
  const problem = systemZone === undefined ? 'the system time zone has no IANA name' : `the system time zone "${systemZone}" is not an IANA name`;
  return { name: 'UTC', problem };
}

/** Returns the system's zone, or UTC with a warning when it has no IANA name. */
function usableSystemZone(systemZone: string | undefined, warn: (message: string) => void): string {
  const zone = systemZoneOrUtc(systemZone);
  if (zone.problem !== null) warn(`${zone.problem}, so the report uses UTC; set "timezone" in kpi.config.json.`);
  return zone.name;
}

/**
 * Lists the problems of the mappings' canonical fields, one indented line
 * each: a mapped field must exist for its kind, and value maps, constants
 * and rules must produce values the field accepts. A typo here would
 * otherwise reject every row.
 */
function mappingProblems(sources: Record<string, SourceColumns>): string[] {
  const problems: string[] = [];
  for (const [name, source] of Object.entries(sources)) {
    const fields = KIND_FIELDS[source.kind];
    for (const [field, spec] of Object.entries(source.columns ?? {})) {
      const key = `sources.${name}.columns.${field}`;
      const def = fields.find((candidate) => candidate.name === field);
      if (def === undefined) {
        problems.push(`  ${key}: "${field}" is not a field of ${source.kind} files; use one of ${fields.map((f) => f.name).join(', ')}.`);
        continue;
      }
      problems.push(...formProblems(spec, key, source.kind, def));
      const allowed = ENUM_FIELD_VALUES[def.type];
      if (allowed === undefined) continue;
      for (const [path, value] of producedValues(spec)) {
        const normalized = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
        if (value.trim() === '') {
          // An empty optional value, such as a boolean read as false, is valid.
          if (def.required) {
            problems.push(`  ${key}${path} is empty, but ${field} is required, so each row that gets it is rejected; use one of ${allowed.join(', ')}.`);
          }
        } else if (!allowed.includes(normalized)) {
          problems.push(`  ${key}${path} is "${value}", which is not a valid ${def.type}; use one of ${allowed.join(', ')}.`);
        }
      }
    }
  }
  return problems;
}

/**
 * Returns the kind and columns of each source entry of a config that failed
 * validation, so their mappings are checked in the same run. Each column is
 * parsed on its own, so one malformed field does not hide the problems of
 * the others. An entry whose kind is invalid, and a column that does not
 * parse, are left out, because the schema named those.
 */
function sourceColumnsOf(json: unknown): Record<string, SourceColumns> {
  const sources = lookup(json, ['sources']);
  if (sources === null || typeof sources !== 'object' || Array.isArray(sources)) return {};
  const readable: Record<string, SourceColumns> = {};
  for (const [name, entry] of Object.entries(sources)) {
    const kind = sourceColumns.shape.kind.safeParse(lookup(entry, ['kind']));
    if (!kind.success) continue;
    const columns = lookup(entry, ['columns']);
    const parsedColumns: Record<string, FieldSpec> = {};
    if (columns !== null && typeof columns === 'object' && !Array.isArray(columns)) {
      for (const [field, spec] of Object.entries(columns)) {
        const parsed = fieldSpec.safeParse(spec);
        if (parsed.success) parsedColumns[field] = parsed.data;
      }
    }
    readable[name] = { kind: kind.data, columns: parsedColumns };
  }
  return readable;
}

/**
 * Lists the field forms that do not fit their field, and patterns that are
 * not valid regular expressions. The reader raises the same errors, but only
 * once a file matches the entry.
 */
function formProblems(spec: FieldSpec, key: string, kind: SourceKind, def: FieldDef): string[] {
  if (typeof spec === 'string') return [];
  if ('next' in spec && (kind !== 'agent_status' || def.name !== 'ended_at')) {
    return [`  ${key} is { "next": "started_at" }, which only agent_status ended_at accepts; map ${def.name} to a column.`];
  }
  if ('from' in spec && def.type !== 'timestamp') {
    return [`  ${key} uses "from" and "add", which only a timestamp field can; map ${def.name} to a column.`];
  }
  if ('date' in spec && def.type !== 'timestamp') {
    return [`  ${key} uses "date" and "time", which only a timestamp field can; map ${def.name} to a column.`];
  }
  if ('pattern' in spec && spec.pattern !== undefined) {
    try {
      new RegExp(spec.pattern, 'i');
    } catch (error) {
      return [`  ${key}.pattern is not a valid regular expression (${(error as Error).message}); fix it.`];
    }
  }
  if ('first' in spec) return spec.first.flatMap((alternative, i) => formProblems(alternative, `${key}.first[${i}]`, kind, def));
  if ('cases' in spec && spec.otherwise !== undefined) return formProblems(spec.otherwise, `${key}.otherwise`, kind, def);
  return [];
}

/** The values each enumerated field type accepts. */
const ENUM_FIELD_VALUES: Partial<Record<string, readonly string[]>> = {
  outcome: CALL_OUTCOMES,
  status: AGENT_STATUSES,
  direction: ['inbound', 'outbound'],
  activity: ['shift', 'break'],
  // The words parseBoolean reads; an empty value, which it reads as false, is never reported.
  boolean: ['true', 'false', 'yes', 'no', 'y', 'n', '1', '0'],
};

/** Lists the literal values a field spec can produce (map targets, constants, rule values), with their key paths. */
function producedValues(spec: FieldSpec): [string, string][] {
  if (typeof spec === 'string') return [];
  if ('value' in spec) return [['.value', spec.value]];
  if ('map' in spec && spec.map !== undefined) return Object.entries(spec.map).map(([from, to]) => [`.map["${from}"]`, to]);
  if ('cases' in spec) {
    const values: [string, string][] = spec.cases.map((rule, i) => [`.cases[${i}].value`, rule.value]);
    if (spec.otherwise !== undefined) values.push(...producedValues(spec.otherwise).map(([path, value]): [string, string] => [`.otherwise${path}`, value]));
    return values;
  }
  if ('first' in spec) return spec.first.flatMap((alternative, i) => producedValues(alternative).map(([path, value]): [string, string] => [`.first[${i}]${path}`, value]));
  return [];
}

/** Applies defaults and checks the mappings' fields and values, which the schema does not. */
export function resolveConfig(raw: RawConfig, file: string | null, systemZone: string): ResolvedConfig {
  const where = file ?? 'config';
  // The schema has checked the zone names and that closing follows opening.
  const timezone = raw.timezone ?? systemZone;
  const problems = mappingProblems(raw.sources ?? {});
  if (problems.length > 0) throw new ConfigError(`${where}: invalid config:`, problems);

  const open = minutesOf(raw.businessHours?.open ?? DEFAULT_OPEN);
  const close = minutesOf(raw.businessHours?.close ?? DEFAULT_CLOSE);
  const days = (raw.businessHours?.days ?? ['mon', 'tue', 'wed', 'thu', 'fri']).map((day) => WEEKDAYS.indexOf(day) + 1);

  return {
    file,
    timezone,
    data: dataFolder(raw.data, file),
    weekStartsOn: ((WEEKDAYS.indexOf(raw.weekStartsOn ?? 'mon') + 1) % 7) as ResolvedConfig['weekStartsOn'],
    businessHours: { days: [...new Set(days)].sort(), open, close },
    holidays: raw.holidays ?? [],
    targets: { ...DEFAULT_TARGETS, ...raw.targets },
    ahtIncludesAfterCallWork: raw.metrics?.aht?.includeAfterCallWork ?? false,
    adherenceCountsAfterCallWork: raw.metrics?.shift_adherence?.countAfterCallWork ?? false,
    minimumSample: {
      calls: raw.minimumSample?.calls ?? 10,
      surveys: raw.minimumSample?.surveys ?? 5,
      tickets: raw.minimumSample?.tickets ?? 5,
    },
    wonStages: (raw.wonStages ?? ['won']).map((stage) => stage.trim().toLowerCase()),
    maxCallSeconds: (raw.limits?.maxCallHours ?? 12) * 3600,
    sources: raw.sources ?? {},
  };
}

/** Resolves the config's data folder against the config file's folder. */
function dataFolder(data: string | undefined, file: string | null): string | null {
  if (data === undefined) return null;
  return file === null ? resolve(data) : resolve(dirname(file), data);
}

