/**
 * Display helpers shared by the text renderers: metric values and targets in
 * the units people read, counts with thousands separators, control-character
 * escaping and a terminal column width.
 *
 * Rounding is half away from zero on the shortest decimal form of a number
 * (the digits `Number.prototype.toString` prints), not on its binary value:
 * 8.05 shows as `8.1` although the nearest double is slightly below 8.05, and
 * 0.8125 shows as `81.3%`. Rounding happens only here; values are compared
 * with their targets unrounded.
 */
import type { MetricId, MetricUnit, Target } from '../engine/types.js';

/** The display for a missing value (status no_data). */
export const NO_DATA = '—';

/**
 * Rounds `value × 10^shift` half away from zero to `places` decimals and
 * returns it as a decimal string without exponent. The shift moves the decimal
 * point exactly, so a ratio becomes a percent without a binary multiplication.
 * Throws RangeError for NaN or an infinity.
 */
export function roundDecimal(value: number, places: number, shift = 0): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`cannot display ${value}: only finite numbers have a decimal form`);
  }
  const { digits, exponent } = decimalDigits(value);

  // digits = d1 d2 d3 ... means 0.d1d2d3... × 10^(exponent + 1); keptLength is
  // how many of them lie before the rounding position.
  const keptLength = exponent + 1 + shift + places;
  let keptDigits = '0';
  let next = '0';
  if (keptLength === 0) {
    next = digits[0] ?? '0';
  } else if (keptLength > 0) {
    keptDigits = digits.slice(0, keptLength).padEnd(keptLength, '0');
    next = digits[keptLength] ?? '0';
  }

  // The shortest form has no trailing zeros, so a next digit of 5 or more
  // means the dropped part is at least one half.
  let scaled = BigInt(keptDigits);
  if (next >= '5') scaled += 1n;

  const text = scaled.toString().padStart(places + 1, '0');
  const integerPart = text.slice(0, text.length - places);
  const fractionPart = text.slice(text.length - places);
  const sign = value < 0 && scaled !== 0n ? '-' : '';
  return places > 0 ? `${sign}${integerPart}.${fractionPart}` : `${sign}${integerPart}`;
}

/** Formats a finite number as a plain decimal (no exponent), with all its shortest-form digits. */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`cannot write ${value}: only finite numbers have a decimal form`);
  }
  if (value === 0) return '0';

  const { digits, exponent } = decimalDigits(value);
  const sign = value < 0 ? '-' : '';
  const integerLength = exponent + 1;
  if (integerLength <= 0) return `${sign}0.${'0'.repeat(-integerLength)}${digits}`;
  if (integerLength >= digits.length) return `${sign}${digits.padEnd(integerLength, '0')}`;
  return `${sign}${digits.slice(0, integerLength)}.${digits.slice(integerLength)}`;
}

/** Splits |value| into its shortest significant digits and the decimal exponent of the first. */
function decimalDigits(value: number): { digits: string; exponent: number } {
  // toExponential() without an argument prints as many digits as needed to
  // identify the double uniquely, e.g. `8.125e-1`.
  const text = Math.abs(value).toExponential();
  const e = text.indexOf('e');
  return {
    digits: text.slice(0, e).replace('.', ''),
    exponent: Number(text.slice(e + 1)),
  };
}

/**
 * Formats seconds as `m:ss`, or `h:mm:ss` from one hour up, after rounding to
 * whole seconds: 287.4 gives `4:47`, 3600 gives `1:00:00`.
 */
export function formatDuration(seconds: number): string {
  const rounded = Number(roundDecimal(seconds, 0));
  const sign = rounded < 0 ? '-' : '';
  const total = Math.abs(rounded);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, '0');
  if (hours > 0) return `${sign}${hours}:${String(minutes).padStart(2, '0')}:${secs}`;
  return `${sign}${minutes}:${secs}`;
}

/** Formats a ratio as a percent with one decimal: 0.8123 gives `81.2%`. */
export function formatPercent(ratio: number): string {
  return `${roundDecimal(ratio, 1, 2)}%`;
}

/**
 * Formats a metric value in its unit: seconds as a duration, ratios as a
 * percent, CSAT scores with two decimals, rates per hour, shift or week with
 * one decimal, and null as `—`.
 */
export function formatValue(value: number | null, unit: MetricUnit): string {
  if (value === null) return NO_DATA;
  switch (unit) {
    case 'seconds':
      return formatDuration(value);
    case 'ratio':
      return formatPercent(value);
    case 'score 1–5':
      return roundDecimal(value, 2);
    case 'calls per hour':
    case 'bookings per shift':
    case 'leads per week':
      return roundDecimal(value, 1);
  }
}

const TARGET_SYMBOLS = { '<': '<', '<=': '≤', '>': '>', '>=': '≥' } as const;

