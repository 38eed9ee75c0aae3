// The DuckDB side of the benchmark: the per-agent aggregation that `kpi
// report` does, written as SQL over the same generated files, so the two can
// be timed side by side.
//
//   node bench/duckdb/aggregate.mjs DATA_DIR THREADS FROM TO
//
// FROM and TO are ISO instants with offsets bounding the period. Prints one
// JSON line: the wall time in ms, from creating the database to the last row
// read, and the number of agent rows.
//
// The SQL covers what kpi computes per agent, source by source: handled and
// unhandled calls with handle, hold and after-call work time, escalations,
// callbacks and first-contact resolution; status time by status (with the
// roster resolving phone ids); shifts and breaks; bookings; won leads;
// tickets and same-day resolution; surveys joined to their call's agent;
// complaints. It does not reproduce kpi's interval unions, business hours or
// dedupe, so DuckDB does somewhat less work than kpi.

import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';

const [dir, threads, from, to] = process.argv.slice(2);
if (dir === undefined || threads === undefined || from === undefined || to === undefined) {
  console.error('usage: node bench/duckdb/aggregate.mjs DATA_DIR THREADS FROM TO');
  process.exit(2);
}
const file = (name) => `'${join(dir, name).replaceAll("'", "''")}'`;
const period = (column) => `${column} >= TIMESTAMPTZ '${from}' AND ${column} < TIMESTAMPTZ '${to}'`;

const queries = [
  `SELECT agent,
          count(*) FILTER (WHERE outcome NOT IN ('abandoned', 'missed', 'voicemail')) AS handled,
          count(*) FILTER (WHERE outcome IN ('abandoned', 'missed', 'voicemail')) AS unhandled,
          avg(talk_seconds + hold_seconds + after_call_work_seconds) FILTER (WHERE outcome NOT IN ('abandoned', 'missed', 'voicemail')) AS aht,
          avg(hold_seconds) AS hold,
          avg(after_call_work_seconds) AS acw,
          count(*) FILTER (WHERE escalated OR outcome = 'escalated') AS escalated,
          count(*) FILTER (WHERE callback_required::VARCHAR IN ('yes', 'true') OR outcome = 'callback') AS callbacks,
          count(*) FILTER (WHERE direction = 'inbound' AND outcome = 'resolved' AND NOT escalated) AS fcr
     FROM read_csv(${file('calls.csv')})
    WHERE ${period('started_at')}
    GROUP BY agent`,
  `SELECT r.agent, s.status, sum(epoch(s.ended_at) - epoch(s.started_at)) AS seconds, count(*) AS rows
     FROM read_csv(${file('agent_status.csv')}, types = {'agent': 'VARCHAR'}) s
     JOIN (SELECT agent, unnest(string_split(aliases, ';')) AS alias FROM read_csv(${file('agents.csv')}, types = {'aliases': 'VARCHAR'})) r ON r.alias = s.agent
    WHERE ${period('s.started_at')}
    GROUP BY r.agent, s.status`,
  `SELECT agent, activity, sum(epoch(ends_at) - epoch(starts_at)) AS seconds, count(*) AS rows
     FROM read_csv(${file('schedule.csv')})
    GROUP BY agent, activity`,
  `SELECT agent, count(*) AS bookings FROM read_csv(${file('bookings.csv')}) WHERE ${period('created_at')} GROUP BY agent`,
  `SELECT agent, count(*) FILTER (WHERE stage = 'Won' AND source = 'outbound') AS won
     FROM read_csv(${file('leads.csv')}, types = {'won_at': 'TIMESTAMPTZ'}) GROUP BY agent`,
  `SELECT created_by, count(*) AS tickets,
          count(*) FILTER (WHERE resolved_at IS NOT NULL AND resolved_at::DATE = created_at::DATE) AS same_day
     FROM read_csv(${file('tickets.csv')}, types = {'resolved_at': 'TIMESTAMPTZ'})
    WHERE ${period('created_at')}
    GROUP BY created_by`,
  `SELECT c.agent, avg(s.score) AS csat, count(*) AS surveys
     FROM read_csv(${file('surveys.csv')}, types = {'agent': 'VARCHAR'}) s
     JOIN read_csv(${file('calls.csv')}) c ON c.call_id = s.call_id
    WHERE ${period('c.started_at')}
    GROUP BY c.agent`,
  `SELECT agent, count(*) AS complaints FROM read_csv(${file('complaints.csv')}) WHERE ${period('created_at')} GROUP BY agent`,
];

const started = performance.now();
const instance = await DuckDBInstance.create(':memory:', { threads });
const connection = await instance.connect();
let rows = 0;
for (const sql of queries) {
  const reader = await connection.runAndReadAll(sql);
  rows += reader.getRows().length;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, rows }));
