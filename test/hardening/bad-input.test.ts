import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const CALLS_HEADER = 'call_id,agent,direction,started_at,talk_seconds,outcome';

/** Returns a calls file with one resolved call of agent ana per started_at cell. */
function callsStartingAt(cells: readonly string[]): string {
  return `${CALLS_HEADER}\n${cells.map((at, i) => `C${i},ana,inbound,${at},60,resolved`).join('\n')}\n`;
}

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-bad-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

interface Ledger {
  kind: string;
  file: string;
  rowsRead: number;
  rowsUsed: number;
  rowsOutsidePeriod: number;
  rowsDuplicate: number;
  rowsRejected: number;
  rowsSkipped: number;
  rejects: { line: number; column: string; value: string; reason: string }[];
}

interface Document {
  agents: { agent: string; name: string; calls: { handled: number }; metrics: Record<string, { value: number | null; denominator: number }> }[];
  team: { calls: { handled: number } };
  dataQuality: { sources: Ledger[] };
}

async function reportOn(files: Record<string, string | Buffer>, extra: string[] = []): Promise<{ code: number; stderr: string; stdout: string; document: Document | null }> {
  const result = await runCli(['report', '--data', folder(files), '--week', '2026-W45', '--as-of', '2026-11-16T00:00:00Z', '--json', ...extra]);
  return { ...result, document: result.code === 0 ? (JSON.parse(result.stdout) as Document) : null };
}