/** Formats a target in the display form of its unit: `< 5:00`, `> 80.0%`, `8.0–12.0`, `≥ 4.50`. */
export function formatTarget(target: Target, unit: MetricUnit): string {
  if (target.op === 'between') {
    return `${formatValue(target.min, unit)}–${formatValue(target.max, unit)}`;
  }
  return `${TARGET_SYMBOLS[target.op]} ${formatValue(target.value, unit)}`;
}

/** Short column headers, in METRIC_IDS order, for tables that must fit a terminal. */
export const METRIC_SHORT_NAMES: Record<MetricId, string> = {
  aht: 'AHT',
  fcr: 'FCR',
  calls_per_hour: 'Calls/h',
  hold_time: 'Hold',
  after_call_work: 'ACW',
  csat: 'CSAT',
  complaint_rate: 'Compl',
  escalation_rate: 'Escal',
  callback_rate: 'Callbk',
  shift_adherence: 'Adher',
  bookings_per_shift: 'Book/sh',
  leads_won_per_week: 'Leads/wk',
  same_day_resolution: 'SameDay',
};

/** Formats a non-negative integer count with comma thousands separators: 1204 gives `1,204`. */
export function formatCount(count: number): string {
  const digits = roundDecimal(count, 0);
  const negative = digits.startsWith('-');
  const unsigned = negative ? digits.slice(1) : digits;
  const groups: string[] = [];
  for (let end = unsigned.length; end > 0; end -= 3) {
    groups.unshift(unsigned.slice(Math.max(0, end - 3), end));
  }
  return `${negative ? '-' : ''}${groups.join(',')}`;
}

const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
};

/**
 * Characters a terminal acts on instead of printing: C0 controls, DEL and C1
 * controls. The Unicode line and paragraph separators and the bidirectional
 * overrides and isolates are included too, because they can reorder or hide
 * text. So are the invisible soft hyphen, zero-width space and non-joiner,
 * direction marks, word joiner and byte order mark, and a zero-width joiner
 * outside an emoji sequence (`👩‍💻` keeps its own). They hide a difference between two
 * names, and cli-table3 counts each as one column, which shifted table rows.
 */
const CONTROL_PATTERN =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b\u200c\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]|(?<![\p{Extended_Pictographic}\u{1f3fb}-\u{1f3ff}\ufe0f])\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/**
 * Replaces control characters with visible escapes (`\x1b`, `\r`, `\u202e`) so
 * text taken from the data can never drive the terminal. Backslashes are left
 * as they are, so a name that already contains the text `\x1b` reads the same
 * as one containing ESC; the JSON output keeps the exact string.
 */
export function escapeControl(text: string): string {
  CONTROL_PATTERN.lastIndex = 0;
  if (!CONTROL_PATTERN.test(text)) return text;

  return text.replace(CONTROL_PATTERN, (char) => {
    const code = char.charCodeAt(0);
    const named = NAMED_ESCAPES[code];
    if (named !== undefined) return named;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

// SGR sequences only: the renderers emit colour and nothing else, and data
// text reaches them already escaped.
const SGR_PATTERN = /\u001b\[[0-9;]*m/g;

/** Removes the colour codes chalk adds, leaving the visible text. */
export function stripColor(text: string): string {
  return text.replace(SGR_PATTERN, '');
}

/**
 * Returns the number of terminal columns a string takes: colour codes take
 * none, combining marks and zero-width characters none, East Asian wide and
 * fullwidth characters and most emoji two, anything else one.
 *
 * NOTE: the wide ranges are the main blocks, not the full Unicode
 * East_Asian_Width table; a rare character outside them counts as one column.
 * Tables stay within their width even then, because cli-table3 measures
 * cells itself and truncates to the column widths given to it.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of stripColor(text)) {
    width += charWidth(char.codePointAt(0) ?? 0);
  }
  return width;
}

function charWidth(code: number): number {
  if (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0xfe00 && code <= 0xfe0f)
  ) {
    return 0;
  }
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/**
 * Joins segments with a separator into lines no wider than `width`, breaking
 * only between segments; a segment wider than the line is broken at spaces.
 * Continuation lines start with `indent`.
 */
export function wrapSegments(segments: readonly string[], separator: string, width: number, indent = ''): string[] {
  // Each piece carries the text that joins it to the piece before on one line.
  const pieces: { text: string; joiner: string }[] = [];
  for (const segment of segments) {
    if (displayWidth(segment) <= width - displayWidth(indent)) {
      pieces.push({ text: segment, joiner: separator });
      continue;
    }
    segment.split(' ').forEach((word, i) => {
      pieces.push({ text: word, joiner: i === 0 ? separator : ' ' });
    });
  }

  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const candidate = line === '' ? piece.text : `${line}${piece.joiner}${piece.text}`;
    if (line !== '' && displayWidth(candidate.trimEnd()) > width) {
      lines.push(line.trimEnd());
      line = `${indent}${piece.text}`;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line.trimEnd());
  return lines;
}
