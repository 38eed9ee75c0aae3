/**
 * The values an export uses in its enumerated columns (outcome, status,
 * direction, activity, stage), and value maps extended with guesses for the
 * ones a mapping does not yet turn into canonical values. `kpi init` uses
 * this to list what it found and to write maps for the user to check.
 */
import type { ColumnFieldSpec, FieldSpec, SourceSpec } from '../config/schema.js';
import { AGENT_STATUSES, CALL_OUTCOMES } from '../records.js';
import { forEachDataRow, csvOptionsOf } from '../pipeline/read-source.js';
import { openCsv } from '../read/csv.js';
import { enumeratedField, guessValue, type EnumeratedField } from './guess.js';
import { KIND_FIELDS, normalizeName } from './kinds.js';

const CANONICAL: Record<EnumeratedField, readonly string[]> = {
  outcome: CALL_OUTCOMES,
  status: AGENT_STATUSES,
  direction: ['inbound', 'outbound'],
  activity: ['shift', 'break'],
  stage: [],
};

/** One distinct value of an enumerated column, its row count and the canonical value it becomes. */
export interface ValueUse {
  value: string;
  rows: number;
  /** The canonical value it becomes, or null when it is rejected (or, for stage, kept as written). */
  becomes: string | null;
  how: 'canonical' | 'mapped' | 'guessed' | 'unmapped' | 'kept';
}

/** The values found in one column that feeds an enumerated field. */
export interface ColumnValues {
  field: EnumeratedField;
  /** The config path of the column's spec, e.g. `sources.five9-calls.columns.outcome.otherwise`. */
  configKey: string;
  column: string;
  values: ValueUse[];
}

/** Value maps are compared case-insensitively after trimming, as the mapping reads them. */
function lookupMap(map: Record<string, string> | undefined, value: string): string | undefined {
  if (map === undefined) return undefined;
  const key = normalizeName(value);
  for (const [from, to] of Object.entries(map)) if (normalizeName(from) === key) return to;
  return undefined;
}

/** Column specs inside a field spec whose cells become the field's value (not rule conditions). */
function valueColumns(spec: FieldSpec, key: string): { key: string; column: ColumnFieldSpec }[] {
  if (typeof spec === 'string') return [{ key, column: { column: spec } }];
  if ('cases' in spec) return spec.otherwise === undefined ? [] : valueColumns(spec.otherwise, `${key}.otherwise`);
  if ('first' in spec) return spec.first.flatMap((alternative, i) => valueColumns(alternative, `${key}.first[${i}]`));
  if ('column' in spec || 'position' in spec) return [{ key, column: spec as ColumnFieldSpec }];
  return [];
}

/**
 * Reads every file of an entry once and returns, per enumerated column, its
 * distinct values with row counts and what each becomes: canonical as
 * written, mapped, guessed from its words (`wonStages` decides which stage
 * values already mean won), or unmapped.
 */
export function collectValues(paths: readonly string[], entryKey: string, spec: SourceSpec, wonStages: readonly string[]): ColumnValues[] {
  const targets: { field: EnumeratedField; key: string; column: ColumnFieldSpec }[] = [];
  for (const def of KIND_FIELDS[spec.kind]) {
    const field = enumeratedField(def.name, def.type);
    const fieldSpec = spec.columns?.[def.name] ?? (field === null ? undefined : def.name);
    if (field === null || fieldSpec === undefined) continue;
    for (const found of valueColumns(fieldSpec, `${entryKey}.columns.${def.name}`)) targets.push({ field, ...found });
  }
  if (targets.length === 0) return [];

  const counts = targets.map(() => new Map<string, { value: string; rows: number }>());
  for (const path of paths) {
    const reader = openCsv(path, csvOptionsOf(spec));
    const positions = targets.map(({ column }) =>
      column.position !== undefined ? column.position - 1 : reader.header.findIndex((name) => normalizeName(name) === normalizeName(column.column ?? '')),
    );
    const placeholders = targets.map(({ column }) => new Set([...(spec.missing ?? []), ...(column.missing ?? [])].map(normalizeName)));
    forEachDataRow(reader, spec, (fields) => {
      targets.forEach((_target, i) => {
        const at = positions[i]!;
        if (at < 0) return;
        const value = (fields[at] ?? '').trim();
        const key = normalizeName(value);
        if (value === '' || placeholders[i]!.has(key)) return;
        const entry = counts[i]!.get(key);
        if (entry === undefined) counts[i]!.set(key, { value, rows: 1 });
        else entry.rows++;
      });
    });
  }

  return targets
    .map(({ field, key, column }, i) => ({
      field,
      configKey: key,
      column: column.column ?? `position ${column.position}`,
      values: [...counts[i]!.values()]
        .sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1))
        .map(({ value, rows }) => classify(field, column, value, rows, wonStages)),
    }))
    .filter((column) => column.values.length > 0);
}

