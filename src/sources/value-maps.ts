/**
 * The values an export uses in its enumerated columns (outcome, status,
 * direction, activity, stage), and value maps extended with guesses for the
 * ones a mapping does not yet turn into canonical values. `kpi init` uses
 * this to list what it found and to write maps for the user to check.
 */
import { basename } from 'node:path';
import type { ColumnFieldSpec, FieldSpec, SourceSpec } from '../config/schema.js';
import { AGENT_STATUSES, CALL_OUTCOMES } from '../records.js';
import { forEachDataRow, csvOptionsOf } from '../pipeline/read-source.js';
import { openCsv } from '../read/csv.js';
import { enumeratedField, guessValue, type EnumeratedField } from './guess.js';
import { KIND_FIELDS, normalizeName } from './kinds.js';
import { cellCondition, cellText, meetsAll, wildcardPositions } from './mapping.js';

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
  how: 'canonical' | 'mapped' | 'guessed' | 'unmapped' | 'kept' | 'empty';
}

/** The values found in one column that feeds an enumerated field. */
export interface ColumnValues {
  field: EnumeratedField;
  /** The config path of the column's spec, e.g. `sources.five9-calls.columns.outcome.otherwise`. */
  configKey: string;
  column: string;
  /** True when the column has a pattern, so the values are its capture rather than the whole cell. */
  afterPattern: boolean;
  values: ValueUse[];
}

/** Value maps are compared case-insensitively after trimming, as the mapping reads them. */
function lookupMap(map: Record<string, string> | undefined, value: string): string | undefined {
  if (map === undefined) return undefined;
  const key = normalizeName(value);
  for (const [from, to] of Object.entries(map)) if (normalizeName(from) === key) return to;
  return undefined;
}

/** A column spec whose cells become a field's value, with the config path of that spec. */
interface SurveyTarget {
  field: EnumeratedField;
  key: string;
  column: ColumnFieldSpec;
}

/**
 * Reads a row as the mapping does, up to the value map: the index of the
 * target whose text becomes the field's value, with that text after
 * placeholders and pattern. `null` means a constant or a rule gives the
 * value, so no map applies. `undefined` means the field is empty, so a
 * `first` goes on to its next alternative.
 */
type Survey = (fields: readonly string[]) => { target: number; text: string } | null | undefined;

/**
 * Compiles the survey of one field spec against a header, adding a target
 * for each column whose text the value map would see. Returns null for a
 * spec whose columns the header lacks, which `first` skips as the mapping
 * does.
 */
function compileSurvey(
  spec: FieldSpec,
  field: EnumeratedField,
  key: string,
  header: readonly string[],
  placeholders: readonly string[],
  targets: SurveyTarget[],
): Survey | null {
  if (typeof spec === 'string') return compileSurvey({ column: spec }, field, key, header, placeholders, targets);

  if ('value' in spec) return () => null;

  if ('cases' in spec) {
    const rules = spec.cases.map((rule) =>
      Object.entries(rule.when).map(([column, values]) => cellCondition(header.findIndex((name) => normalizeName(name) === normalizeName(column)), values)),
    );
    const otherwise = spec.otherwise === undefined ? null : compileSurvey(spec.otherwise, field, `${key}.otherwise`, header, placeholders, targets);
    return (fields) => {
      // A row that a rule decides never reaches the fallback column.
      if (rules.some((conditions) => meetsAll(conditions, fields))) return null;
      return otherwise === null ? undefined : otherwise(fields);
    };
  }

  if ('first' in spec) {
    const alternatives = spec.first
      .map((alternative, i) => compileSurvey(alternative, field, `${key}.first[${i}]`, header, placeholders, targets))
      .filter((alternative): alternative is Survey => alternative !== null);
    if (alternatives.length === 0) return null;
    return (fields) => {
      for (const alternative of alternatives) {
        const found = alternative(fields);
        if (found !== undefined) return found;
      }
      return undefined;
    };
  }

  if (!('column' in spec) && !('position' in spec)) return () => null;

  const column = spec as ColumnFieldSpec;
  const positions = column.position !== undefined ? [column.position - 1] : wildcardPositions(header, column.column ?? '');
  if (positions.length === 0 || positions.some((at) => at >= header.length)) return null;

  let pattern: RegExp | null = null;
  try {
    pattern = column.pattern === undefined ? null : new RegExp(column.pattern, 'i');
  } catch {
    // The report stops on an invalid pattern and names it; the survey lists nothing for the column.
    return () => null;
  }

  // The same conversion as the mapping's, without the map, so the survey lists the texts the map is looked up with.
  const textOf = cellText(new Set([...placeholders, ...(column.missing ?? [])].map(normalizeName)), null, pattern);
  // Each file of an entry is compiled against its own header, and a column found in several files is one target.
  let target = targets.findIndex((known) => known.key === key);
  if (target < 0) target = targets.push({ field, key, column }) - 1;
  return (fields) => {
    for (const at of positions) {
      const text = textOf(fields[at] ?? '');
      if (text !== '') return { target, text };
    }
    return undefined;
  };
}

