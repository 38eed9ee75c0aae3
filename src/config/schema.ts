/**
 * The `kpi.config.json` schema. Every key is optional; defaults are those of
 * the metric definitions. Source mappings let a non-canonical export be read
 * without converting it by hand.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { AGENT_STATUSES, CALL_OUTCOMES, SOURCE_KINDS } from '../records.js';
import { METRIC_IDS } from '../engine/types.js';
import { daysInMonth } from '../time/civil.js';
import { zoneFor } from '../time/zone.js';

// zod/mini loads no message locale of its own; the messages are zod's English ones.
z.config(en());

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clockTime = z.string().check(z.regex(CLOCK_TIME, 'expected a 24-hour time such as "09:00"'));
/** Business hours when the config sets none. */
export const DEFAULT_OPEN = '09:00';
export const DEFAULT_CLOSE = '17:00';

/** A closing time, which may be the end of the day. */
const CLOSING_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const closingTime = z.string().check(z.regex(CLOSING_TIME, 'expected a 24-hour time such as "17:00", or "24:00" for midnight'));

/**
 * Returns true when the opening and closing times of business hours can be
 * compared, each being absent or valid. The comparison then runs even when
 * another key, such as a day name, is invalid.
 */
function hasComparableHours(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const { open, close } = value as { open?: unknown; close?: unknown };
  const openValid = open === undefined || (typeof open === 'string' && CLOCK_TIME.test(open));
  const closeValid = close === undefined || (typeof close === 'string' && CLOSING_TIME.test(close));
  return openValid && closeValid;
}

/** Returns the minutes since midnight of a time that clockTime or closingTime accepted. */
export function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Returns true for a name that Intl accepts as a time zone: an IANA name or an alias of one. */
function isZoneName(name: string): boolean {
  try {
    zoneFor(name);
    return true;
  } catch {
    return false;
  }
}

const zoneName = z.string().check(z.refine(isZoneName, 'expected an IANA time zone name such as "America/New_York"'));

const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as "2026-12-25"'),
  z.refine((text) => {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  }, 'expected a date that exists on the calendar, such as "2026-12-25"'),
);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const target = z.union(
  [
    z.strictObject({ op: z.enum(['<', '<=', '>', '>=']), value: z.number() }),
    z
      .strictObject({ op: z.literal('between'), min: z.number(), max: z.number() })
      .check(z.refine((band) => band.min <= band.max, 'expected min <= max')),
  ],
  { error: 'expected { "op": "<" | "<=" | ">" | ">=", "value": number } or { "op": "between", "min": number, "max": number }' },
);

const durationUnit = z.enum(['seconds', 'minutes', 'hours']);
const dateOrder = z.enum(['DMY', 'MDY'], { error: 'expected "DMY" (day first: 03/05/2024 is 3 May 2024) or "MDY" (month first: March 5, 2024)' });

/** A value condition: one raw value, or any of several (compared case-insensitively after trimming). */
const matchValue = z.union([z.string(), z.array(z.string()).check(z.minLength(1))]);

/** A column named in a mapping: a header name (`*` matches any text) or a 1-based position. */
const columnOptions = z.pipe(
  // A key of another form, such as "add" beside "column", means the user meant that form. Stopping here keeps
  // the key from being dropped as a typo, and lets the config loader describe the form the key belongs to.
  z.custom<unknown>((input) => input === null || typeof input !== 'object' || !FORM_KEYS.some((key) => key in input), {
    error: 'expected the keys of one field form',
    abort: true,
  }),
  z
    .strictObject({
      column: z.optional(z.string().check(z.minLength(1))),
      position: z.optional(z.int().check(z.minimum(1))),
      map: z.optional(z.record(z.string(), z.string())),
      missing: z.optional(z.array(z.string())),
      unit: z.optional(durationUnit),
      dateOrder: z.optional(dateOrder),
      pattern: z.optional(z.string().check(z.minLength(1))),
    })
    .check(z.refine((spec) => (spec.column === undefined) !== (spec.position === undefined), 'expected exactly one of "column" and "position"')),
);

/**
 * The keys that name each field form other than a column with options, in the
 * order of the `fieldSpec` union below. The config loader reads a failed
 * field through the form its keys name.
 */
export const FIELD_FORM_KEYS: readonly { union: number; keys: readonly string[] }[] = [
  { union: 8, keys: ['next'] },
  { union: 7, keys: ['from', 'add'] },
  { union: 6, keys: ['concat', 'separator'] },
  { union: 5, keys: ['first'] },
  { union: 4, keys: ['cases', 'otherwise'] },
  { union: 3, keys: ['date', 'time'] },
  { union: 2, keys: ['value'] },
];
const FORM_KEYS = FIELD_FORM_KEYS.flatMap((form) => form.keys);
/** Every key of every field form. Such a key beside another form's keys mixes two forms, so it is no typo to ignore. */
export const ALL_FIELD_FORM_KEYS: readonly string[] = [...FORM_KEYS, 'column', 'position', 'map', 'missing', 'unit', 'dateOrder', 'pattern'];
/** The index of the column-with-options form in the `fieldSpec` union. */
export const COLUMN_FORM_UNION = 1;

