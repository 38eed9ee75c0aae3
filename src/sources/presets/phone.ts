/**
 * Presets for phone systems: call logs and agent status logs. Header lists
 * and value conventions follow the vendors' documented exports. Where a
 * convention is not documented, the preset's notes state the assumption.
 */
import type { Preset, PresetSource, ShapeSignature } from './types.js';

/** Disposition names common across call systems, for the outcome maps below. */
const COMMON_DISPOSITIONS: Record<string, string> = {
  Resolved: 'resolved',
  'Issue Resolved': 'resolved',
  Solved: 'resolved',
  'Not Resolved': 'unresolved',
  Unresolved: 'unresolved',
  'Callback Scheduled': 'callback',
  Callback: 'callback',
  'Call Back': 'callback',
  'Follow Up Required': 'callback',
  Escalated: 'escalated',
  'Transferred To 3rd Party': 'escalated',
  'No Answer': 'missed',
  Busy: 'missed',
  Voicemail: 'voicemail',
  'Sent To Voicemail': 'voicemail',
  Abandon: 'abandoned',
  Abandoned: 'abandoned',
};

/** Status names of presence logs, for the status maps below. */
const COMMON_STATUSES: Record<string, string> = {
  Available: 'available',
  Ready: 'available',
  'On a Call': 'on_call',
  'On Call': 'on_call',
  Busy: 'on_call',
  'After Call Work': 'after_call_work',
  'Wrap Up': 'after_call_work',
  Wrapup: 'after_call_work',
  Away: 'away',
  'Not Ready': 'away',
  Meeting: 'away',
  Training: 'away',
  Break: 'break',
  Lunch: 'break',
  Offline: 'offline',
  'Logged Out': 'offline',
  Other: 'other',
};

// ---------------------------------------------------------------- Talkdesk

const TALKDESK_CALLS_HEADER = [
  'call_id', 'callsid', 'type', 'start_at', 'end_at', 'talkdesk_phone_number', 'talkdesk_phone_display_name',
  'contact_phone_number', 'user_id', 'user_name', 'user_email', 'total_time', 'talk_time', 'wait_time', 'hold_time',
  'abandon_time', 'total_ringing_time', 'disposition_code', 'notes', 'user_voice_rating', 'ring_groups', 'ivr_options',
  'is_in_business_hours', 'is_callback_from_queue', 'is_call_forwarding', 'is_if_no_answer', 'is_transfer',
  'is_external_transfer', 'handling_user_name', 'handling_user_id', 'handling_user_email', 'recording_url',
  'csat_score', 'csat_survey_time', 'mood', 'is_mood_prompted', 'team_id', 'team_name',
];

export const TALKDESK_CALLS: Preset = {
  id: 'talkdesk-calls',
  system: 'Talkdesk',
  title: 'Explore calls report (API field names)',
  signature: { header: { required: ['call_id', 'type', 'start_at', 'user_email', 'talk_time'], known: TALKDESK_CALLS_HEADER } },
  sources: {
    'talkdesk-calls': {
      kind: 'calls',
      columns: {
        call_id: 'call_id',
        agent: 'user_email',
        direction: { cases: [{ when: { type: ['outbound', 'outbound_missed'] }, value: 'outbound' }], otherwise: { value: 'inbound' } },
        started_at: 'start_at',
        ended_at: 'end_at',
        talk_seconds: 'talk_time',
        hold_seconds: 'hold_time',
        outcome: {
          cases: [
            { when: { type: ['missed', 'outbound_missed'] }, value: 'missed' },
            { when: { type: ['abandoned', 'short_abandoned'] }, value: 'abandoned' },
            { when: { type: 'voicemail' }, value: 'voicemail' },
            { when: { disposition_code: '' }, value: 'resolved' },
          ],
          otherwise: { column: 'disposition_code', map: COMMON_DISPOSITIONS },
        },
        customer: 'contact_phone_number',
      },
    },
    'talkdesk-surveys': {
      kind: 'surveys',
      onlyWithColumns: ['csat_score'],
      whereNot: { csat_score: '' },
      columns: {
        survey_id: 'call_id',
        call_id: 'call_id',
        agent: 'user_email',
        submitted_at: { first: ['csat_survey_time', 'end_at', 'start_at'] },
        score: 'csat_score',
      },
    },
  },
  notes: [
    'An answered call without a disposition code counts as resolved: Talkdesk records no resolution of its own.',
    'csat_score is read as a score from 1 to 5; Talkdesk does not document its scale.',
  ],
};

