/**
 * The `kpi.config.json` schema. Every key is optional; defaults are those of
 * the metric definitions. Source mappings let a non-canonical export be read
 * without converting it by hand.
 */
import * as z from 'zod';
import { AGENT_STATUSES, CALL_OUTCOMES, SOURCE_KINDS } from '../records.js';
import { METRIC_IDS } from '../engine/types.js';

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time such as "09:00"');

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as "2026-12-25"')
  .refine((text) => {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, 'expected a date that exists on the calendar, such as "2026-12-25"');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const target = z.union(
  [
    z.strictObject({ op: z.enum(['<', '<=', '>', '>=']), value: z.number() }),
    z
      .strictObject({ op: z.literal('between'), min: z.number(), max: z.number() })
      .refine((band) => band.min <= band.max, 'expected min <= max'),
  ],
  { error: 'expected { "op": "<" | "<=" | ">" | ">=", "value": number } or { "op": "between", "min": number, "max": number }' },
);

const durationUnit = z.enum(['seconds', 'minutes', 'hours']);
const dateOrder = z.enum(['DMY', 'MDY']);

/** A value condition: one raw value, or any of several (compared case-insensitively after trimming). */
const matchValue = z.union([z.string(), z.array(z.string()).min(1)]);

/** A column named in a mapping: a header name (`*` matches any text) or a 1-based position. */
const columnOptions = z
  .strictObject({
    column: z.string().min(1).optional(),
    position: z.number().int().min(1).optional(),
    map: z.record(z.string(), z.string()).optional(),
    missing: z.array(z.string()).optional(),
    unit: durationUnit.optional(),
    dateOrder: dateOrder.optional(),
    pattern: z.string().min(1).optional(),
  })
  .refine((spec) => (spec.column === undefined) !== (spec.position === undefined), 'expected exactly one of "column" and "position"');

/** The source of one canonical field: a column, a constant, or a rule over columns. */
export const fieldSpec: z.ZodType<FieldSpec> = z.lazy(() =>
  z.union([
    z.string().min(1),
    columnOptions,
    z.strictObject({ value: z.string() }),
    z.strictObject({ date: z.string().min(1), time: z.string().min(1), dateOrder: dateOrder.optional() }),
    z.strictObject({
      cases: z
        .array(z.strictObject({ when: z.record(z.string(), matchValue), value: z.string() }))
        .min(1),
      otherwise: z.union([z.strictObject({ value: z.string() }), fieldSpec]).optional(),
    }),
    z.strictObject({ first: z.array(fieldSpec).min(1) }),
    z.strictObject({ concat: z.array(z.string().min(1)).min(1), separator: z.string().optional() }),
    z.strictObject({ from: z.string().min(1), add: z.string().min(1), unit: durationUnit.optional(), dateOrder: dateOrder.optional() }),
    z.strictObject({ next: z.literal('started_at') }),
  ], {
    error:
      'expected a column name, or an object with "column" or "position" (and optional map, missing, unit, dateOrder, pattern), ' +
      '"value", "date" and "time", "cases", "first", "concat", "from" and "add", or "next" (see docs/config.md)',
  }),
);

/** A column read with options; `column` and `position` are alternatives. */
export interface ColumnFieldSpec {
  column?: string;
  /** 1-based column position, for header-less files and repeated column names. */
  position?: number;
  map?: Record<string, string>;
  missing?: string[];
  unit?: 'seconds' | 'minutes' | 'hours';
  dateOrder?: 'DMY' | 'MDY';
  /** A regular expression; the field is its first capture group, or empty when it does not match. */
  pattern?: string;
}

export type FieldSpec =
  | string
  | ColumnFieldSpec
  | { value: string }
  | { date: string; time: string; dateOrder?: 'DMY' | 'MDY' }
  | { cases: { when: Record<string, string | string[]>; value: string }[]; otherwise?: FieldSpec }
  /** The first alternative with a non-empty value; alternatives whose columns the file lacks are skipped. */
  | { first: FieldSpec[] }
  /** The cells of several columns joined, for an id the export spreads over columns. */
  | { concat: string[]; separator?: string }
  /** A timestamp column plus a duration column: an end computed from a start and a length. */
  | { from: string; add: string; unit?: 'seconds' | 'minutes' | 'hours'; dateOrder?: 'DMY' | 'MDY' }
  /** Status logs that write only start events: the end is the agent's next start. */
  | { next: 'started_at' };

/** The keys of a source entry besides `kind` and `files`: the file's layout, its columns and its row filters. */
const readOptions = {
  timezone: z.string().optional(),
  dateOrder: dateOrder.optional(),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).optional(),
  skipRows: z.number().int().min(0).optional(),
  header: z.array(z.string()).min(1).optional(),
  hasHeader: z.boolean().optional(),
  footer: z.array(z.string().min(1)).min(1).optional(),
  footerRows: z.number().int().min(0).optional(),
  decimalComma: z.boolean().optional(),
  columns: z.record(z.string(), fieldSpec).optional(),
  where: z.record(z.string(), matchValue).optional(),
  whereNot: z.record(z.string(), matchValue).optional(),
  missing: z.array(z.string()).optional(),
};

/** One export, or a family of exports matched by file name, read as one kind. */
export const sourceSpec = z.strictObject({
  kind: z.enum(SOURCE_KINDS),
  files: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  ...readOptions,
});
export type SourceSpec = z.infer<typeof sourceSpec>;

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  timezone: z.string().optional(),
  data: z.string().optional(),
  weekStartsOn: z.enum(WEEKDAYS).optional(),
  businessHours: z
    .strictObject({
      days: z.array(z.enum(WEEKDAYS)).min(1).optional(),
      open: clockTime.optional(),
      close: clockTime.optional(),
    })
    .optional(),
  holidays: z.array(isoDate).optional(),
  targets: z.partialRecord(z.enum(METRIC_IDS), target).optional(),
  metrics: z
    .strictObject({
      aht: z.strictObject({ includeAfterCallWork: z.boolean().optional() }).optional(),
      shift_adherence: z.strictObject({ countAfterCallWork: z.boolean().optional() }).optional(),
    })
    .optional(),
  minimumSample: z
    .strictObject({
      calls: z.number().int().min(0).optional(),
      surveys: z.number().int().min(0).optional(),
      tickets: z.number().int().min(0).optional(),
    })
    .optional(),
  wonStages: z.array(z.string().min(1)).min(1).optional(),
  limits: z
    .strictObject({
      maxCallHours: z.number().positive().optional(),
    })
    .optional(),
  sources: z.record(z.string(), sourceSpec).optional(),
});
export type RawConfig = z.infer<typeof configSchema>;

/** Kinds whose values a status or outcome map may produce, for messages. */
export const ENUM_VALUES = {
  outcome: CALL_OUTCOMES,
  status: AGENT_STATUSES,
  direction: ['inbound', 'outbound'],
  activity: ['shift', 'break'],
} as const;
