/**
 * The built-in presets and their recognition: from the header row, or for a
 * header-less file from the field count and value patterns of its first rows.
 */
import type { FieldSpec, SourceSpec } from '../../config/schema.js';
import { openCsv } from '../../read/csv.js';
import { KIND_FIELDS, normalizeName } from '../kinds.js';
import { wildcardPositions } from '../mapping.js';
import { CRM_PRESETS } from './crm.js';
import { PHONE_PRESETS } from './phone.js';
import { TICKET_PRESETS } from './tickets.js';
import type { Preset, PresetSource } from './types.js';

export type { HeaderSignature, Preset, PresetSource, ShapeSignature } from './types.js';

export const PRESETS: readonly Preset[] = [...PHONE_PRESETS, ...TICKET_PRESETS, ...CRM_PRESETS];

/** The share of sampled rows that must look right before a shape is recognized. */
const SHAPE_THRESHOLD = 0.8;

/** Rows sampled from a header-less file to recognize its shape. */
export const SHAPE_SAMPLE_ROWS = 20;

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id.trim().toLowerCase());
}

/** A recognized preset with the confidence (0 to 1) of the recognition. */
export interface PresetMatch {
  preset: Preset;
  confidence: number;
}

/** The preset nearest to an unrecognized header, and the required columns it lacks. */
export interface ClosestPreset {
  preset: Preset;
  missing: string[];
  /** The share (0 to 1) of the preset's required columns the header has. */
  share: number;
}

/**
 * Recognizes a preset from a header row, which must have every required
 * column. The confidence is 0.5 plus half the share of the export's known
 * columns present, so a full export scores 1 and a trimmed one less.
 */
export function matchHeader(header: readonly string[]): PresetMatch | null {
  const names = new Set(header.map(normalizeName));
  let best: PresetMatch | null = null;
  for (const preset of PRESETS) {
    if (!('header' in preset.signature)) continue;
    const { required, known } = preset.signature.header;
    if (!required.every((column) => names.has(normalizeName(column)))) continue;

    const present = known.filter((column) => names.has(normalizeName(column))).length;
    const confidence = 0.5 + 0.5 * (present / known.length);
    if (best === null || confidence > best.confidence) best = { preset, confidence };
  }
  return best;
}

/** Returns the header preset with the largest share of its required columns present. */
export function closestPreset(header: readonly string[]): ClosestPreset {
  const names = new Set(header.map(normalizeName));
  let best: ClosestPreset | null = null;
  for (const preset of PRESETS) {
    if (!('header' in preset.signature)) continue;
    const required = preset.signature.header.required;
    const missing = required.filter((column) => !names.has(normalizeName(column)));
    const share = (required.length - missing.length) / required.length;
    if (best === null || share > best.share) best = { preset, missing, share };
  }
  return best!;
}

/** Recognizes a header-less export from its first rows; the confidence is the share of rows that fit. */
export function matchShape(rows: readonly (readonly string[])[]): PresetMatch | null {
  if (rows.length === 0) return null;
  const fieldCount = rows[0]!.length;
  if (!rows.every((row) => row.length === fieldCount)) return null;

  let best: PresetMatch | null = null;
  for (const preset of PRESETS) {
    if (!('shape' in preset.signature)) continue;
    const shape = preset.signature.shape;
    if (shape.fieldCount !== fieldCount) continue;
    const confidence = shape.score(rows);
    if (confidence < SHAPE_THRESHOLD) continue;
    if (best === null || confidence > best.confidence) best = { preset, confidence };
  }
  return best;
}

/**
 * Reads the first rows of a file with every record as data, for shape
 * recognition. `name` is the file's name in messages.
 */
export function sampleRows(source: string | Buffer, count = SHAPE_SAMPLE_ROWS, name?: string): string[][] {
  const rows: string[][] = [];
  const reader = openCsv(source, { hasHeader: false, header: ['?'], name });
  const enough = new Error('sample complete');
  try {
    reader.forEachRow((fields) => {
      rows.push(fields);
      if (rows.length >= count) throw enough;
    });
  } catch (error) {
    if (error !== enough) throw error;
  }
  return rows;
}

/**
 * Returns the `sources` entries a preset gives for a file with this header:
 * the parts whose `onlyWithColumns` the header has, each with `files` set.
 */
export function presetSources(preset: Preset, header: readonly string[], files: string): Record<string, SourceSpec> {
  const names = new Set(header.map(normalizeName));
  const entries: Record<string, SourceSpec> = {};
  for (const [name, part] of Object.entries(preset.sources)) {
    if (part.onlyWithColumns !== undefined && !part.onlyWithColumns.every((column) => names.has(normalizeName(column)))) continue;
    entries[name] = withoutAbsentOptionalFields(toSourceSpec(part, files), header);
  }
  return entries;
}

/**
 * Fits a preset to a trimmed report (a Five9 report without HOLD TIME, say):
 * optional fields whose columns are absent are dropped, so the metric that
 * needs one is no_data as for a canonical file without it, and rules that
 * test an absent column are dropped too.
 */
function withoutAbsentOptionalFields(spec: SourceSpec, header: readonly string[]): SourceSpec {
  const present = (column: string): boolean => wildcardPositions(header, column).length > 0;
  const columns = { ...spec.columns };
  for (const def of KIND_FIELDS[spec.kind]) {
    let field = columns[def.name];
    if (field === undefined) continue;

    // A rule that tests a column the report lacks can never hold, so it goes.
    if (typeof field === 'object' && 'cases' in field) {
      const cases = field.cases.filter((rule) => Object.keys(rule.when).every(present));
      field = cases.length > 0 ? { ...field, cases } : (field.otherwise ?? { ...field, cases });
      columns[def.name] = field;
    }
    if (!def.required && !referencedColumns(field).every(present)) delete columns[def.name];
  }
  return { ...spec, columns };
}

/** Lists the header names a field spec reads; alternatives (`first`) count as present when any is. */
function referencedColumns(field: FieldSpec): string[] {
  if (typeof field === 'string') return [field];
  if ('column' in field && field.column !== undefined) return [field.column];
  if ('date' in field) return [field.date, field.time];
  if ('concat' in field) return field.concat;
  if ('from' in field) return [field.from, field.add];
  if ('cases' in field) {
    const conditions = field.cases.flatMap((rule) => Object.keys(rule.when));
    return field.otherwise === undefined ? conditions : [...conditions, ...referencedColumns(field.otherwise)];
  }
  return [];
}

/** Turns a preset part into a config `sources` entry, `files` placed after `kind` as a user would write it. */
export function toSourceSpec(part: PresetSource, files: string): SourceSpec {
  const { kind, onlyWithColumns: _unused, ...rest } = part;
  return structuredClone({ kind, files, ...rest });
}
