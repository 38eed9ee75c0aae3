/**
 * The field forms and read options of a `sources` entry that vendor presets
 * rely on, and the messages that name the file, column, value and config key.
 */
import { describe, expect, it } from 'vitest';
import type { SourceSpec } from '../../src/config/schema.js';
import type { LeadRecord, StatusRecord, TicketRecord } from '../../src/records.js';
import { compileMapping, RowReject } from '../../src/sources/mapping.js';
import { AgentDirectory } from '../../src/sources/agents.js';
import { zoneFor } from '../../src/time/zone.js';
import { readText } from './read-with.js';

type Entry = Omit<SourceSpec, 'files'>;

const at = (iso: string): number => Date.parse(`${iso}Z`);

describe('column by position', () => {
  const text = 'key,Labels,Labels,opened,owner\nT-1,a,b,2026-11-10 09:00,va07\n';

  it('selects one of two repeated columns', () => {
    const result = readText(text, {
      kind: 'tickets',
      columns: { ticket_id: { position: 3 }, created_by: 'owner', created_at: 'opened' },
    });
    expect((result.records[0] as TicketRecord).ticketId).toBe('b');
  });

  it('rejects a repeated name read by name', () => {
    expect(() => readText(text, { kind: 'tickets', columns: { ticket_id: 'Labels', created_by: 'owner', created_at: 'opened' } })).toThrow(
      'export.csv: column "Labels" matches 2 columns (positions 2 and 3); select one with "position" in sources.test.columns.ticket_id, or rename one in the export.',
    );
  });

  it('rejects a position past the last column', () => {
    expect(() => readText(text, { kind: 'tickets', columns: { ticket_id: { position: 9 }, created_by: 'owner', created_at: 'opened' } })).toThrow(
      'export.csv: sources.test.columns.ticket_id.position is 9 but the file has 5 columns; fix the position.',
    );
  });
});

describe('wildcard column names', () => {
  const text = 'id,owner,stage,"Date entered ""Won (A)""","Date entered ""Won (B)"""\nL1,va07,won,,2026-11-11 10:00\nL2,va07,won,2026-11-12 10:00,\n';
  const entry: Entry = { kind: 'leads', columns: { lead_id: 'id', agent: 'owner', won_at: 'Date entered "Won (*)"' } };

  it('read the first non-empty of the columns matched', () => {
    expect(readText(text, entry).records.map((lead) => (lead as LeadRecord).wonAt)).toEqual([at('2026-11-11T10:00:00'), at('2026-11-12T10:00:00')]);
  });
});

describe('first', () => {
  it('skips an alternative whose column is absent', () => {
    const result = readText('id,owner,stage,closed\nL1,va07,won,2026-11-10\n', {
      kind: 'leads',
      columns: { lead_id: 'id', agent: 'owner', won_at: { first: ['won time', 'closed'] } },
    });
    expect((result.records[0] as LeadRecord).wonAt).toBe(at('2026-11-10T00:00:00'));
  });

  it('takes a later alternative when the first is empty', () => {
    const result = readText('id,owner,stage,won,closed\nL1,va07,won,,2026-11-10\n', {
      kind: 'leads',
      columns: { lead_id: 'id', agent: 'owner', won_at: { first: ['won', 'closed'] } },
    });
    expect((result.records[0] as LeadRecord).wonAt).toBe(at('2026-11-10T00:00:00'));
  });

  it('fails when no alternative is in the header', () => {
    expect(() => readText('id,owner,stage\nL1,va07,won\n', { kind: 'leads', columns: { lead_id: 'id', agent: 'owner', won_at: { first: ['won', 'closed'] } } })).toThrow(
      'export.csv: none of the columns in sources.test.columns.won_at.first is in the header ("id", "owner", "stage"); fix sources.test.columns.won_at.',
    );
  });
});

describe('concat', () => {
  it('joins cells into one id', () => {
    const result = readText('account,name,owner,stage\nAcme,Renewal,va07,open\n', {
      kind: 'leads',
      columns: { lead_id: { concat: ['account', 'name'], separator: ' / ' }, agent: 'owner' },
    });
    expect((result.records[0] as LeadRecord).leadId).toBe('Acme / Renewal');
  });
});