const TALKDESK_STATUS_HEADER = [
  'user_id', 'user_name', 'user_email', 'status_label', 'status_start_at', 'status_end_at', 'status_time',
  'is_user_active', 'team_id', 'team_name',
];

export const TALKDESK_USER_STATUS: Preset = {
  id: 'talkdesk-user-status',
  system: 'Talkdesk',
  title: 'Explore user status report',
  signature: { header: { required: ['user_email', 'status_label', 'status_start_at', 'status_end_at'], known: TALKDESK_STATUS_HEADER } },
  sources: {
    'talkdesk-user-status': {
      kind: 'agent_status',
      columns: {
        agent: 'user_email',
        status: { column: 'status_label', map: COMMON_STATUSES },
        started_at: 'status_start_at',
        ended_at: 'status_end_at',
      },
    },
  },
  notes: ['Status times carry no zone: they are read in the team zone unless the entry sets "timezone" to the account zone.'],
};

// ---------------------------------------------------------------- Five9

const FIVE9_HEADER = [
  'CALL ID', 'TIMESTAMP', 'CAMPAIGN', 'CALL TYPE', 'AGENT', 'AGENT NAME', 'DISPOSITION', 'ANI', 'CUSTOMER NAME', 'DNIS',
  'CALL TIME', 'BILL TIME (ROUNDED)', 'COST', 'IVR TIME', 'QUEUE WAIT TIME', 'RING TIME', 'TALK TIME', 'HOLD TIME',
  'PARK TIME', 'AFTER CALL WORK TIME', 'TRANSFERS', 'CONFERENCES', 'HOLDS', 'ABANDONED', 'RECORDINGS',
];

export const FIVE9_CALL_LOG: Preset = {
  id: 'five9-call-log',
  system: 'Five9',
  title: 'Call Log report',
  signature: { header: { required: ['CALL ID', 'TIMESTAMP', 'CALL TYPE', 'AGENT', 'DISPOSITION', 'TALK TIME'], known: FIVE9_HEADER } },
  sources: {
    'five9-calls': {
      kind: 'calls',
      missing: ['[None]', '[Deleted]'],
      columns: {
        call_id: 'CALL ID',
        agent: 'AGENT',
        direction: {
          column: 'CALL TYPE',
          map: { Inbound: 'inbound', Outbound: 'outbound', Manual: 'outbound', Autodial: 'outbound', Preview: 'outbound', Predictive: 'outbound', 'Queue Callback': 'outbound' },
        },
        started_at: 'TIMESTAMP',
        talk_seconds: 'TALK TIME',
        hold_seconds: 'HOLD TIME',
        after_call_work_seconds: 'AFTER CALL WORK TIME',
        outcome: {
          cases: [{ when: { ABANDONED: '1' }, value: 'abandoned' }],
          otherwise: {
            column: 'DISPOSITION',
            map: {
              ...COMMON_DISPOSITIONS,
              'No Disposition': 'resolved',
              'Answering Machine': 'voicemail',
              Declined: 'missed',
              'Dial Error': 'missed',
              Fax: 'missed',
              'Operator Intercept': 'missed',
              'Resource Unavailable': 'missed',
              Timeout: 'missed',
              'Queue Callback Timeout': 'missed',
              Hangup: 'unresolved',
              'Do Not Call': 'resolved',
            },
          },
        },
        customer: 'ANI',
      },
    },
  },
  notes: [
    '"No Disposition" on an answered call counts as resolved, like an answered call without a disposition elsewhere.',
    'Five9 reports are customisable: a column the report lacks must be added to the report or removed from the entry.',
  ],
};

// ---------------------------------------------------------------- Asterisk and FreePBX

/** An extension in a channel name: `PJSIP/1001-0000002a`, `SIP/1001-…`, `Local/1001@from-queue-…;1`. */
const EXTENSION_IN_CHANNEL = '^[A-Za-z0-9]+/(\\d{2,6})(?:[-@;]|$)';

/** CDR dispositions; only ANSWERED reached a person. */
const CDR_DISPOSITIONS = { ANSWERED: 'resolved', 'NO ANSWER': 'missed', BUSY: 'missed', FAILED: 'missed', CONGESTION: 'missed' };

/**
 * Dialplan contexts of FreePBX: calls from trunks, and the legs a queue or a
 * transfer adds to them, are inbound; calls dialled from extensions outbound.
 */
