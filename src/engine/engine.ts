/**
 * The KPI engine: folds typed records into per-agent tallies as they stream
 * in, decides for each record whether it is used in the period, and computes
 * the report at the end.
 *
 * The engine expects validated, deduplicated records and does no I/O: the
 * period, as-of instant and time zone all come from the spec.
 */
import { UNHANDLED_OUTCOMES } from '../records.js';
import type {
  AgentStatus,
  BookingRecord,
  CallRecord,
  ComplaintRecord,
  LeadRecord,
  ScheduleRecord,
  StatusRecord,
  SurveyRecord,
  TicketRecord,
} from '../records.js';
import { zoneFor } from '../time/zone.js';
import { createBusinessCalendar } from './business-days.js';
import { CallJoin } from './call-join.js';
import type { PartitionedHashSet64 } from './hash-set.js';
import type { BusinessCalendar } from './business-days.js';
import { agentRatios, buildMetricSet, intervalFigures, poolRatios, sourcesAvailable } from './metrics.js';
import type { MetricContext, RatioSet } from './metrics.js';
import { AgentTally, type TallyData } from './tally.js';
import type { AgentReport, EngineReport, EngineSpec, MetricSet, Placement } from './types.js';

export interface KpiEngine {
  addCall(record: CallRecord): Placement;
  addStatus(record: StatusRecord): Placement;
  addSchedule(record: ScheduleRecord): Placement;
  addBooking(record: BookingRecord): Placement;
  addLead(record: LeadRecord): Placement;
  addTicket(record: TicketRecord): Placement;
  /** Rejects a survey that cannot be tied to an agent or whose score is not 1 to 5. */
  addSurvey(record: SurveyRecord): Placement | { rejected: string };
  addComplaint(record: ComplaintRecord): Placement;
  /**
   * Limits the call join to the call ids whose hashes are in `callIds` (made
   * with addCallIdHash): every id a survey or complaint will name, so calls no
   * one references take no memory. Call before the first addCall.
   */
  restrictCallJoin(callIds: PartitionedHashSet64): void;
  /** Returns every agent's tally as plain data, so that an engine in a worker thread can post it. */
  exportTallies(): [agent: string, tally: TallyData][];
  /** Adds the tallies that exportTallies() returned on an engine that read other records. */
  absorbTallies(tallies: readonly [agent: string, tally: TallyData][]): void;
  /** Computes the report from everything added so far. */
  finish(): EngineReport;
}

/**
 * Explains why a survey with no agent and no known call cannot be attributed
 * to anyone. The reject names the row and its call_id, so the reason names
 * neither: `kpi validate` then counts such rows as one group.
 */
export function unattributedSurveyReason(record: SurveyRecord): string {
  if (record.callId === null) return "the survey has neither a call_id nor an agent; fill in one of them";
  return "no call file has this call with an agent, and the survey has no agent; fill in the survey's agent, or add the call (or fix its row, if kpi rejected it)";
}

/**
 * Creates an engine for one report. Every call must be added before the first
 * survey or complaint, because those join to calls by call id.
 */
