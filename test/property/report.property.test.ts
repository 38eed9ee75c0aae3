import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

/**
 * Random canonical data sets around ISO week 2026-W45 (UTC), with unique
 * record keys so that row order cannot pick a different survivor among
 * conflicting duplicates, and distinct call start times so transfer ties
 * cannot depend on order either.
 */
const AGENTS = ['ana@example.com', 'bo@example.com', 'cy@example.com'];
const WEEK_START = Date.UTC(2026, 10, 2);
const SPAN_MS = 21 * 24 * 3600 * 1000;
const OUTCOMES = ['resolved', 'escalated', 'callback', 'unresolved', 'abandoned', 'missed', 'voicemail'];

const root = mkdtempSync(join(tmpdir(), 'kpi-property-'));
let folders = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface DataSet {
  files: Record<string, string[]>;
  headers: Record<string, string>;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

const callRow = fc.record({
  agent: fc.option(fc.constantFrom(...AGENTS), { nil: '' }),
  direction: fc.constantFrom('inbound', 'outbound'),
  offset: fc.integer({ min: 0, max: SPAN_MS / 1000 }),
  talk: fc.oneof(fc.integer({ min: 0, max: 1800 }).map(String), fc.constant('4:7x')),
  hold: fc.integer({ min: 0, max: 120 }),
  afterCallWork: fc.integer({ min: 0, max: 300 }),
  outcome: fc.constantFrom(...OUTCOMES),
  escalated: fc.boolean(),
  callback: fc.boolean(),
});

const dataSet: fc.Arbitrary<DataSet> = fc
  .record({
    calls: fc.array(callRow, { minLength: 1, maxLength: 40 }),
    surveys: fc.array(fc.record({ callIndex: fc.nat(), byAgent: fc.boolean(), score: fc.integer({ min: 0, max: 6 }), agent: fc.constantFrom(...AGENTS) }), { maxLength: 15 }),
    tickets: fc.array(fc.record({ agent: fc.constantFrom(...AGENTS), offset: fc.integer({ min: 0, max: SPAN_MS / 1000 }), resolveAfter: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }) }), { maxLength: 15 }),
    statuses: fc.array(fc.record({ agent: fc.constantFrom(...AGENTS), status: fc.constantFrom('available', 'on_call', 'break', 'away', 'offline'), offset: fc.integer({ min: 0, max: SPAN_MS / 1000 }), length: fc.integer({ min: 0, max: 20_000 }) }), { maxLength: 30 }),
    shifts: fc.array(fc.record({ agent: fc.constantFrom(...AGENTS), day: fc.integer({ min: 0, max: 20 }), startHour: fc.integer({ min: 0, max: 23 }), hours: fc.integer({ min: 1, max: 10 }) }), { maxLength: 12 }),
  })
  .map(({ calls, surveys, tickets, statuses, shifts }) => {
    const callLines = calls.map((c, i) => {
      // One second apart per row keeps every start distinct.
      const start = WEEK_START - 3 * 24 * 3600 * 1000 + c.offset * 1000 + i;
      return [`C${i}`, c.agent, c.direction, iso(start), c.talk, c.hold, c.afterCallWork, c.outcome, c.escalated, c.callback].join(',');
    });
    const surveyLines = surveys.map((s, i) => {
      const callId = s.byAgent ? '' : `C${s.callIndex % calls.length}`;
      const agent = s.byAgent ? s.agent : '';
      return [`S${i}`, callId, agent, iso(WEEK_START + i * 3_600_000), s.score].join(',');
    });
    const ticketLines = tickets.map((t, i) => {
      const created = WEEK_START - 3 * 24 * 3600 * 1000 + t.offset * 1000;
      return [`T${i}`, t.agent, iso(created), t.resolveAfter === null ? '' : iso(created + t.resolveAfter * 1000)].join(',');
    });
    const statusLines = statuses.map((s) => {
      const start = WEEK_START - 3 * 24 * 3600 * 1000 + s.offset * 1000;
      return [s.agent, s.status, iso(start), iso(start + s.length * 1000)].join(',');
    });
    const shiftLines = [
      ...new Set(
        shifts.map((s) => {
          const start = WEEK_START - 3 * 24 * 3600 * 1000 + s.day * 86_400_000 + s.startHour * 3_600_000;
          return [s.agent, 'shift', iso(start), iso(start + s.hours * 3_600_000)].join(',');
        }),
      ),
    ];
    const statusUnique = [...new Set(statusLines)];
    return {
      headers: {
        'calls.csv': 'call_id,agent,direction,started_at,talk_seconds,hold_seconds,after_call_work_seconds,outcome,escalated,callback_required',
        'surveys.csv': 'survey_id,call_id,agent,submitted_at,score',
        'tickets.csv': 'ticket_id,created_by,created_at,resolved_at',
        'agent_status.csv': 'agent,status,started_at,ended_at',
        'schedule.csv': 'agent,activity,starts_at,ends_at',
      },
      files: { 'calls.csv': callLines, 'surveys.csv': surveyLines, 'tickets.csv': ticketLines, 'agent_status.csv': statusUnique, 'schedule.csv': shiftLines },
    };
  });