/** The source of one canonical field: a column, a constant, or a rule over columns. */
export const fieldSpec: z.ZodMiniType<FieldSpec> = z.lazy(() =>
  z.union([
    z.string().check(z.minLength(1)),
    columnOptions,
    z.strictObject({ value: z.string() }),
    z.strictObject({ date: z.string().check(z.minLength(1)), time: z.string().check(z.minLength(1)), dateOrder: z.optional(dateOrder) }),
    z.strictObject({
      cases: z
        .array(z.strictObject({ when: z.record(z.string(), matchValue), value: z.string() }))
        .check(z.minLength(1)),
      otherwise: z.optional(z.union([z.strictObject({ value: z.string() }), fieldSpec])),
    }),
    z.strictObject({ first: z.array(fieldSpec).check(z.minLength(1)) }),
    z.strictObject({ concat: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)), separator: z.optional(z.string()) }),
    z.strictObject({ from: z.string().check(z.minLength(1)), add: z.string().check(z.minLength(1)), unit: z.optional(durationUnit), dateOrder: z.optional(dateOrder) }),
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
  timezone: z.optional(zoneName),
  dateOrder: z.optional(dateOrder),
  delimiter: z.optional(z.enum([',', ';', '\t', '|'])),
  encoding: z.optional(z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'])),
  skipRows: z.optional(z.int().check(z.minimum(0))),
  header: z.optional(z.array(z.string()).check(z.minLength(1))),
  hasHeader: z.optional(z.boolean()),
  footer: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  footerRows: z.optional(z.int().check(z.minimum(0))),
  decimalComma: z.optional(z.boolean()),
  columns: z.optional(z.record(z.string(), fieldSpec)),
  where: z.optional(z.record(z.string(), matchValue)),
  whereNot: z.optional(z.record(z.string(), matchValue)),
  missing: z.optional(z.array(z.string())),
};

/** One export, or a family of exports matched by file name, read as one kind. */
export const sourceSpec = z.strictObject({
  kind: z.enum(SOURCE_KINDS),
  files: z.union([z.string().check(z.minLength(1)), z.array(z.string().check(z.minLength(1))).check(z.minLength(1))], {
    error: 'expected a file name such as "calls.csv", a pattern with * and ?, or a list of them',
  }),
  ...readOptions,
});
export type SourceSpec = z.infer<typeof sourceSpec>;

/** The kind and columns of a source entry, read even when its other keys are invalid. */
export const sourceColumns = z.object({ kind: sourceSpec.shape.kind, columns: readOptions.columns });
export type SourceColumns = z.infer<typeof sourceColumns>;

export const configSchema = z.strictObject({
  $schema: z.optional(z.string()),
  timezone: z.optional(zoneName),
  data: z.optional(z.string()),
  weekStartsOn: z.optional(z.enum(WEEKDAYS)),
  businessHours: z.optional(
    z
      .strictObject({
        days: z.optional(z.array(z.enum(WEEKDAYS)).check(z.minLength(1))),
        open: z.optional(clockTime),
        close: z.optional(closingTime),
      })
      .check(
        z.refine((hours) => minutesOf(hours.close ?? DEFAULT_CLOSE) > minutesOf(hours.open ?? DEFAULT_OPEN), {
          error: (issue) => {
            const hours = issue.input as { open?: string; close?: string };
            const expected = `expected a time later than businessHours.open (${hours.open ?? DEFAULT_OPEN})`;
            // Without a close key the message would read as if the key were required, so it names the default.
            return hours.close === undefined ? `${expected}; set it, because the default, ${DEFAULT_CLOSE}, is not later` : expected;
          },
          path: ['close'],
          when: (payload) => hasComparableHours(payload.value),
        }),
      ),
  ),
  holidays: z.optional(z.array(isoDate)),
  targets: z.optional(z.partialRecord(z.enum(METRIC_IDS), target)),
  metrics: z.optional(
    z.strictObject({
      aht: z.optional(z.strictObject({ includeAfterCallWork: z.optional(z.boolean()) })),
      shift_adherence: z.optional(z.strictObject({ countAfterCallWork: z.optional(z.boolean()) })),
    }),
  ),
  minimumSample: z.optional(
    z.strictObject({
      calls: z.optional(z.int().check(z.minimum(0))),
      surveys: z.optional(z.int().check(z.minimum(0))),
      tickets: z.optional(z.int().check(z.minimum(0))),
    }),
  ),
  wonStages: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  limits: z.optional(
    z.strictObject({
      maxCallHours: z.optional(z.number().check(z.positive())),
    }),
  ),
  sources: z.optional(z.record(z.string(), sourceSpec)),
});
export type RawConfig = z.infer<typeof configSchema>;

/** Kinds whose values a status or outcome map may produce, for messages. */
export const ENUM_VALUES = {
  outcome: CALL_OUTCOMES,
  status: AGENT_STATUSES,
  direction: ['inbound', 'outbound'],
  activity: ['shift', 'break'],
} as const;
