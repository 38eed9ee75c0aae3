#!/usr/bin/env node
// Writes a seeded, realistic set of exports of any size for the benchmark:
// every source kind, one calendar year (2026) in America/New_York.
//
//   node bench/generate.mjs OUT_DIR CALL_ROWS [SEED]
//
// Ratios to the call rows follow a contact centre's exports: the status log
// about 2.2x (each call adds on_call and after_call_work, plus long waits,
// log-in, breaks and log-out), surveys 30%, tickets 5%, bookings 2%, leads
// 1%, complaints 0.5%, and one shift and one break a working day per agent. About 1 call in
// 1,000 is exported twice, as overlapping exports are, so dedupe does work.
// The team has one agent per 12,500 calls (at least 8): 80 agents at 1M rows,
// each taking about 50 calls a working day.
//
// The output depends only on the arguments and this code. Plain Node, no
// dependencies, written in 4 MB blocks so memory stays flat at any size.

import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [outDir, callRowsText, seedText] = process.argv.slice(2);
if (outDir === undefined || callRowsText === undefined || !/^\d+$/.test(callRowsText)) {
  console.error('usage: node bench/generate.mjs OUT_DIR CALL_ROWS [SEED]');
  process.exit(2);
}
const CALL_ROWS = Number(callRowsText);
const SEED = seedText === undefined ? 20260101 : Number(seedText);

// mulberry32: a 32-bit seeded generator; the same sequence on every platform.
function mulberry32(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const chance = (p) => random() < p;
const between = (min, max) => min + Math.floor(random() * (max - min + 1));

// --- Time: 2026 in America/New_York -----------------------------------------

// NOTE: the zone rules are written out for 2026 only: EST (UTC-5) except EDT
// (UTC-4) from 2026-03-08 07:00 UTC to 2026-11-01 06:00 UTC. Working hours
// (07:00 to 21:00 local) never touch the 02:00 switch.
const DAY_MS = 86_400_000;
const YEAR_START = Date.UTC(2026, 0, 1);
const DST_START_DAY = (Date.UTC(2026, 2, 8) - YEAR_START) / DAY_MS;
const DST_END_DAY = (Date.UTC(2026, 10, 1) - YEAR_START) / DAY_MS;

const pad2 = (n) => (n < 10 ? '0' : '') + n;

/** Per day of the year: the local date text, the ISO offset and the weekday (0 = Sunday). */
const DAYS = Array.from({ length: 365 }, (_, day) => {
  const date = new Date(YEAR_START + day * DAY_MS);
  const dst = day >= DST_START_DAY && day < DST_END_DAY;
  return {
    iso: `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`,
    offset: dst ? '-04:00' : '-05:00',
    weekday: date.getUTCDay(),
  };
});

/** "HH:MM:SS" for a second of the local day. */
function clock(second) {
  const h = Math.floor(second / 3600);
  const m = Math.floor((second % 3600) / 60);
  return `${pad2(h)}:${pad2(m)}:${pad2(second % 60)}`;
}
const withOffset = (day, second) => `${day.iso}T${clock(second)}${day.offset}`;
const localOnly = (day, second) => `${day.iso}T${clock(second)}`;
const spaced = (day, second) => `${day.iso} ${clock(second)}`;

// --- Output ------------------------------------------------------------------

class CsvFile {
  constructor(name, header) {
    this.fd = openSync(join(outDir, name), 'w');
    this.parts = [header];
    this.length = header.length;
    this.rows = 0;
  }

  row(text) {
    this.parts.push(text);
    this.length += text.length;
    this.rows++;
    if (this.length > 4_000_000) this.flush();
  }

  flush() {
    writeSync(this.fd, this.parts.join('\n') + '\n');
    this.parts = [];
    this.length = 0;
  }

  close() {
    if (this.parts.length > 0) this.flush();
    closeSync(this.fd);
  }
}

// --- The team ------------------------------------------------------------------

const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kim', 'Lia', 'Max', 'Noa', 'Oli', 'Pia'];
const LAST = ['Lima', 'Okafor', 'Martin', 'Patel', 'Cohen', 'Dubois', 'Svensson', 'Sato', 'Horvat', 'Park', 'Nair', 'Rossi'];
const AGENT_COUNT = Math.max(8, Math.round(CALL_ROWS / 12_500));
const agents = Array.from({ length: AGENT_COUNT }, (_, i) => {
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  const n = Math.floor(i / (FIRST.length * LAST.length));
  const suffix = n === 0 ? '' : String(n + 1);
  return {
    email: `${first.toLowerCase()}.${last.toLowerCase()}${suffix}@example.com`,
    name: `${first} ${last}${suffix === '' ? '' : ` ${suffix}`}`,
    phoneId: String(1000 + i),
    // Each agent works five days a week, not all the same five.
    restDays: [i % 7, (i + 1) % 7],
  };
});

/** Returns the agent's name as a CRM writes owners: "Lima, Ana". */
function crmName(agent) {
  return agent.name.split(' ').reverse().join(', ');
}

const workingDays = (DAYS.length * 5) / 7;
const CALLS_PER_AGENT_DAY = CALL_ROWS / (AGENT_COUNT * workingDays);

mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'agents.csv'),
  // Aliases: the phone system's id, which the status log uses, and the CRM's "Last, First", which bookings use.
  'agent,name,aliases\n' + agents.map((a) => `${a.email},${a.name},"${a.phoneId};${crmName(a)}"`).join('\n') + '\n',
);
writeFileSync(join(outDir, 'kpi.config.json'), JSON.stringify({ timezone: 'America/New_York' }, null, 2) + '\n');