const CDR_CONTEXTS = {
  'from-trunk': 'inbound',
  'from-pstn': 'inbound',
  'from-did-direct': 'inbound',
  'ext-did': 'inbound',
  'ext-queues': 'inbound',
  'ext-group': 'inbound',
  'from-queue': 'inbound',
  'from-internal-xfer': 'inbound',
  'from-internal': 'outbound',
};

/** Builds the calls entry shared by Asterisk `Master.csv` and the FreePBX CDR report, which use the same column names. */
function cdrCalls(startColumn: string, extra: Partial<PresetSource> = {}): PresetSource {
  return {
    kind: 'calls',
    ...extra,
    columns: {
      // One call's legs share linkedid; without it every leg is its own call.
      call_id: { first: ['linkedid', 'uniqueid', { concat: [startColumn, 'channel'] }] },
      agent: {
        first: [
          { column: 'dstchannel', pattern: EXTENSION_IN_CHANNEL },
          { column: 'channel', pattern: EXTENSION_IN_CHANNEL },
        ],
      },
      direction: { column: 'dcontext', map: CDR_CONTEXTS },
      started_at: startColumn,
      ended_at: { from: startColumn, add: 'duration' },
      talk_seconds: 'billsec',
      outcome: { column: 'disposition', map: CDR_DISPOSITIONS },
    },
  };
}

const CDR_NOTES = [
  'Direction comes from the dialplan context: from-trunk, ext-queues, from-queue and from-internal-xfer (a transfer) are inbound, from-internal outbound; another context is rejected until it is added to columns.direction.map.',
  'The agent is the extension in dstchannel (the answering device), else in channel (the dialling device); a leg with neither (a trunk or IVR leg) is an unhandled call.',
  'Legs share linkedid (else uniqueid): each agent counts once per call, and an agent\'s further legs of the same call are counted as duplicates.',
  'An ANSWERED leg counts as resolved: a CDR records no resolution, so fcr shows the share of calls answered.',
];

const FREEPBX_HEADER = [
  'calldate', 'clid', 'src', 'dst', 'dcontext', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'duration', 'billsec',
  'disposition', 'amaflags', 'accountcode', 'uniqueid', 'userfield', 'did', 'cnum', 'cnam', 'outbound_cnum',
  'outbound_cnam', 'dst_cnam', 'recordingfile', 'linkedid', 'peeraccount', 'sequence',
];

export const FREEPBX_CDR: Preset = {
  id: 'freepbx-cdr',
  system: 'FreePBX',
  title: 'CDR Reports CSV download',
  signature: {
    header: { required: ['calldate', 'src', 'dcontext', 'channel', 'dstchannel', 'duration', 'billsec', 'disposition', 'uniqueid'], known: FREEPBX_HEADER },
  },
  sources: { 'freepbx-calls': cdrCalls('calldate') },
  notes: CDR_NOTES,
};

const MASTER_BASE = [
  'accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata', 'start', 'answer',
  'end', 'duration', 'billsec', 'disposition', 'amaflags',
];

/** Column lists of `Master.csv` by field count, from the `cdr.conf` options that add columns. */
const MASTER_LAYOUTS: { fields: number; options: string; extra: string[] }[] = [
  { fields: 16, options: 'default options', extra: [] },
  { fields: 17, options: 'loguniqueid', extra: ['uniqueid'] },
  { fields: 18, options: 'loguniqueid and loguserfield', extra: ['uniqueid', 'userfield'] },
  { fields: 19, options: 'newcdrcolumns', extra: ['peeraccount', 'linkedid', 'sequence'] },
  { fields: 20, options: 'loguniqueid and newcdrcolumns', extra: ['uniqueid', 'peeraccount', 'linkedid', 'sequence'] },
  { fields: 21, options: 'loguniqueid, loguserfield and newcdrcolumns', extra: ['uniqueid', 'userfield', 'peeraccount', 'linkedid', 'sequence'] },
];

const CDR_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const WHOLE_NUMBER = /^\d+$/;
const UNIQUE_ID = /^\d+\.\d+$/;

function masterShape(header: readonly string[]): ShapeSignature {
  const uniqueAt = header.indexOf('uniqueid');
  const dispositions = new Set(Object.keys(CDR_DISPOSITIONS));
  return {
    fieldCount: header.length,
    score: (rows) => share(rows, (row) =>
      CDR_DATE.test(row[9] ?? '') &&
      WHOLE_NUMBER.test(row[12] ?? '') &&
      WHOLE_NUMBER.test(row[13] ?? '') &&
      dispositions.has(row[14] ?? '') &&
      (uniqueAt < 0 || UNIQUE_ID.test(row[uniqueAt] ?? '')),
    ),
  };
}