/** Writes a data set, optionally splitting each file's rows over several files. */
function write(files: Record<string, string[]>, headers: Record<string, string>, parts: (name: string) => string[][] = (name) => [files[name]!]): string {
  folders += 1;
  const dir = join(root, `set-${folders}`);
  mkdirSync(dir);
  for (const name of Object.keys(files)) {
    parts(name).forEach((rows, i) => {
      const file = i === 0 ? name : name.replace('.csv', `-part${i}.csv`);
      writeFileSync(join(dir, file), [headers[name]!, ...rows].join('\n') + '\n');
    });
  }
  return dir;
}

async function report(dir: string): Promise<{ agents: { agent: string; metrics: Record<string, Metric> }[]; team: { metrics: Record<string, Metric> }; dataQuality: { sources: Ledger[] } }> {
  const result = await runCli(['report', '--data', dir, '--week', '2026-W45', '--as-of', '2026-11-20T00:00:00Z', '--json']);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

interface Metric {
  value: number | null;
  numerator: number;
  denominator: number;
  status: string;
}

interface Ledger {
  kind: string;
  file: string;
  rowsRead: number;
  rowsUsed: number;
  rowsOutsidePeriod: number;
  rowsDuplicate: number;
  rowsRejected: number;
}

/** The report without the ledger, whose per-file entries and reject lines legitimately change. */
function metricsOnly(document: Awaited<ReturnType<typeof report>>): unknown {
  return { agents: document.agents, team: document.team };
}

function totals(document: Awaited<ReturnType<typeof report>>): Record<string, number[]> {
  const sums: Record<string, number[]> = {};
  for (const source of document.dataQuality.sources) {
    const sum = (sums[source.kind] ??= [0, 0, 0, 0, 0]);
    [source.rowsRead, source.rowsUsed, source.rowsOutsidePeriod, source.rowsDuplicate, source.rowsRejected].forEach((n, i) => {
      sum[i]! += n;
    });
  }
  return sums;
}

const RUNS = { numRuns: 25 };

describe('report properties', () => {
  it('keeps the ledger invariant', async () => {
    await fc.assert(
      fc.asyncProperty(dataSet, async ({ files, headers }) => {
        const document = await report(write(files, headers));
        for (const source of document.dataQuality.sources) {
          expect(source.rowsRead).toBe(source.rowsUsed + source.rowsOutsidePeriod + source.rowsDuplicate + source.rowsRejected);
        }
        expect(document.dataQuality.sources.find((s) => s.kind === 'calls')?.rowsRead).toBe(files['calls.csv']!.length);
      }),
      RUNS,
    );
  });

  it('ignores row order', async () => {
    await fc.assert(
      fc.asyncProperty(dataSet, fc.nat(), async ({ files, headers }, seed) => {
        const shuffled = Object.fromEntries(Object.entries(files).map(([name, rows]) => [name, shuffle(rows, seed)]));
        const before = await report(write(files, headers));
        const after = await report(write(shuffled, headers));
        expect(metricsOnly(after)).toEqual(metricsOnly(before));
        expect(totals(after)).toEqual(totals(before));
      }),
      RUNS,
    );
  });

  it('ignores splitting a file in two', async () => {
    await fc.assert(
      fc.asyncProperty(dataSet, fc.nat(), async ({ files, headers }, cut) => {
        const split = (name: string): string[][] => {
          const rows = files[name]!;
          const at = rows.length === 0 ? 0 : cut % (rows.length + 1);
          return [rows.slice(0, at), rows.slice(at)];
        };
        const whole = await report(write(files, headers));
        const parts = await report(write(files, headers, split));
        expect(metricsOnly(parts)).toEqual(metricsOnly(whole));
        expect(totals(parts)).toEqual(totals(whole));
      }),
      RUNS,
    );
  });

  it('counts exact duplicates and changes nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(dataSet, async ({ files, headers }) => {
        const doubled = Object.fromEntries(Object.entries(files).map(([name, rows]) => [name, [...rows, ...rows]]));
        const once = await report(write(files, headers));
        const twice = await report(write(doubled, headers));
        expect(metricsOnly(twice)).toEqual(metricsOnly(once));
        const calls = (d: typeof once) => d.dataQuality.sources.find((s) => s.kind === 'calls')!;
        // Every valid row comes back once more as a duplicate; a rejected row is rejected again.
        expect(calls(twice).rowsDuplicate).toBe(calls(once).rowsDuplicate * 2 + calls(once).rowsUsed + calls(once).rowsOutsidePeriod);
        expect(calls(twice).rowsRejected).toBe(calls(once).rowsRejected * 2);
      }),
      RUNS,
    );
  });

  it('pools the team from the agent rows', async () => {
    await fc.assert(
      fc.asyncProperty(dataSet, async ({ files, headers }) => {
        const document = await report(write(files, headers));
        for (const [id, team] of Object.entries(document.team.metrics)) {
          const counted = document.agents.map((a) => a.metrics[id]!).filter((m) => m.status !== 'no_data');
          const numerator = counted.reduce((sum, m) => sum + m.numerator, 0);
          const denominator = counted.reduce((sum, m) => sum + m.denominator, 0);
          expect(team.numerator, id).toBeCloseTo(numerator, 9);
          expect(team.denominator, id).toBeCloseTo(denominator, 9);
          expect(team.value, id).toBe(denominator > 0 && team.status !== 'no_data' ? team.numerator / team.denominator : null);
        }
      }),
      RUNS,
    );
  });
});

/** Shuffles a copy of the rows with a small seeded generator, so a failure can be replayed. */
function shuffle<T>(rows: readonly T[], seed: number): T[] {
  const copy = [...rows];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