const calls = new CsvFile(
  'calls.csv',
  'call_id,agent,direction,started_at,ended_at,talk_seconds,hold_seconds,after_call_work_seconds,outcome,escalated,callback_required,customer',
);
const status = new CsvFile('agent_status.csv', 'agent,status,started_at,ended_at');
const schedule = new CsvFile('schedule.csv', 'agent,activity,starts_at,ends_at');
const surveys = new CsvFile('surveys.csv', 'survey_id,call_id,agent,submitted_at,score');
const tickets = new CsvFile('tickets.csv', 'ticket_id,created_by,created_at,resolved_at');
const bookings = new CsvFile('bookings.csv', 'booking_id,agent,created_at');
const leads = new CsvFile('leads.csv', 'lead_id,agent,stage,won_at,source');
const complaints = new CsvFile('complaints.csv', 'complaint_id,agent,call_id,created_at');

let callNumber = 0;
let surveyNumber = 0;
let ticketNumber = 0;
let bookingNumber = 0;
let leadNumber = 0;
let complaintNumber = 0;

const OUTCOMES = ['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'escalated', 'callback', 'unresolved'];

// Days run in order and every agent's day in order, so the files are in time
// order per agent, as exports are; the agents' days interleave by day.
outer: for (let d = 0; d < DAYS.length; d++) {
  const day = DAYS[d];
  for (const agent of agents) {
    if (callNumber >= CALL_ROWS) break outer;
    if (agent.restDays.includes(day.weekday)) continue;

    const shiftStart = (7 + between(0, 4)) * 3600;
    const shiftEnd = shiftStart + 8 * 3600;
    const breakStart = shiftStart + 4 * 3600;
    schedule.row(`${agent.email},shift,${spaced(day, shiftStart)},${spaced(day, shiftEnd)}`);
    schedule.row(`${agent.email},break,${spaced(day, breakStart)},${spaced(day, breakStart + 1800)}`);

    // The status log names agents by their phone-system id, an alias in the roster.
    let now = shiftStart + between(-300, 300);
    status.row(`${agent.phoneId},offline,${withOffset(day, now - 3600)},${withOffset(day, now)}`);
    const callsToday = Math.max(1, Math.round(CALLS_PER_AGENT_DAY * (0.7 + 0.6 * random())));
    let tookBreak = false;

    // A wait of up to 200 s after a call stays in after-call work (the agent
    // readies for the next call by hand); only a longer one, or the first wait
    // of the day, shows as an available row. That keeps the log contiguous, as
    // phone systems write it, and near 2x the calls.
    let waitCovered = false;
    let nextWait = between(5, 240);

    for (let c = 0; c < callsToday && callNumber < CALL_ROWS && now < shiftEnd + 3600; c++) {
      if (!waitCovered) {
        status.row(`${agent.phoneId},available,${withOffset(day, now)},${withOffset(day, now + nextWait)}`);
        now += nextWait;
      }
      if (!tookBreak && now >= breakStart) {
        status.row(`${agent.phoneId},break,${withOffset(day, now)},${withOffset(day, now + 1800)}`);
        now += 1800;
        tookBreak = true;
      }

      callNumber++;
      const callId = `C${1_000_000 + callNumber}`;
      const talk = between(60, 600);
      const hold = chance(0.2) ? between(10, 180) : 0;
      const acw = between(5, 90);
      const outcome = OUTCOMES[between(0, OUTCOMES.length - 1)];
      const direction = chance(0.8) ? 'inbound' : 'outbound';
      const escalated = outcome === 'escalated' || chance(0.02) ? 'true' : 'false';
      const callback = outcome === 'callback' || chance(0.03) ? 'yes' : 'no';
      const customer = `+1-555-${String(between(0, 9999)).padStart(4, '0')}`;
      const start = now;
      const end = start + talk + hold;
      const row =
        `${callId},${agent.email},${direction},${withOffset(day, start)},${withOffset(day, end)},` +
        `${talk},${hold},${acw},${outcome},${escalated},${callback},${customer}`;
      calls.row(row);
      if (chance(0.001)) calls.row(row);

      status.row(`${agent.phoneId},on_call,${withOffset(day, start)},${withOffset(day, end)}`);
      nextWait = between(5, 240);
      waitCovered = nextWait <= 200;
      const wrapUp = acw + (waitCovered ? nextWait : 0);
      status.row(`${agent.phoneId},after_call_work,${withOffset(day, end)},${withOffset(day, end + wrapUp)}`);
      now = end + wrapUp;

      // A call the agent missed goes to voicemail with no agent.
      if (chance(0.03)) {
        callNumber++;
        calls.row(
          `C${1_000_000 + callNumber},,inbound,${withOffset(day, start + 5)},${withOffset(day, start + 50)},0,0,0,voicemail,false,no,+1-555-0100`,
        );
      }
      if (chance(0.3)) {
        surveyNumber++;
        surveys.row(`S-${surveyNumber},${callId},,${localOnly(day, now + between(60, 900))},${between(1, 5)}`);
      }
      if (chance(0.05)) {
        ticketNumber++;
        const created = now - between(0, acw);
        const resolved = chance(0.8) ? withOffset(day, Math.min(created + between(60, 20_000), 86_399)) : '';
        tickets.row(`T-${ticketNumber},${agent.email},${withOffset(day, created)},${resolved}`);
      }
      if (chance(0.02)) {
        bookingNumber++;
        bookings.row(`BK-${bookingNumber},"${crmName(agent)}",${withOffset(day, now)}`);
      }
      if (chance(0.01)) {
        leadNumber++;
        const won = chance(0.4);
        leads.row(`L-${leadNumber},${agent.email},${won ? 'Won' : 'Qualified'},${won ? withOffset(day, now) : ''},${chance(0.7) ? 'outbound' : 'inbound'}`);
      }
      if (chance(0.005)) {
        complaintNumber++;
        complaints.row(`CP-${complaintNumber},${agent.email},${callId},${withOffset(day, Math.min(now + 600, 86_399))}`);
      }
    }
    status.row(`${agent.phoneId},offline,${withOffset(day, now)},${withOffset(day, Math.min(now + 3600, 86_399))}`);
  }
}

for (const file of [calls, status, schedule, surveys, tickets, bookings, leads, complaints]) file.close();
console.log(
  JSON.stringify({
    agents: AGENT_COUNT,
    calls: calls.rows,
    agent_status: status.rows,
    schedule: schedule.rows,
    surveys: surveys.rows,
    tickets: tickets.rows,
    bookings: bookings.rows,
    leads: leads.rows,
    complaints: complaints.rows,
  }),
);