export const ASTERISK_MASTER: Preset[] = MASTER_LAYOUTS.map(({ fields, options, extra }) => {
  const header = [...MASTER_BASE, ...extra];
  return {
    id: `asterisk-master-${fields}`,
    system: 'Asterisk',
    title: `cdr-csv Master.csv, ${fields} columns (${options})`,
    signature: { shape: masterShape(header) },
    sources: { 'asterisk-calls': cdrCalls('start', { hasHeader: false, header }) },
    notes: [...CDR_NOTES, 'Times are read in the team zone; set "timezone" to UTC when cdr.conf has usegmtime=yes.'],
  };
});

// ---------------------------------------------------------------- 3CX

const THREECX_DEFAULT = [
  'historyid', 'callid', 'duration', 'time-start', 'time-answered', 'time-end', 'reason-terminated', 'from-no', 'to-no',
  'from-dn', 'to-dn', 'dial-no', 'reason-changed', 'final-number', 'final-dn', 'bill-code', 'bill-rate', 'bill-cost',
  'bill-name', 'chain',
];
const THREECX_ALL = [
  ...THREECX_DEFAULT, 'from-type', 'to-type', 'final-type', 'from-dispname', 'to-dispname', 'final-dispname', 'missed-queue-calls',
];

const THREECX_TIME = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/;
const CLOCK = /^\d+:\d{2}:\d{2}$/;
const EXTENSION_NUMBER = '^Ext\\.(\\d+)$';

function threeCx(header: string[]): Preset {
  return {
    id: `3cx-cdr-${header.length}`,
    system: '3CX',
    title: `cdr.log, ${header.length} fields (${header.length === THREECX_DEFAULT.length ? 'default fields up to chain' : 'every documented field'})`,
    signature: {
      shape: {
        fieldCount: header.length,
        score: (rows) => share(rows, (row) => (row[0] ?? '').startsWith('Call ') && CLOCK.test(row[2] ?? '') && THREECX_TIME.test(row[3] ?? '')),
      },
    },
    sources: {
      '3cx-calls': {
        kind: 'calls',
        hasHeader: false,
        header,
        columns: {
          call_id: 'callid',
          agent: {
            first: [
              { column: 'final-number', pattern: EXTENSION_NUMBER },
              { column: 'from-no', pattern: EXTENSION_NUMBER },
            ],
          },
          direction: { first: [{ column: 'from-no', pattern: '^(Ext)\\.', map: { Ext: 'outbound' } }, { value: 'inbound' }] },
          started_at: 'time-start',
          ended_at: 'time-end',
          talk_seconds: 'duration',
          outcome: { cases: [{ when: { 'time-answered': '' }, value: 'missed' }], otherwise: { value: 'resolved' } },
        },
      },
    },
    notes: [
      'A call from an "Ext." number is outbound, any other inbound.',
      'The agent is the final extension, else the calling extension; a call with an empty time-answered is missed.',
      'An answered call counts as resolved: the log records no resolution.',
      'The administrator chooses the fields of cdr.log: a file with another field list needs its own "header".',
    ],
  };
}

export const THREECX_CDR: Preset[] = [threeCx(THREECX_DEFAULT), threeCx(THREECX_ALL)];

// ---------------------------------------------------------------- VICIdial

const VICIDIAL_CALLS_HEADER = [
  'call_date', 'phone_number_dialed', 'status', 'user', 'full_name', 'campaign_id', 'vendor_lead_code', 'source_id',
  'list_id', 'gmt_offset_now', 'phone_code', 'phone_number', 'title', 'first_name', 'middle_initial', 'last_name',
  'address1', 'address2', 'address3', 'city', 'state', 'province', 'postal_code', 'country_code', 'gender',
  'date_of_birth', 'alt_phone', 'email', 'security_phrase', 'comments', 'length_in_sec', 'user_group', 'alt_dial',
  'rank', 'owner', 'lead_id', 'list_name', 'list_description', 'status_name',
];