/**
 * Reads every file of an entry once and returns, per enumerated column, the
 * distinct texts that its value map is looked up with, with row counts. Each
 * text is classified as canonical as written, mapped, guessed from its words
 * (`wonStages` decides which stage values already mean won), or unmapped.
 * A row counts only under the column that the mapping takes its value from.
 * So a `first` alternative that yields nothing, a cell that a pattern does
 * not match and a row that a rule decides are not listed.
 */
export function collectValues(paths: readonly string[], entryKey: string, spec: SourceSpec, wonStages: readonly string[]): ColumnValues[] {
  const fields: { field: EnumeratedField; key: string; spec: FieldSpec }[] = [];
  for (const def of KIND_FIELDS[spec.kind]) {
    const field = enumeratedField(def.name, def.type);
    const fieldSpec = spec.columns?.[def.name] ?? (field === null ? undefined : def.name);
    if (field === null || fieldSpec === undefined) continue;
    fields.push({ field, key: `${entryKey}.columns.${def.name}`, spec: fieldSpec });
  }
  if (fields.length === 0) return [];

  const targets: SurveyTarget[] = [];
  const counts: Map<string, { value: string; rows: number }>[] = [];
  // Rows whose field is empty, by field: every enumerated field is required, so they are rejected.
  const emptyRows = fields.map(() => 0);
  for (const path of paths) {
    const reader = openCsv(path, { ...csvOptionsOf(spec), name: basename(path) });
    const surveys = fields.map(({ field, key, spec: fieldSpec }) => compileSurvey(fieldSpec, field, key, reader.header, spec.missing ?? [], targets));
    while (counts.length < targets.length) counts.push(new Map());

    forEachDataRow(reader, spec, (row) => {
      for (const [i, survey] of surveys.entries()) {
        if (survey === null) continue;
        const found = survey(row);
        if (found === undefined) emptyRows[i]! += 1;
        if (found === null || found === undefined) continue;
        const key = normalizeName(found.text);
        const entry = counts[found.target]!.get(key);
        if (entry === undefined) counts[found.target]!.set(key, { value: found.text, rows: 1 });
        else entry.rows++;
      }
    });
  }

  // A field's empty rows are listed under the first column it reads.
  const firstTargets = new Map<number, number>();
  for (const [i, { key }] of fields.entries()) {
    const first = targets.findIndex((target) => target.key === key || target.key.startsWith(`${key}.`));
    if (first >= 0 && emptyRows[i]! > 0) firstTargets.set(first, emptyRows[i]!);
  }

  return targets
    .map(({ field, key, column }, i) => {
      const values = [...counts[i]!.values()]
        .sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1))
        .map(({ value, rows }) => classify(field, column, value, rows, wonStages));
      const empty = firstTargets.get(i);
      if (empty !== undefined) values.push({ value: '', rows: empty, becomes: null, how: 'empty' });
      return { field, configKey: key, column: column.column ?? `position ${column.position}`, afterPattern: column.pattern !== undefined, values };
    })
    .filter((column) => column.values.length > 0);
}

function classify(field: EnumeratedField, column: ColumnFieldSpec, value: string, rows: number, wonStages: readonly string[]): ValueUse {
  // The value is the text after the column's pattern, which is what the map is looked up with.
  const mapped = lookupMap(column.map, value);
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