function classify(field: EnumeratedField, column: ColumnFieldSpec, value: string, rows: number, wonStages: readonly string[]): ValueUse {
  // A pattern turns cells into other text before the map applies; such columns are listed as written.
  const mapped = column.pattern === undefined ? lookupMap(column.map, value) : undefined;
  if (mapped !== undefined) return { value, rows, becomes: mapped, how: 'mapped' };

  const canonical = field === 'stage' ? wonStages : CANONICAL[field];
  const normalized = field === 'stage' ? normalizeName(value) : normalizeName(value).replace(/[\s-]+/g, '_');
  if (canonical.includes(normalized)) return { value, rows, becomes: field === 'stage' ? value : normalized, how: 'canonical' };

  const guess = guessValue(field, value);
  if (guess !== null) return { value, rows, becomes: guess, how: 'guessed' };
  return field === 'stage' ? { value, rows, becomes: null, how: 'kept' } : { value, rows, becomes: null, how: 'unmapped' };
}

/**
 * Returns a copy of `spec` whose value maps also hold the guessed values of
 * `found`. A column named by a plain string becomes `{ column, map }`.
 */
export function withGuessedMaps(spec: SourceSpec, entryKey: string, found: readonly ColumnValues[]): SourceSpec {
  const guesses = new Map<string, Record<string, string>>();
  for (const column of found) {
    const added = column.values.filter((use) => use.how === 'guessed');
    if (added.length === 0) continue;
    guesses.set(column.configKey, Object.fromEntries(added.map((use) => [use.value, use.becomes!])));
  }
  if (guesses.size === 0) return spec;

  const copy = structuredClone(spec);
  const columns = { ...(copy.columns ?? {}) };
  for (const def of KIND_FIELDS[spec.kind]) {
    const field = enumeratedField(def.name, def.type);
    if (field === null) continue;
    const current = columns[def.name] ?? def.name;
    const extended = extend(current, `${entryKey}.columns.${def.name}`, guesses);
    if (extended !== current) columns[def.name] = extended;
  }
  copy.columns = columns;
  return copy;
}

function extend(spec: FieldSpec, key: string, guesses: ReadonlyMap<string, Record<string, string>>): FieldSpec {
  if (typeof spec === 'string') {
    const added = guesses.get(key);
    return added === undefined ? spec : { column: spec, map: added };
  }
  if ('cases' in spec) {
    if (spec.otherwise === undefined) return spec;
    const otherwise = extend(spec.otherwise, `${key}.otherwise`, guesses);
    return otherwise === spec.otherwise ? spec : { ...spec, otherwise };
  }
  if ('first' in spec) {
    const first = spec.first.map((alternative, i) => extend(alternative, `${key}.first[${i}]`, guesses));
    return first.every((alternative, i) => alternative === spec.first[i]) ? spec : { first };
  }
  if ('column' in spec || 'position' in spec) {
    const added = guesses.get(key);
    return added === undefined ? spec : { ...spec, map: { ...(spec as ColumnFieldSpec).map, ...added } };
  }
  return spec;
}