export const VICIDIAL_CALLS: Preset = {
  id: 'vicidial-calls',
  system: 'VICIdial',
  title: 'Export Calls Report (tab-separated)',
  signature: { header: { required: ['call_date', 'status', 'user', 'length_in_sec', 'lead_id'], known: VICIDIAL_CALLS_HEADER } },
  sources: {
    'vicidial-calls': {
      kind: 'calls',
      columns: {
        call_id: { first: ['uniqueid', { concat: ['lead_id', 'call_date'] }] },
        agent: { column: 'user', missing: ['VDAD', 'VDCL'] },
        direction: { value: 'outbound' },
        started_at: 'call_date',
        talk_seconds: 'length_in_sec',
        outcome: {
          column: 'status',
          map: {
            SALE: 'resolved',
            NI: 'resolved',
            DNC: 'resolved',
            DISPO: 'resolved',
            XFER: 'escalated',
            CALLBK: 'callback',
            CBHOLD: 'callback',
            A: 'voicemail',
            AA: 'voicemail',
            AM: 'voicemail',
            AL: 'voicemail',
            N: 'missed',
            NA: 'missed',
            B: 'missed',
            AB: 'missed',
            DC: 'missed',
            ADC: 'missed',
            DROP: 'abandoned',
            PDROP: 'abandoned',
            XDROP: 'abandoned',
            TIMEOT: 'abandoned',
            AFTHRS: 'abandoned',
          },
        },
        customer: 'phone_number_dialed',
      },
    },
  },
  notes: [
    'Every call is read as outbound: the export has no direction column, so fcr (inbound calls only) is no_data. Set columns.direction to inbound for an inbound campaign.',
    'The users VDAD and VDCL are the dialer, not agents: their calls are unhandled.',
    'Campaign-specific status codes are rejected until they are added to columns.outcome.map.',
  ],
};

const VICIDIAL_AGENT_LOG_HEADER = [
  'agent_log_id', 'user', 'server_ip', 'event_time', 'lead_id', 'campaign_id', 'pause_epoch', 'pause_sec', 'wait_epoch',
  'wait_sec', 'talk_epoch', 'talk_sec', 'dispo_epoch', 'dispo_sec', 'status', 'user_group', 'comments', 'sub_status',
  'dead_epoch', 'dead_sec', 'processed', 'uniqueid', 'pause_type',
];

/** Builds the entry for one status interval of each agent-log row: the phase from `<phase>_epoch` lasting `<phase>_sec`. */
function agentLogPhase(phase: string, status: PresetSource['columns']): PresetSource {
  return {
    kind: 'agent_status',
    whereNot: { [`${phase}_sec`]: ['0', ''] },
    columns: {
      agent: 'user',
      ...status,
      started_at: `${phase}_epoch`,
      ended_at: { from: `${phase}_epoch`, add: `${phase}_sec` },
    },
  };
}

export const VICIDIAL_AGENT_LOG: Preset = {
  id: 'vicidial-agent-log',
  system: 'VICIdial',
  title: 'vicidial_agent_log (pause, wait, talk and dispo seconds per call cycle)',
  signature: {
    header: {
      required: ['user', 'pause_epoch', 'pause_sec', 'wait_epoch', 'wait_sec', 'talk_epoch', 'talk_sec', 'dispo_epoch', 'dispo_sec'],
      known: VICIDIAL_AGENT_LOG_HEADER,
    },
  },
  sources: {
    'vicidial-pause': agentLogPhase('pause', {
      status: { cases: [{ when: { sub_status: ['LUNCH', 'BREAK', 'BRK'] }, value: 'break' }], otherwise: { value: 'away' } },
    }),
    'vicidial-wait': agentLogPhase('wait', { status: { value: 'available' } }),
    'vicidial-talk': agentLogPhase('talk', { status: { value: 'on_call' } }),
    'vicidial-dispo': agentLogPhase('dispo', { status: { value: 'after_call_work' } }),
  },
  notes: [
    'Each row gives up to four status intervals: pause (break for the pause codes LUNCH, BREAK and BRK, else away), wait (available), talk (on call) and dispo (after-call work).',
    'A phase of 0 seconds adds no interval; dead time after the customer hangs up is not read.',
  ],
};

/** Returns the share of rows that pass `test` (0 for no rows). */
function share(rows: readonly (readonly string[])[], test: (row: readonly string[]) => boolean): number {
  if (rows.length === 0) return 0;
  let passed = 0;
  for (const row of rows) if (test(row)) passed++;
  return passed / rows.length;
}

export const PHONE_PRESETS: Preset[] = [
  TALKDESK_CALLS,
  TALKDESK_USER_STATUS,
  FIVE9_CALL_LOG,
  FREEPBX_CDR,
  ...ASTERISK_MASTER,
  ...THREECX_CDR,
  VICIDIAL_CALLS,
  VICIDIAL_AGENT_LOG,
];