describe('pattern', () => {
  const entry: Entry = {
    kind: 'agent_status',
    columns: { agent: { column: 'channel', pattern: '^PJSIP/(\\d+)-' }, started_at: 'start', ended_at: 'end' },
  };

  it('takes the first capture group', () => {
    const result = readText('channel,status,start,end\nPJSIP/1001-0000002a,available,2026-11-10 09:00,2026-11-10 09:05\n', entry);
    expect((result.records[0] as StatusRecord).agent).toBe('1001');
  });

  it('reads a cell it does not match as empty', () => {
    const result = readText('channel,status,start,end\nPJSIP/trunk-0000002b,available,2026-11-10 09:00,2026-11-10 09:05\n', entry);
    expect(result.rejects[0]?.reason).toBe(
      `agent is empty after reading "PJSIP/trunk-0000002b" (a placeholder for a missing value, or no match for the column's pattern); every row needs one`,
    );
  });

  it('must be a valid regular expression', () => {
    expect(() => readText('channel,status,start,end\n', { ...entry, columns: { ...entry.columns, agent: { column: 'channel', pattern: '(' } } })).toThrow(
      /^export\.csv: sources\.test\.columns\.agent\.pattern is not a valid regular expression/,
    );
  });
});

describe('from and add', () => {
  const entry: Entry = {
    kind: 'agent_status',
    columns: { agent: 'user', status: { value: 'on_call' }, started_at: 'talk_epoch', ended_at: { from: 'talk_epoch', add: 'talk_sec' } },
  };

  it('ends a status its duration after its start', () => {
    // 1794301290 = 2026-11-10 09:01:30 UTC; plus 272 s.
    const result = readText('user,talk_epoch,talk_sec\nva07,1794301290,272\n', entry);
    expect(result.records[0]).toEqual({ agent: 'va07', status: 'on_call', startedAt: at('2026-11-10T09:01:30'), endedAt: at('2026-11-10T09:06:02') });
  });

  it('names the duration column of a bad value', () => {
    const result = readText('user,talk_epoch,talk_sec\nva07,1794301290,soon\n', entry);
    expect([result.rejects[0]?.column, result.rejects[0]?.value, result.rejects[0]?.reason]).toEqual([
      'talk_sec',
      'soon',
      expect.stringContaining('set sources.test.columns.ended_at.unit'),
    ]);
  });
});

describe('start-only status events', () => {
  const entry: Entry = {
    kind: 'agent_status',
    delimiter: ';',
    columns: {
      agent: 'AgentID',
      status: { column: 'AgentActivityID', map: { '1013': 'available', '1020': 'break', '1099': 'offline' } },
      started_at: { date: 'StartDate', time: 'StartTime' },
      ended_at: { next: 'started_at' },
    },
  };
  // Data rows end in a delimiter the header lacks, as the importer's sample does.
  const text = [
    'StartDate;StartTime;AgentID;AgentActivityID',
    '2026-11-10;09:00:00;816;1013;',
    '2026-11-10;08:00:00;817;1013;',
    '2026-11-10;12:00:00;816;1020;',
    '2026-11-10;12:30:00;816;1099;',
  ].join('\n');
  const statuses = readText(`${text}\n`, entry).records as StatusRecord[];

  it('end each status at the agent\'s next start', () => {
    expect(statuses.filter((status) => status.agent === '816').map((status) => [status.status, status.startedAt, status.endedAt])).toEqual([
      ['available', at('2026-11-10T09:00:00'), at('2026-11-10T12:00:00')],
      ['break', at('2026-11-10T12:00:00'), at('2026-11-10T12:30:00')],
      // The last event has no known end: zero length.
      ['offline', at('2026-11-10T12:30:00'), at('2026-11-10T12:30:00')],
    ]);
  });

  it('keep agents apart', () => {
    // 817's only event ends where it starts, not at 816's next event.
    expect(statuses.find((status) => status.agent === '817')?.endedAt).toBe(at('2026-11-10T08:00:00'));
  });

  it('are accepted only for agent_status ended_at', () => {
    expect(() =>
      readText('id,owner,stage,won\n', { kind: 'leads', columns: { lead_id: 'id', agent: 'owner', won_at: { next: 'started_at' } } }),
    ).toThrow('export.csv: sources.test.columns.won_at is { "next": "started_at" }, which only agent_status ended_at accepts; map won_at to a column.');
  });
});