function ledger(document: Document | null, kind = 'calls'): Ledger {
  const found = document?.dataQuality.sources.find((s) => s.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} ledger`);
  return found;
}

describe('bad exports', () => {
  it('reads a BOM before a quoted header', async () => {
    const text = `\uFEFF"call_id","agent","direction","started_at","talk_seconds","outcome"\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsUsed).toBe(1);
  });

  it('keeps line numbers after quoted newlines', async () => {
    const text =
      'call_id,agent,direction,started_at,talk_seconds,outcome,customer\n' +
      'C1,ana,inbound,2026-11-02T09:00:00Z,60,resolved,"Smith, ""Jo""\nline two"\n' +
      'C2,ana,inbound,2026-11-02T09:00:00Z,6x,resolved,x\n';
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rejects[0]?.line).toBe(4);
  });

  it('keeps an unescaped quote in an unquoted field', async () => {
    const text = `${CALLS_HEADER},customer\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved,5"10 caller\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsUsed).toBe(1);
  });

  it('rejects a row with too few fields', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,60\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsRejected).toBe(1);
    expect(ledger(document).rejects[0]?.line).toBe(2);
  });

  it('rejects a row with extra non-empty fields', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved,surprise\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsRejected).toBe(1);
  });

  it('accepts a trailing delimiter', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved,\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsUsed).toBe(1);
  });

  it('skips blank and all-empty rows uncounted', async () => {
    const text = `${CALLS_HEADER}\n\n,,,,,\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsRead).toBe(1);
  });

  it('names both positions of a repeated mapped column', async () => {
    const dir = folder({
      'phone.csv': 'id,agent,agent,dir,start,talk,result\nC1,ana,bo,inbound,2026-11-02T09:00:00Z,60,resolved\n',
      'kpi.config.json': JSON.stringify({
        sources: { phone: { kind: 'calls', files: 'phone.csv', columns: { call_id: 'id', agent: 'agent', direction: 'dir', started_at: 'start', talk_seconds: 'talk', outcome: 'result' } } },
      }),
    });
    const result = await runCli(['report', '--data', dir, '--week', '2026-W45']);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('column "agent" matches 2 columns (positions 2 and 3)');
  });

  it('reads odd header names without pollution', async () => {
    const text = `__proto__,constructor,${CALLS_HEADER}\nx,y,C1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsUsed).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('maps a column named __proto__', async () => {
    const dir = folder({
      'phone.csv': '__proto__,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n',
      'kpi.config.json': '{ "sources": { "phone": { "kind": "calls", "files": "phone.csv", "columns": { "call_id": "__proto__" } } } }',
    });
    const result = await runCli(['report', '--data', dir, '--week', '2026-W45', '--as-of', '2026-11-16', '--json']);

    expect(result.code).toBe(0);
    expect(ledger(JSON.parse(result.stdout)).rowsUsed).toBe(1);
  });

  it('reads an empty hold cell as zero', async () => {
    const text = 'call_id,agent,direction,started_at,talk_seconds,hold_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,60,,resolved\n';
    const { document } = await reportOn({ 'calls.csv': text });

    expect(document?.agents[0]?.metrics.hold_time?.value).toBe(0);
  });

  it('rejects an empty talk time on a handled call', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rejects[0]?.reason).toContain('talk_seconds is empty');
  });

  it('detects day-first dates', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,13/11/2026 09:00,60,resolved\nC2,ana,inbound,03/11/2026 09:00,60,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    // 13/11 can only be day-first, so 03/11 is 3 November (in week 45), 13 November is in week 46.
    expect(ledger(document).rowsUsed).toBe(1);
    expect(ledger(document).rowsOutsidePeriod).toBe(1);
  });

  it('detects month-first dates', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,11/13/2026 09:00,60,resolved\nC2,ana,inbound,11/03/2026 09:00,60,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsUsed).toBe(1);
  });

  it('stops on dates that fit both orders', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,01/11/2026 09:00,60,resolved\n`;
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'add the entry "calls": {"kind":"calls","files":"calls.csv","dateOrder":"DMY"} to the config\'s "sources" (with "MDY" for month-first dates), or run "kpi init" to write it.',
    );
  });

  it('rejects stray dates among ISO values', async () => {
    // One mangled cell among ISO timestamps proves no order, so its row alone is rejected.
    const text = callsStartingAt(['2026-11-02T09:00:00', '2026-11-03T09:00:00', '2026-11-04T09:00:00', '6-03-03T17:07:32']);
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code).toBe(0);
    expect(ledger(result.document).rowsUsed).toBe(3);
    expect(ledger(result.document).rejects).toEqual([
      expect.objectContaining({
        line: 5,
        column: 'started_at',
        value: '6-03-03T17:07:32',
        reason: "a date with the year last among values of other forms has no known day and month order; set the column's date order to DMY or MDY in the config",
      }),
    ]);
    expect(result.stderr).toContain(
      'calls.csv: column "started_at": 1 date with the year last, such as "6-03-03T17:07:32", among 3 values of other forms decides no date order; their rows are rejected. To read them as dates: add the entry "calls"',
    );
    expect(result.stderr).not.toContain('or run "kpi init" to write it');
  });

  it('rejects a stray date that proves an order', async () => {
    // "16-03-03" fits only day-first, but among ISO values it proves nothing, so "6-03-03" is not read as 2003 either.
    const text = callsStartingAt(['2026-11-02T09:00:00', '2026-11-03T09:00:00', '2026-11-04T09:00:00', '16-03-03T17:07:32', '6-03-03T17:07:32']);
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code).toBe(0);
    expect(ledger(result.document).rejects.map((reject) => reject.value)).toEqual(['16-03-03T17:07:32', '6-03-03T17:07:32']);
    expect(result.stderr).toContain('2 dates with the year last, such as "16-03-03T17:07:32", among 3 values of other forms decide no date order');
  });

  it('counts no junk as dates or as other values', async () => {
    // 00/00, 31/31 and "-" read as no timestamp at all, so the one ambiguous date is set against two ISO values.
    const cells = ['2026-11-02T09:00:00', '2026-11-03T09:00:00', '1/2/2026 10:00', '00/00/0000 00:00', '31/31/2026 10:00', '-'];
    const text = callsStartingAt(cells);
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code, result.stderr).toBe(0);
    expect(ledger(result.document).rowsRejected).toBe(4);
    expect(result.stderr).toContain('1 date with the year last, such as "1/2/2026 10:00", among 2 values of other forms');
    expect(ledger(result.document).rejects[1]?.reason).toBe('00/00 is no date: a day or a month cannot be 0');
  });

  it('reads real dates among filler cells', async () => {
    // Two day-first dates and three dashes: no ISO value outnumbers them, so 16/11 settles the order.
    const cells = ['16/11/2026 10:00', '03/11/2026 10:00', '-', '-', '-'];
    const text = callsStartingAt(cells);
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code, result.stderr).toBe(0);
    expect(ledger(result.document).rowsUsed + ledger(result.document).rowsOutsidePeriod).toBe(2);
    expect(ledger(result.document).rowsRejected).toBe(3);
  });

  it('leaves placeholders out of the count', async () => {
    // Two ambiguous dates against one ISO value once the two N/A cells count as missing.
    const cells = ['2026-11-02T09:00:00', '01/11/2026 09:00', '02/11/2026 09:00', 'N/A', 'N/A'];
    const text = callsStartingAt(cells);
    const config = JSON.stringify({ timezone: 'UTC', sources: { calls: { kind: 'calls', files: 'calls.csv', missing: ['N/A'] } } });
    const result = await reportOn({ 'calls.csv': text, 'kpi.config.json': config });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('every date fits both day-first and month-first (for example "01/11/2026 09:00")');
  });

  it('counts no impossible date as one that fits both orders', async () => {
    // 30/02 is no date either way, so the two dates left fit both orders and stop the report.
    const cells = ['03/11/2026 10:00', '04/11/2026 10:00', '30/02/2026 10:00'];
    const text = callsStartingAt(cells);
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('every date fits both day-first and month-first (for example "03/11/2026 10:00")');
  });

  it('reads month first past an impossible day-first date', async () => {
    const cells = ['11/05/2026 10:00', '11/13/2026 10:00', '31/04/2026 10:00'];
    const text = callsStartingAt(cells);
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code, result.stderr).toBe(0);
    expect(ledger(result.document).rowsUsed).toBe(1);
    expect(ledger(result.document).rejects).toEqual([
      expect.objectContaining({ line: 4, reason: 'month 31 is out of range 1-12 when read month first (MDY), the column\'s date order' }),
    ]);
  });

  it('leaves out rows that a where filter drops', async () => {
    const config = JSON.stringify({ timezone: 'UTC', sources: { calls: { kind: 'calls', files: 'calls.csv', where: { outcome: 'resolved' } } } });
    const cells = [
      ['2026-11-02T09:00:00', 'resolved'],
      ['2026-11-03T09:00:00', 'resolved'],
      ['01/11/2026 09:00', 'note'],
      ['02/11/2026 09:00', 'note'],
      ['03/11/2026 09:00', 'note'],
    ];
    const text = `${CALLS_HEADER}\n${cells.map(([at, outcome], i) => `C${i},ana,inbound,${at},60,${outcome}`).join('\n')}\n`;
    const result = await reportOn({ 'calls.csv': text, 'kpi.config.json': config });

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('date order');
    expect(ledger(result.document).rowsSkipped).toBe(3);
  });

  it('settles no order for a column that no row reads', async () => {
    // Every row has an ISO start, so the ambiguous fallback column is never read.
    const config = JSON.stringify({ timezone: 'UTC', sources: { calls: { kind: 'calls', files: 'calls.csv', columns: { started_at: { first: ['started_at', 'local_start'] } } } } });
    const rows = [2, 3, 4].map((day) => `C${day},ana,inbound,2026-11-0${day}T09:00:00,0${day}/11/2026 09:00,60,resolved`);
    const text = `call_id,agent,direction,started_at,local_start,talk_seconds,outcome\n${rows.join('\n')}\n`;
    const result = await reportOn({ 'calls.csv': text, 'kpi.config.json': config });

    expect(result.code, result.stderr).toBe(0);
    expect(ledger(result.document).rowsUsed).toBe(3);
  });

  it('decides the order of a pattern field', async () => {
    const config = JSON.stringify({ timezone: 'UTC', sources: { calls: { kind: 'calls', files: 'calls.csv', columns: { started_at: { column: 'when', pattern: '^at (.*)$' } } } } });
    const rows = ['at 02/11/2026 10:00', 'at 03/11/2026 10:00', 'at 13/11/2026 10:00'].map((at, i) => `C${i},ana,inbound,${at},60,resolved`);
    const text = `call_id,agent,direction,when,talk_seconds,outcome\n${rows.join('\n')}\n`;
    const result = await reportOn({ 'calls.csv': text, 'kpi.config.json': config });

    expect(result.code, result.stderr).toBe(0);
    expect(ledger(result.document).rowsUsed + ledger(result.document).rowsOutsidePeriod).toBe(3);
    expect(ledger(result.document).rowsRejected).toBe(0);
  });

  it('stops on a concat field whose dates fit both orders', async () => {
    const config = JSON.stringify({ timezone: 'UTC', sources: { calls: { kind: 'calls', files: 'calls.csv', columns: { started_at: { concat: ['day', 'time'] } } } } });
    const rows = ['02/11/2026,10:00', '03/11/2026,11:00'].map((at, i) => `C${i},ana,inbound,${at},60,resolved`);
    const text = `call_id,agent,direction,day,time,talk_seconds,outcome\n${rows.join('\n')}\n`;
    const result = await reportOn({ 'calls.csv': text, 'kpi.config.json': config });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('column "day + time": every date fits both day-first and month-first (for example "02/11/2026 10:00")');
  });

  describe('fields that derive their text', () => {
    const HEADER = 'call_id,agent,direction,stamp,backup,talk_seconds,outcome';
    const run = async (startedAt: unknown, rows: string[][], extra: Record<string, unknown> = {}) => {
      const config = JSON.stringify({ timezone: 'UTC', sources: { calls: { kind: 'calls', files: 'calls.csv', ...extra, columns: { started_at: startedAt } } } });
      const text = `${HEADER}\n${rows.map(([stamp, backup], i) => `C${i},ana,inbound,${stamp},${backup ?? ''},60,resolved`).join('\n')}\n`;
      return reportOn({ 'calls.csv': text, 'kpi.config.json': config });
    };

    it('judges a first list by the text each row reads', async () => {
      // Every row reads the pattern's ambiguous date; the day-first proof in backup is never read.
      const rows = [['X03/11/2026 10:00', '13/04/2026 10:00'], ['X04/11/2026 10:00', '13/04/2026 10:00']];
      const result = await run({ first: [{ column: 'stamp', pattern: '^X(.*)$' }, 'backup'] }, rows);

      expect(result.code).toBe(3);
      expect(result.stderr).toContain('every date fits both day-first and month-first (for example "03/11/2026 10:00")');
    });

    it('reads a derived alternative that comes second', async () => {
      const rows = [['X03/11/2026 10:00', ''], ['X04/11/2026 10:00', '']];
      const result = await run({ first: ['backup', { column: 'stamp', pattern: '^X(.*)$' }] }, rows);

      expect(result.code).toBe(3);
      expect(result.stderr).toContain('every date fits both day-first and month-first (for example "03/11/2026 10:00")');
    });

    it('asks for the order of one ambiguous fallback date', async () => {
      // A first list reads several columns, each maybe in a form of its own, so no date of it is a stray.
      const iso = [2, 3, 4, 5].map((day) => [`X2026-11-0${day}T09:00:00`, '']);
      const result = await run({ first: [{ column: 'stamp', pattern: '^X(.*)$' }, 'backup'] }, [...iso, ['', '03/04/2026 10:00']]);

      expect(result.code).toBe(3);
      expect(result.stderr).toContain('every date fits both day-first and month-first (for example "03/04/2026 10:00")');
    });

    it('finds a date behind a letter', async () => {
      const result = await run({ column: 'stamp', pattern: '^ID(.*)$' }, [['ID16/11/2026 10:00'], ['ID03/11/2026 10:00']]);

      expect(result.code, result.stderr).toBe(0);
      expect(ledger(result.document).rowsRejected).toBe(0);
    });

    it('reads a concat date with a missing part as missing', async () => {
      const rows = [['16/11/2026', '10:00'], ['03/11/2026', '11:00'], ['[None]', '09:00'], ['[None]', '09:00'], ['[None]', '09:00']];
      const result = await run({ concat: ['stamp', 'backup'] }, rows, { missing: ['[None]'] });

      expect(result.code, result.stderr).toBe(0);
      expect(ledger(result.document).rowsUsed).toBe(1);
      expect(ledger(result.document).rowsOutsidePeriod).toBe(1);
      expect(ledger(result.document).rejects.map((reject) => reject.reason)).toEqual(Array(3).fill(expect.stringContaining('started_at is empty')));
    });

    it('counts no rule value as a cell of the column', async () => {
      // Three rows take the rule's ISO constant; the column's own two dates are all it holds.
      const cases = { cases: [{ when: { backup: 'fixed' }, value: '2026-11-05T10:00:00' }], otherwise: 'stamp' };
      const rows = [['16/11/2026 10:00'], ['03/11/2026 10:00'], ['', 'fixed'], ['', 'fixed'], ['', 'fixed']];
      const result = await run(cases, rows);

      expect(result.code, result.stderr).toBe(0);
      expect(ledger(result.document).rowsRejected).toBe(0);
    });

    it('reads each column of a first list in its own form', async () => {
      // Two day-first dates in stamp and three ISO values in backup are no strays: they come from different columns.
      const rows = [['16/11/2026 10:00', ''], ['03/11/2026 10:00', ''], ['', '2026-11-02T09:00:00'], ['', '2026-11-03T09:00:00'], ['', '2026-11-04T09:00:00']];
      const result = await run({ first: ['stamp', 'backup'] }, rows);

      expect(result.code, result.stderr).toBe(0);
      expect(ledger(result.document).rowsRejected).toBe(0);
    });

    it('leaves a first list with a pattern out of the stray rule', async () => {
      const rows = [['16/11/2026 10:00', ''], ['', '2026-11-02T09:00:00'], ['', '2026-11-03T09:00:00']];
      const result = await run({ first: [{ column: 'stamp', pattern: '^(.*)$' }, 'backup'] }, rows);

      expect(result.code, result.stderr).toBe(0);
      expect(ledger(result.document).rowsRejected).toBe(0);
    });

    it('decides the order of a cases field from its fallback column', async () => {
      const cases = { cases: [{ when: { backup: 'fixed' }, value: '2026-11-05T10:00:00' }], otherwise: 'stamp' };
      const result = await run(cases, [['16/11/2026 10:00'], ['03/11/2026 10:00'], ['', 'fixed']]);

      expect(result.code, result.stderr).toBe(0);
      expect(ledger(result.document).rowsRejected).toBe(0);
    });
  });

  it('takes no proof from a cell that reads as no timestamp', async () => {
    // "13/11/2026abc" starts day-first but is no timestamp, so the two ambiguous dates still stop the report.
    const cells = ['03/11/2026 09:00', '04/11/2026 09:00', '13/11/2026abc'];
    const text = callsStartingAt(cells);
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('every date fits both day-first and month-first (for example "03/11/2026 09:00")');
  });

  it('stops when such dates are half a column', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00,60,resolved\nC2,ana,inbound,01/11/2026 09:00,60,resolved\n`;
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('every date fits both day-first and month-first (for example "01/11/2026 09:00")');
  });

  it('stops on dates that conflict', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,13/11/2026 09:00,60,resolved\nC2,ana,inbound,11/13/2026 09:00,60,resolved\n`;
    const result = await reportOn({ 'calls.csv': text });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('mixes day-first dates (line 2: "13/11/2026 09:00") and month-first dates (line 3: "11/13/2026 09:00")');
    expect(result.stderr).toContain(
      '. Fix the export, or read one order and reject the rows in the other: add the entry "calls": {"kind":"calls","files":"calls.csv","dateOrder":"DMY"}',
    );
  });

  it('rejects a time in the spring-forward gap', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-03-08 02:30:00,60,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text, 'kpi.config.json': '{"timezone":"America/New_York"}' });

    expect(ledger(document).rejects[0]?.reason).toContain('does not exist in America/New_York');
  });

  it('takes the earlier instant in the fall-back hour', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-01 01:30:00,60,resolved\n`;
    const dir = folder({ 'calls.csv': text, 'kpi.config.json': '{"timezone":"America/New_York"}' });
    const result = await runCli(['report', '--data', dir, '--day', '2026-11-01', '--as-of', '2026-11-02', '--json']);

    expect(ledger(JSON.parse(result.stdout)).rowsUsed).toBe(1);
  });

  it('reads minutes past 59 and hours past 23', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,65:30,resolved\nC2,ana,inbound,2026-11-02T10:00:00Z,1:00:00,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    // (3930 + 3600) / 2 = 3765
    expect(document?.agents[0]?.metrics.aht?.value).toBe(3765);
  });

  it('rejects a negative duration', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,-60,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rowsRejected).toBe(1);
  });

  it('rejects a call that ends before it starts', async () => {
    const text = 'call_id,agent,direction,started_at,ended_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,2026-11-02T08:00:00Z,60,resolved\n';
    const { document } = await reportOn({ 'calls.csv': text });

    expect(ledger(document).rejects[0]?.reason).toContain('the call ends before it starts');
  });

  it('rejects a status row that ends before it starts', async () => {
    const text = 'agent,status,started_at,ended_at\nana,available,2026-11-02T09:00:00Z,2026-11-02T08:00:00Z\n';
    const { document } = await reportOn({ 'agent_status.csv': text });

    expect(ledger(document, 'agent_status').rowsRejected).toBe(1);
  });

  it('counts the same export given twice as duplicates', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\nC2,ana,inbound,2026-11-02T10:00:00Z,60,resolved\n`;
    const { document } = await reportOn({ 'calls.csv': text, 'calls (1).csv': text });

    // Files are read in descending name order, so "calls.csv" comes first and "calls (1).csv" repeats it.
    expect(document?.team.calls.handled).toBe(2);
    expect(document?.dataQuality.sources.map((s) => [s.file, s.rowsDuplicate])).toEqual([
      ['calls (1).csv', 2],
      ['calls.csv', 0],
    ]);
  });
});