export function createEngine(spec: EngineSpec): KpiEngine {
  const { start, end } = spec.period;
  const zone = zoneFor(spec.timezone);
  const availableStatuses = new Set<AgentStatus>(['available', 'on_call']);
  if (spec.adherenceCountsAfterCallWork) availableStatuses.add('after_call_work');

  const tallies = new Map<string, AgentTally>();
  let agentlessCalls = 0;

  const callJoin = new CallJoin();
  let joinsStarted = false;

  // Built on the first ticket, so a data set without tickets never needs valid business hours.
  let calendar: BusinessCalendar | undefined;

  function inPeriod(instant: number): boolean {
    return instant >= start && instant < end;
  }

  /** True when [from, to) overlaps the period, or is a zero-length interval inside it. */
  function overlapsPeriod(from: number, to: number): boolean {
    return (from < end && to > start) || (from === to && inPeriod(from));
  }

  function metricContext(): MetricContext {
    return { zone, periodDays: spec.period.days, partialDay: spec.period.partialDay, sourcesPresent: spec.sourcesPresent };
  }

  // Rows of one agent often follow each other, so the last agent's tally is kept at hand.
  let lastAgent: string | null = null;
  let lastTally: AgentTally | null = null;
  function tallyFor(agent: string): AgentTally {
    if (agent === lastAgent && lastTally !== null) return lastTally;
    let tally = tallies.get(agent);
    if (tally === undefined) {
      tally = new AgentTally();
      tallies.set(agent, tally);
    }
    lastAgent = agent;
    lastTally = tally;
    return tally;
  }

  return {
    restrictCallJoin(callIds) {
      callJoin.restrictTo(callIds);
    },

    exportTallies() {
      // Measured here, on the thread that read the intervals, so that the thread that finishes the report need not.
      const context = metricContext();
      return [...tallies].map(([agent, tally]) => [agent, tally.toData(intervalFigures(tally, context))]);
    },

    absorbTallies(exported) {
      for (const [agent, data] of exported) tallyFor(agent).absorb(data);
    },

    addCall(record) {
      if (joinsStarted) {
        throw new Error(
          `call ${record.callId} was added after a survey or complaint; add every call first, because surveys and complaints join to calls by call id`,
        );
      }
      // Calls with no agent stay out of the join: no survey or complaint can go to them.
      if (record.agent !== null) callJoin.add(record.callId, record.agent, record.startedAt);
      if (!inPeriod(record.startedAt)) return 'outside';

      if (record.agent === null) {
        agentlessCalls++;
        return 'used';
      }
      const tally = tallyFor(record.agent);
      if (UNHANDLED_OUTCOMES.has(record.outcome)) {
        tally.unhandled++;
        return 'used';
      }

      const hold = record.holdSeconds ?? 0;
      const afterCallWork = record.afterCallWorkSeconds ?? 0;
      const escalated = record.escalated || record.outcome === 'escalated';
      const callback = record.callbackRequired || record.outcome === 'callback';

      tally.handled++;
      tally.handleSeconds += spec.ahtIncludesAfterCallWork
        ? record.talkSeconds + hold + afterCallWork
        : record.talkSeconds + hold;
      if (record.holdSeconds !== null) {
        tally.holdSeconds += record.holdSeconds;
        tally.holdCalls++;
      }
      if (record.afterCallWorkSeconds !== null) {
        tally.afterCallWorkSeconds += record.afterCallWorkSeconds;
        tally.afterCallWorkCalls++;
      }
      if (escalated) tally.escalated++;
      if (callback) tally.callbacks++;
      if (record.direction === 'inbound') {
        tally.inboundHandled++;
        if (record.outcome === 'resolved' && !escalated && !callback) tally.firstContactResolved++;
      }
      return 'used';
    },

    addStatus(record) {
      if (!overlapsPeriod(record.startedAt, record.endedAt)) return 'outside';

      const tally = tallyFor(record.agent);
      const from = Math.max(record.startedAt, start);
      const to = Math.min(record.endedAt, end);
      if (record.status !== 'offline') tally.active.push(from, to);
      if (record.status !== 'offline' && record.status !== 'break') tally.loggedIn.push(from, to);
      if (availableStatuses.has(record.status)) tally.available.push(from, to);
      return 'used';
    },

    addSchedule(record) {
      const startsInPeriod = inPeriod(record.startsAt);
      const isShift = record.activity === 'shift';
      if (!overlapsPeriod(record.startsAt, record.endsAt) && !(isShift && startsInPeriod)) return 'outside';

      const tally = tallyFor(record.agent);
      const from = Math.max(record.startsAt, start);
      const to = Math.min(record.endsAt, end);
      if (isShift) {
        tally.shifts.push(from, to);
        if (startsInPeriod) tally.shiftsStarted++;
      } else {
        tally.scheduledBreaks.push(from, to);
      }
      return 'used';
    },

    addBooking(record) {
      if (!inPeriod(record.createdAt)) return 'outside';
      tallyFor(record.agent).bookings++;
      return 'used';
    },

    addLead(record) {
      // A lead that is not won has no anchor instant, so it belongs to no period.
      // NOTE: the caller should reject a won lead without won_at. The engine only leaves it out of the period.
      if (!record.won || record.wonAt === null || !inPeriod(record.wonAt)) return 'outside';

      const tally = tallyFor(record.agent);
      if (record.source === null || record.source === 'outbound') tally.leadsWon++;
      return 'used';
    },

    addTicket(record) {
      if (!inPeriod(record.createdAt)) return 'outside';

      calendar ??= createBusinessCalendar(spec.businessHours, spec.holidays, spec.timezone);
      const { closesAt } = calendar.businessDayOf(record.createdAt);
      const tally = tallyFor(record.createdBy);

      // A resolution after as-of has not happened yet from the report's point of view.
      const resolvedAt = record.resolvedAt !== null && record.resolvedAt <= spec.asOf ? record.resolvedAt : null;
      if (resolvedAt === null) {
        // Still open: it can only be judged once its business day has closed.
        if (closesAt <= spec.asOf) tally.ticketsJudged++;
        return 'used';
      }
      tally.ticketsJudged++;
      if (resolvedAt <= closesAt) tally.ticketsResolvedSameDay++;
      return 'used';
    },

    addSurvey(record) {
      joinsStarted = true;
      if (!(record.score >= 1 && record.score <= 5)) {
        return { rejected: `survey ${record.surveyId} has score ${record.score}; a score is a number from 1 to 5` };
      }

      // A transferred call has several legs: the survey's own agent picks one,
      // else it goes to the agent who ended the call (the latest leg).
      const leg = record.callId === null ? undefined : callJoin.find(record.callId, record.agent, 'latest');
      let agent: string;
      let anchor: number;
      if (leg !== undefined) {
        agent = leg.agent;
        anchor = leg.startedAt;
      } else if (record.agent !== null) {
        agent = record.agent;
        anchor = record.submittedAt;
      } else {
        return { rejected: unattributedSurveyReason(record) };
      }

      if (!inPeriod(anchor)) return 'outside';
      const tally = tallyFor(agent);
      tally.surveyScoreSum += record.score;
      tally.surveys++;
      return 'used';
    },

    addComplaint(record) {
      joinsStarted = true;
      // The complaint stays with its own agent, and the call only fixes its period.
      const leg = record.callId === null ? undefined : callJoin.find(record.callId, record.agent, 'earliest');
      const anchor = leg === undefined ? record.createdAt : leg.startedAt;

      if (!inPeriod(anchor)) return 'outside';
      tallyFor(record.agent).complaints++;
      return 'used';
    },

    finish() {
      const context = metricContext();
      const available = sourcesAvailable(spec.sourcesPresent);
      const filter = new Set(spec.agentFilter);

      const keys = [...tallies.keys()];
      // Code-unit order, as Array.prototype.sort gives strings, so the order never depends on a locale.
      keys.sort();

      const everyone: { ratios: RatioSet; metrics: MetricSet }[] = [];
      const agents: AgentReport[] = [];
      let handled = 0;
      let unhandled = agentlessCalls;
      for (const key of keys) {
        const tally = tallies.get(key) as AgentTally;
        const ratios = agentRatios(tally, context);
        const metrics = buildMetricSet(ratios, spec.targets, available);
        everyone.push({ ratios, metrics });
        handled += tally.handled;
        unhandled += tally.unhandled;

        if (filter.size > 0 && !filter.has(key)) continue;
        agents.push({
          agent: key,
          name: spec.agentNames.get(key) ?? key,
          calls: { handled: tally.handled, unhandled: tally.unhandled },
          metrics,
        });
      }

      return {
        period: spec.period,
        asOf: spec.asOf,
        agents,
        team: {
          calls: { handled, unhandled },
          metrics: buildMetricSet(poolRatios(everyone), spec.targets, available),
        },
      };
    },
  };
}
