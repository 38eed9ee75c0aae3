/**
 * Microbenchmark of the per-row parsers and the CSV reader.
 *
 * Run: npx tsx bench/parse-values.ts [megabytes]
 *
 * Prints microseconds per timestamp parse for three common forms, and the
 * reader's throughput on a generated call log (50 MB unless given) that is
 * written to the system temp folder once and reused by later runs.
 */
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCsv } from '../src/read/csv.js';
import { zoneFor } from '../src/time/zone.js';
import { parseDuration } from '../src/values/duration.js';
import { createTimestampParser } from '../src/values/timestamp.js';

const zone = zoneFor('America/New_York');
const DISTINCT_VALUES = 10_000;
const CALLS_PER_FORM = 2_000_000;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Returns wall-clock fields for the i-th value: one every 17 s from 2026-01-01,
 * so a million rows span about 200 days, a realistic range for the zone's
 * offset cache, and the 10,000 microbenchmark values span about 2 days.
 */
function sampleTime(i: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const instant = Date.UTC(2026, 0, 1) + i * 17_000;
  const date = new Date(instant);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    // Hours 4-22 avoid the 02:00-03:00 spring-forward gap.
    hour: 4 + (date.getUTCHours() % 19),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

function isoWithOffset(i: number): string {
  const t = sampleTime(i);
  return `${t.year}-${pad2(t.month)}-${pad2(t.day)}T${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}-05:00`;
}

function localIso(i: number): string {
  const t = sampleTime(i);
  return `${t.year}-${pad2(t.month)}-${pad2(t.day)} ${pad2(t.hour)}:${pad2(t.minute)}:${pad2(t.second)}`;
}

function monthFirst12Hour(i: number): string {
  const t = sampleTime(i);
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const marker = t.hour < 12 ? 'AM' : 'PM';
  return `${pad2(t.month)}/${pad2(t.day)}/${t.year} ${hour12}:${pad2(t.minute)}:${pad2(t.second)} ${marker}`;
}

/** Returns microseconds per call of `parse` over `values`, after a warm-up pass. */
function timePerCall(parse: (text: string) => number, values: string[], calls: number): number {
  let checksum = 0;
  for (let i = 0; i < values.length * 10; i++) checksum += parse(values[i % values.length]!);

  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) checksum += parse(values[i % values.length]!);
  const elapsedNs = Number(process.hrtime.bigint() - start);

  // The checksum keeps the calls from being optimized away.
  if (Number.isNaN(checksum)) throw new Error('a sample value did not parse');
  return elapsedNs / 1000 / calls;
}

function benchTimestamps(): void {
  const parseAny = createTimestampParser({ zone });
  const parseMdy = createTimestampParser({ zone, dateOrder: 'MDY' });
  const forms: [string, (text: string) => number, (i: number) => string][] = [
    ['ISO 8601 with offset (2026-03-04T09:15:02-05:00)', parseAny, isoWithOffset],
    ['local ISO (2026-03-04 09:15:02)', parseAny, localIso],
    ['MDY with AM/PM (03/04/2026 9:15:02 AM)', parseMdy, monthFirst12Hour],
  ];

  for (const [label, parse, make] of forms) {
    const values = Array.from({ length: DISTINCT_VALUES }, (_, i) => make(i));
    const micros = timePerCall(parse, values, CALLS_PER_FORM);
    console.log(`timestamp  ${label.padEnd(50)} ${micros.toFixed(3)} µs/call`);
  }
}

/**
 * Writes a canonical calls.csv of about `bytes` bytes unless one of that size
 * exists, in batches so the generator itself stays small in memory.
 */
function generateCallLog(path: string, bytes: number): void {
  if (existsSync(path) && statSync(path).size >= bytes) return;

  const fd = openSync(path, 'w');
  let lines = ['call_id,agent,direction,started_at,ended_at,talk_seconds,hold_seconds,after_call_work_seconds,outcome,customer'];
  let size = lines[0]!.length + 1;
  for (let i = 0; size < bytes; i++) {
    const start = localIso(i);
    const end = localIso(i + 1);
    const agent = `va${pad2(i % 40)}@example.com`;
    const direction = i % 3 === 0 ? 'outbound' : 'inbound';
    const outcome = ['resolved', 'escalated', 'callback', 'abandoned'][i % 4];
    // Every fifth customer is quoted with a comma inside, as CRM names often are.
    const customer = i % 5 === 0 ? `"Caller ${i}, Example Ltd"` : `555-01${pad2(i % 100)}`;
    const line = `${1_700_000_000 + i}.${i % 100},${agent},${direction},${start},${end},${i % 900},${i % 60},${i % 120},${outcome},${customer}`;
    lines.push(line);
    size += line.length + 1;
    if (lines.length === 10_000) {
      writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    }
  }
  writeSync(fd, lines.join('\n') + '\n');
  closeSync(fd);
}

function benchReader(megabytes: number): void {
  const path = join(tmpdir(), `kpi-bench-calls-v2-${megabytes}mb.csv`);
  generateCallLog(path, megabytes * 1_000_000);
  const fileBytes = statSync(path).size;

  const parse = createTimestampParser({ zone });
  for (const withValues of [false, true]) {
    const start = process.hrtime.bigint();
    const reader = openCsv(path);
    let rows = 0;
    let checksum = 0;
    reader.forEachRow((fields) => {
      rows++;
      // With values: the two timestamps and three durations a calls row needs.
      if (withValues) {
        checksum += parse(fields[3]!) + parse(fields[4]!);
        checksum += parseDuration(fields[5]!) + parseDuration(fields[6]!) + parseDuration(fields[7]!);
      }
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (Number.isNaN(checksum)) throw new Error('a generated value did not parse');

    const label = withValues ? 'read + 2 timestamps + 3 durations per row' : 'read only';
    const megabytesPerSecond = fileBytes / 1e6 / seconds;
    const secondsPerMillion = (seconds / rows) * 1e6;
    console.log(
      `csv        ${label.padEnd(42)} ${(fileBytes / 1e6).toFixed(1)} MB, ${rows} rows: ` +
        `${seconds.toFixed(2)} s, ${megabytesPerSecond.toFixed(0)} MB/s, ${secondsPerMillion.toFixed(2)} s per million rows`,
    );
  }
  console.log(`memory     max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

const megabytes = Number(process.argv[2] ?? 50);
benchTimestamps();
benchReader(megabytes);