describe('output safety', () => {
  const hostile = `${CALLS_HEADER}\nC1,"=HYPERLINK(""x"")\u001b[2J\r",inbound,2026-11-02T09:00:00Z,60,resolved\n`;

  it('escapes control characters in the table', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': hostile }), '--week', '2026-W45', '--as-of', '2026-11-16']);

    expect(result.stdout).not.toMatch(/[\u001b\r]/);
    expect(result.stdout).toContain('=HYPERLINK("x")\\x');
  });

  it('keeps the exact string in JSON', async () => {
    const { document } = await reportOn({ 'calls.csv': hostile });

    expect(document?.agents[0]?.name).toBe('=HYPERLINK("x")\u001b[2J');
  });

  it('neutralizes formulas in CSV output', async () => {
    const result = await runCli(['report', '--data', folder({ 'calls.csv': hostile }), '--week', '2026-W45', '--as-of', '2026-11-16', '--format', 'csv']);

    expect(result.stdout).toContain(`"'=HYPERLINK(""x"")`);
  });

  it('escapes control characters in stderr', async () => {
    const text = `${CALLS_HEADER}\nC1,ana,inbound,2026-11-02T09:00:00Z,\u001b[31m,resolved\n`;
    const result = await runCli(['report', '--data', folder({ 'calls.csv': text }), '--week', '2026-W45', '--as-of', '2026-11-16']);

    expect(result.stderr).not.toContain('\u001b');
    expect(result.stderr).toContain('\\x1b[31m');
  });
});
