/**
 * The JSON output, the contract scripts and CI read. The document is built
 * key by key in a fixed order, never by spreading the input objects, so two
 * runs on the same input give the same bytes whatever extra fields the report
 * value carries.
 */
import { METRIC_IDS } from '../engine/types.js';
import type { MetricResult, MetricSet, Target } from '../engine/types.js';
import type { KpiReport, SourceLedger } from '../report.js';
import type { Zone } from '../time/zone.js';

/** The version of the JSON shape; it changes only when a key is removed or changes meaning. */
export const SCHEMA_VERSION = 1;

/**
 * Renders the report as the JSON document: 2-space indent, a trailing newline,
 * numbers unrounded and instants as ISO 8601 with the team zone's offset.
 * Throws RangeError when a number is NaN or infinite, naming where it is,
 * because JSON has no such numbers and writing null would hide an engine bug.
 */
export function renderJson(report: KpiReport, zone: Zone): string {
  return [...renderJsonPieces(report, zone)].join('');
}

/**
 * Renders the same text as renderJson() in pieces, one per agent between a
 * head and a tail, so that a report of many agents is written without one
 * string of all of it. V8 caps a string at 2^29 - 24 characters, which the
 * JSON of about 140,000 agents reaches at 3.9 KB each. Built whole, the
 * JSON of 50,000 agents (196 MB) also took the run from 0.5 to 1.8 GB.
 */
export function* renderJsonPieces(report: KpiReport, zone: Zone): Generator<string> {
  // Each part is stringified alone and indented to its depth. JSON.stringify
  // escapes line ends inside strings, so every line end is one of its own.
  const head = JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      period: {
        label: report.period.label,
        start: isoInstant(zone, report.period.start, 'period.start'),
        end: isoInstant(zone, report.period.end, 'period.end'),
        timezone: report.period.timezone,
      },
      asOf: isoInstant(zone, report.asOf, 'asOf'),
    },
    null,
    2,
  );
  yield escapeTerminalControls(`${head.slice(0, -2)},\n  "agents": [`);

  for (const [i, agent] of report.agents.entries()) {
    const text = JSON.stringify(
      {
        agent: agent.agent,
        name: agent.name,
        calls: callCounts(agent.calls, `agent ${agent.agent}`),
        metrics: metricSet(agent.metrics, `agent ${agent.agent}`),
      },
      null,
      2,
    );
    yield escapeTerminalControls(`${i === 0 ? '' : ','}\n    ${text.replaceAll('\n', '\n    ')}`);
  }

  const tail = JSON.stringify(
    {
      team: {
        calls: callCounts(report.team.calls, 'team'),
        metrics: metricSet(report.team.metrics, 'team'),
      },
      dataQuality: {
        sources: report.dataQuality.sources.map(sourceLedger),
      },
    },
    null,
    2,
  );
  const closeAgents = report.agents.length === 0 ? ']' : '\n  ]';
  yield escapeTerminalControls(`${closeAgents},\n${tail.slice(2)}\n`);
}

function finite(value: number, where: string): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${where} is ${value}, which JSON cannot hold; the report must contain finite numbers only`);
  }
  return value;
}

function isoInstant(zone: Zone, instant: number, where: string): string {
  return zone.formatIso(finite(instant, where));
}

function callCounts(calls: { handled: number; unhandled: number }, where: string): { handled: number; unhandled: number } {
  return {
    handled: finite(calls.handled, `${where} calls.handled`),
    unhandled: finite(calls.unhandled, `${where} calls.unhandled`),
  };
}

function metricSet(metrics: MetricSet, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const id of METRIC_IDS) {
    out[id] = metricResult(metrics[id], `${where} metric ${id}`);
  }
  return out;
}

function metricResult(result: MetricResult, where: string): Record<string, unknown> {
  return {
    value: result.value === null ? null : finite(result.value, `${where} value`),
    unit: result.unit,
    numerator: finite(result.numerator, `${where} numerator`),
    denominator: finite(result.denominator, `${where} denominator`),
    sampleSize: finite(result.sampleSize, `${where} sampleSize`),
    target: target(result.target, `${where} target`),
    status: result.status,
  };
}

function target(value: Target, where: string): Record<string, unknown> {
  if (value.op === 'between') {
    return { op: value.op, min: finite(value.min, `${where} min`), max: finite(value.max, `${where} max`) };
  }
  return { op: value.op, value: finite(value.value, `${where} value`) };
}

function sourceLedger(ledger: SourceLedger): Record<string, unknown> {
  const where = `dataQuality source ${ledger.kind} ${ledger.file}`;
  return {
    kind: ledger.kind,
    file: ledger.file,
    rowsRead: finite(ledger.rowsRead, `${where} rowsRead`),
    rowsUsed: finite(ledger.rowsUsed, `${where} rowsUsed`),
    rowsOutsidePeriod: finite(ledger.rowsOutsidePeriod, `${where} rowsOutsidePeriod`),
    rowsDuplicate: finite(ledger.rowsDuplicate, `${where} rowsDuplicate`),
    rowsRejected: finite(ledger.rowsRejected, `${where} rowsRejected`),
    rowsSkipped: finite(ledger.rowsSkipped, `${where} rowsSkipped`),
    rejects: ledger.rejects.map((reject) => ({
      line: finite(reject.line, `${where} reject line`),
      column: reject.column,
      value: reject.value,
      reason: reject.reason,
    })),
  };
}

// JSON.stringify escapes U+0000–U+001F but writes DEL, the C1 controls and
// the Unicode line and paragraph separators raw. These occur only inside
// strings, so writing them as \u escapes keeps every string exact while
// keeping them from acting on a terminal that shows the output.
const RAW_CONTROLS = /[\u007f-\u009f\u2028\u2029]/g;

function escapeTerminalControls(json: string): string {
  return json.replace(RAW_CONTROLS, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