describe('rows around the data', () => {
  const entry: Entry = { kind: 'tickets', columns: { ticket_id: 'id', created_by: 'owner', created_at: 'opened' } };

  it('skipRows drops title lines before the header', () => {
    const result = readText('Ticket report\nGenerated 2026-11-11\nid,owner,opened\nT-1,va07,2026-11-10 09:00\n', { ...entry, skipRows: 2 });
    expect(result.records).toHaveLength(1);
  });

  it('skipRows keeps physical line numbers in rejects', () => {
    const result = readText('Ticket report\nid,owner,opened\nT-1,va07,yesterday\n', { ...entry, skipRows: 1 });
    expect(result.rejects[0]?.line).toBe(3);
  });

  it('footer stops at the first footer line', () => {
    const result = readText('id,owner,opened\nT-1,va07,2026-11-10 09:00\n\n"Total (1 record)"\nT-2,va07,2026-11-10 10:00\n', { ...entry, footer: ['Total'] });
    expect([result.records.length, result.ledger.rowsRead, result.rejects.length]).toEqual([1, 1, 0]);
  });

  it('footerRows drops the last rows', () => {
    const result = readText('id,owner,opened\nT-1,va07,2026-11-10 09:00\nT-2,va07,2026-11-10 10:00\nGenerated by,someone,\n', { ...entry, footerRows: 1 });
    expect(result.records.map((ticket) => (ticket as TicketRecord).ticketId)).toEqual(['T-1', 'T-2']);
  });

  it('header names the columns of a header-less file', () => {
    const result = readText('T-1,va07,2026-11-10 09:00\n', { ...entry, hasHeader: false, header: ['id', 'owner', 'opened'] });
    expect((result.records[0] as TicketRecord).createdBy).toBe('va07');
  });

  it('header replaces the names of a file with a header', () => {
    const result = readText('a,b,c\nT-1,va07,2026-11-10 09:00\n', { ...entry, hasHeader: true, header: ['id', 'owner', 'opened'] });
    expect(result.records).toHaveLength(1);
  });
});

describe('duration units', () => {
  const text = 'id,agent,direction,started_at,talk,outcome\nc1,va07,inbound,2026-11-10 09:00,2,resolved\n';

  it.each([
    ['seconds', 2],
    // 2 minutes = 120 s.
    ['minutes', 120],
    // 2 hours, as Zendesk's rounded resolution time = 7200 s.
    ['hours', 7200],
  ] as const)('read bare numbers in %s', (unit, seconds) => {
    const result = readText(text, { kind: 'calls', columns: { call_id: 'id', talk_seconds: { column: 'talk', unit } } });
    expect((result.records[0] as { talkSeconds: number }).talkSeconds).toBe(seconds);
  });
});

describe('messages', () => {
  it('name the file, column, header and config key of a missing column', () => {
    expect(() => readText('id,owner\nT-1,va07\n', { kind: 'tickets', columns: { ticket_id: 'id', created_by: 'owner', created_at: 'Opened at' } })).toThrow(
      'export.csv: column "Opened at" is not in the header ("id", "owner"); fix sources.test.columns.created_at or export the column.',
    );
  });

  it('name the line, column, value and map key of an unmapped value', () => {
    const result = readText('id,agent,direction,started_at,talk_seconds,Disposition\nc1,va07,inbound,2026-11-10 09:00,60,Left Message\n', {
      kind: 'calls',
      columns: { call_id: 'id', outcome: { column: 'Disposition', map: { Sold: 'resolved' } } },
    });
    expect(result.rejects[0]).toEqual({
      file: 'export.csv',
      kind: 'calls',
      line: 2,
      column: 'Disposition',
      value: 'Left Message',
      reason: '"Left Message" is not a valid outcome (expected resolved, escalated, callback, unresolved, abandoned, missed, voicemail); map it in sources.test.columns.outcome.map',
    });
  });
});

describe('value map with spaces', () => {
  it('reads a mapped status padded with spaces', () => {
    const text = 'who,state,from,to\nva07,Ready,2026-11-10 09:00,2026-11-10 09:30\n';
    const columns = { agent: 'who', status: { column: 'state', map: { Ready: ' AVAILABLE ' } }, started_at: 'from', ended_at: 'to' };
    const result = readText(text, { kind: 'agent_status', columns });

    expect(result.rejects).toEqual([]);
    expect((result.records[0] as StatusRecord).status).toBe('available');
  });
});

describe('date-order advice in rejects', () => {
  const header = ['call_id', 'agent', 'direction', 'started_at', 'talk_seconds', 'outcome'];
  const row = ['C1', 'ana', 'inbound', '01/02/2026 10:00', '60', 'resolved'];
  const reasonOf = (noEntry: boolean): string => {
    const mapping = compileMapping(header, {
      file: 'calls.csv',
      kind: 'calls',
      sourceKey: 'sources.phone',
      noEntry,
      spec: {},
      zone: zoneFor('UTC'),
      wonStages: ['won'],
      agents: new AgentDirectory(),
    });
    try {
      mapping.toRecord(row);
    } catch (error) {
      return (error as RowReject).reason;
    }
    throw new Error('the row was read');
  };

  it('names the key of a config entry', () => {
    expect(reasonOf(false)).toBe('the day and month of 01/02 cannot be told apart (both are 12 or less); set sources.phone.dateOrder to "DMY" or "MDY"');
  });

  it('keeps the general advice without an entry', () => {
    expect(reasonOf(true)).toBe("the day and month of 01/02 cannot be told apart (both are 12 or less); set the column's date order to DMY or MDY in the config");
  });
});
