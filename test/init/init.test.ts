/**
 * `kpi init` on a folder of mixed vendor exports: the config it writes, used
 * as written, must give the same report as the canonical twins of the same
 * data (fixtures/vendor/generate-mixed.mjs writes both folders).
 */
import { cpSync, existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceSpec } from '../../src/config/schema.js';
import { guessValue } from '../../src/sources/guess.js';
import { collectValues } from '../../src/sources/value-maps.js';
import { reportDifferences } from '../cli/run-cli.js';
import { runIn } from './run-in.js';

const VENDOR = new URL('../../fixtures/vendor/mixed/', import.meta.url).pathname;
const CANONICAL = new URL('../../fixtures/vendor/mixed-canonical/', import.meta.url).pathname;
const WEEK = ['--week', '2026-W46', '--as-of', '2026-11-20T08:00', '--json'];

function copyOfVendorFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-init-'));
  cpSync(VENDOR, dir, { recursive: true });
  return dir;
}

/** Creates a folder of exports holding the given files. */
function exportsFolder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-init-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Returns the config that kpi init wrote into a folder. */
function writtenConfig(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'kpi.config.json'), 'utf8'));
}

describe('init on mixed vendor exports', () => {
  let dir = '';
  let init = { code: -1, stdout: '', stderr: '' };
  let config: { timezone: string; data: string; sources: Record<string, { kind: string; files: string | string[]; columns: Record<string, unknown> }> };

  beforeAll(async () => {
    dir = copyOfVendorFolder();
    init = await runIn(['init', dir], dir);
    config = JSON.parse(readFileSync(join(dir, 'kpi.config.json'), 'utf8'));
  });

  it('exits 0', () => {
    expect(init.code).toBe(0);
  });

  it('takes the time zone from the system', () => {
    expect(config.timezone).toBe('America/Chicago');
  });

  it('writes UTC for a system zone with no IANA name', async () => {
    for (const systemZone of [null, 'garbage']) {
      const other = copyOfVendorFolder();
      const result = await runIn(['init', other], other, systemZone);

      expect(result.code).toBe(0);
      expect(JSON.parse(readFileSync(join(other, 'kpi.config.json'), 'utf8')).timezone).toBe('UTC');
      expect(result.stdout).toContain('with timezone "UTC", because the system time zone');
      expect(result.stdout).not.toContain('undefined');
    }
  });

  it('asks to check guessed maps', () => {
    expect(init.stdout).toContain('(guessed)');
    expect(init.stdout).toContain('Check the value maps marked (guessed) above and the time zone, then run: kpi report --week');
  });

  it('asks for the team zone on a UTC system', async () => {
    const other = copyOfVendorFolder();
    const result = await runIn(['init', other], other, 'UTC');

    expect(result.stdout).toContain(`with timezone "UTC" (the system's); set "timezone" to the team's zone if the exports are written in another.`);
  });

  it('writes one entry per preset entry', () => {
    expect(Object.keys(config.sources).sort()).toEqual([
      'calendly-bookings',
      'hubspot-deals',
      'talkdesk-calls',
      'talkdesk-surveys',
      'talkdesk-user-status',
      'zendesk-tickets',
    ]);
  });

  it('gives overlapping exports one entry', () => {
    expect(config.sources['talkdesk-calls']!.files).toEqual(['talkdesk-calls-mon-wed.csv', 'talkdesk-calls-wed-fri.csv']);
  });

  it('guesses the dispositions from their words', () => {
    const outcome = config.sources['talkdesk-calls']!.columns.outcome as { otherwise: { map: Record<string, string> } };
    expect(outcome.otherwise.map).toMatchObject({
      'Booking Made - Resolved': 'resolved',
      'Customer Callback Needed': 'callback',
      'Issue Not Resolved': 'unresolved',
      'Escalated to Supervisor': 'escalated',
    });
  });

  it('guesses the status labels from their words', () => {
    const status = config.sources['talkdesk-user-status']!.columns.status as { map: Record<string, string> };
    expect(status.map).toMatchObject({ 'Ready for Calls': 'available', 'Lunch Break': 'break', 'Wrap-up Time': 'after_call_work' });
  });

  it('lists each value with its row count', () => {
    // 70 handled calls over five days, one disposition in six: "Issue Not Resolved" on 14 rows across both files.
    expect(init.stdout).toContain('"Issue Not Resolved" x14 -> unresolved (guessed)');
  });

  it('lists the kinds without a file', () => {
    expect(init.stdout).toContain('complaints: complaint_rate is no_data');
  });

  it('reproduces the canonical report', async () => {
    const vendor = await runIn(['report', '--config', join(dir, 'kpi.config.json'), ...WEEK], dir);
    const canonicalConfig = join(mkdtempSync(join(tmpdir(), 'kpi-canonical-')), 'kpi.config.json');
    writeFileSync(canonicalConfig, '{ "timezone": "America/Chicago" }\n');
    const canonical = await runIn(['report', '--config', canonicalConfig, '--data', CANONICAL, ...WEEK], dir);
    const differences = reportDifferences(JSON.parse(canonical.stdout), JSON.parse(vendor.stdout)).filter((line) => !line.startsWith('ledger'));
    expect(differences).toEqual([]);
  });

  it('rejects no row with the written config', async () => {
    const vendor = await runIn(['report', '--config', join(dir, 'kpi.config.json'), ...WEEK], dir);
    const sources = JSON.parse(vendor.stdout).dataQuality.sources as { rowsRejected: number }[];
    expect(sources.map((source) => source.rowsRejected)).toEqual(sources.map(() => 0));
  });

  it('counts the overlap of weekly exports as duplicates', async () => {
    const vendor = await runIn(['report', '--config', join(dir, 'kpi.config.json'), ...WEEK], dir);
    const sources = JSON.parse(vendor.stdout).dataQuality.sources as { kind: string; file: string; rowsDuplicate: number }[];
    const first = sources.filter((source) => source.file === 'talkdesk-calls-mon-wed.csv').map((source) => [source.kind, source.rowsDuplicate]);
    // Wednesday is in both files, and the newer name (wed-fri) is read first.
    // 2 agents x 7 calls + 2 unhandled = 16 calls, of which 5 carry a rating.
    expect(first).toEqual([
      ['calls', 16],
      ['surveys', 5],
    ]);
  });
});

describe('init without a config', () => {
  it('leaves unguessed values to rejects naming the map key', async () => {
    const dir = copyOfVendorFolder();
    const report = await runIn(['report', '--data', dir, '--week', '2026-W46', '--as-of', '2026-11-20T08:00'], dir);
    expect(report.stderr).toContain('"Lunch Break" is not a valid status (expected available, on_call, after_call_work, break, away, offline, other); map it in sources.talkdesk-user-status.columns.status.map');
  });
});

describe('init and an existing config', () => {
  it('refuses to overwrite it', async () => {
    const dir = copyOfVendorFolder();
    writeFileSync(join(dir, 'kpi.config.json'), '{}\n');
    const result = await runIn(['init', dir], dir);
    expect([result.code, result.stderr]).toEqual([2, `kpi: ${join(dir, 'kpi.config.json')} already exists; rerun with --force to replace it, or with --print to see the new config without writing it.\n`]);
  });

  it('keeps the file when refusing', async () => {
    const dir = copyOfVendorFolder();
    writeFileSync(join(dir, 'kpi.config.json'), '{}\n');
    await runIn(['init', dir], dir);
    expect(readFileSync(join(dir, 'kpi.config.json'), 'utf8')).toBe('{}\n');
  });

  it('replaces it with --force', async () => {
    const dir = copyOfVendorFolder();
    writeFileSync(join(dir, 'kpi.config.json'), '{}\n');
    await runIn(['init', dir, '--force'], dir);
    expect(JSON.parse(readFileSync(join(dir, 'kpi.config.json'), 'utf8')).timezone).toBe('America/Chicago');
  });
});

describe('init and an export as --output', () => {
  it('refuses it even with --force', async () => {
    const dir = copyOfVendorFolder();
    const exportFile = join(dir, readdirSync(dir).find((name) => name.endsWith('.csv'))!);
    const before = readFileSync(exportFile, 'utf8');
    const result = await runIn(['init', dir, '--force', '--output', exportFile], dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is one of the exports that init reads');
    expect(readFileSync(exportFile, 'utf8')).toBe(before);
  });

  it('names the export without --force', async () => {
    const dir = copyOfVendorFolder();
    const exportFile = join(dir, readdirSync(dir).find((name) => name.endsWith('.csv'))!);
    const result = await runIn(['init', dir, '--output', exportFile], dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is one of the exports that init reads');
    expect(result.stderr).not.toContain('--force');
  });

  it('refuses a hard link to it', async () => {
    const dir = copyOfVendorFolder();
    const exportFile = join(dir, readdirSync(dir).find((name) => name.endsWith('.csv'))!);
    const before = readFileSync(exportFile, 'utf8');
    const hardLink = join(mkdtempSync(join(tmpdir(), 'kpi-init-link-')), 'config.json');
    linkSync(exportFile, hardLink);
    const result = await runIn(['init', dir, '--force', '--output', hardLink], dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is one of the exports that init reads');
    expect(readFileSync(exportFile, 'utf8')).toBe(before);
  });
});

describe('init on a missing folder', () => {
  it('names the folder argument', async () => {
    const missing = join(tmpdir(), 'kpi-init-no-such-folder');
    const result = await runIn(['init', missing], tmpdir());

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`check the folder argument of kpi init ("${missing}")`);
    expect(result.stderr).not.toContain('--data');
  });
});

describe('init --print', () => {
  it('prints the config and writes nothing', async () => {
    const dir = copyOfVendorFolder();
    const result = await runIn(['init', dir, '--print'], dir);
    expect([existsSync(join(dir, 'kpi.config.json')), JSON.parse(result.stdout).timezone]).toEqual([false, 'America/Chicago']);
  });
});

describe('init --output', () => {
  it('points data back at the folder', async () => {
    const dir = copyOfVendorFolder();
    const output = join(dir, 'config', 'team.json');
    cpSync(join(dir, 'agents.csv'), join(dir, 'config', 'unused.md'));
    await runIn(['init', dir, '--output', output], dir);
    expect(JSON.parse(readFileSync(output, 'utf8')).data).toBe('..');
  });

  it('names --output when its folder does not exist', async () => {
    const dir = copyOfVendorFolder();
    const output = join(dir, 'missing', 'team.json');
    const result = await runIn(['init', dir, '--output', output], dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot write ${output} (its folder does not exist); check --output`);
  });

  it('rejects an --output ending in a slash', async () => {
    const dir = copyOfVendorFolder();
    const result = await runIn(['init', dir, '--output', 'configs/'], dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--output configs/ ends with a slash, so it names a folder; give a file path such as configs/kpi.config.json.');
    expect(existsSync(join(dir, 'configs'))).toBe(false);
  });
});

describe('init on an unknown export', () => {
  it('names the closest preset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-'));
    writeFileSync(join(dir, 'export.csv'), 'Ticket ID,Agent,Subject\n1,VA Seven,Hello\n');
    const result = await runIn(['init', dir, '--print'], dir);
    expect(result.stderr).toContain('export.csv: not recognized and left out of the config; the closest preset is freshdesk-tickets (Freshdesk tickets export), missing "Created time", "Resolved time"');
  });
});

describe('init recognizing no file', () => {
  it('writes no config', async () => {
    const dir = exportsFolder({ 'export.csv': 'Ticket ID,Agent,Subject\n1,VA Seven,Hello\n' });
    const result = await runIn(['init', dir], dir);

    expect(result.code).toBe(3);
    expect(existsSync(join(dir, 'kpi.config.json'))).toBe(false);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`none of the 1 file(s) in ${dir} was recognized, so no config was written`);
    expect(result.stderr).toContain('docs/examples/');
    expect(result.stderr).toContain('docs/config.md');
    expect(result.stderr).not.toContain('kpi report --week');
  });

  it('says an empty folder has no export', async () => {
    const dir = exportsFolder({});
    const result = await runIn(['init', dir], dir);

    expect(result.code).toBe(3);
    expect(existsSync(join(dir, 'kpi.config.json'))).toBe(false);
    expect(result.stderr).toContain(`${dir} has no .csv, .tsv or .txt file, so no config was written`);
  });
});

describe('init on a 3CX cdr.log', () => {
  it('lists values as the mapping reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-'));
    cpSync(new URL('../../fixtures/presets/3cx-cdr.txt', import.meta.url).pathname, join(dir, 'cdr.txt'));
    const result = await runIn(['init', dir, '--print'], dir);

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('NOT MAPPED');
    expect(result.stderr).not.toContain('"+1555');
    expect(result.stderr).toContain('direction values in "from-no" after its pattern (sources.3cx-calls.columns.direction.first[0]):\n      "Ext" x1 -> outbound\n');
  });
});

describe('collectValues', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-values-'));
  const path = join(dir, 'calls.csv');
  writeFileSync(path, 'id,route,state\n1,in-1,open\n2,out-2,open\n3,zzz,open\n4,out-9,closed\n5,n/a,open\n');
  const spec: SourceSpec = {
    kind: 'calls',
    files: 'calls.csv',
    missing: ['n/a'],
    columns: {
      direction: { first: [{ column: 'route', pattern: '^(in|out)-', map: { in: 'inbound' } }, { value: 'inbound' }] },
      outcome: { cases: [{ when: { state: 'closed' }, value: 'resolved' }], otherwise: 'route' },
    },
  };
  const found = collectValues([path], 'sources.calls', spec, ['won']);

  it('reads a first alternative after its pattern', () => {
    const direction = found.find((column) => column.field === 'direction');
    expect(direction?.configKey).toBe('sources.calls.columns.direction.first[0]');
    expect(direction?.values).toEqual([
      { value: 'out', rows: 2, becomes: null, how: 'unmapped' },
      { value: 'in', rows: 1, becomes: 'inbound', how: 'mapped' },
    ]);
  });

  it('skips rows a rule decides', () => {
    const outcome = found.find((column) => column.field === 'outcome');
    expect(outcome?.configKey).toBe('sources.calls.columns.outcome.otherwise');
    expect(outcome?.values.map((use) => [use.value, use.rows])).toEqual([
      ['in-1', 1],
      ['out-2', 1],
      ['zzz', 1],
      ['', 1],
    ]);
  });

  it('counts rows whose field is empty', () => {
    // Row 5's "n/a" is a placeholder, so its outcome is empty and the row is rejected.
    const outcome = found.find((column) => column.field === 'outcome');
    expect(outcome?.values.at(-1)).toEqual({ value: '', rows: 1, becomes: null, how: 'empty' });
    // Every row gets a direction: the pattern's capture, or the constant after it.
    const direction = found.find((column) => column.field === 'direction');
    expect(direction?.values.some((use) => use.how === 'empty')).toBe(false);
  });
});

describe('init on a canonical file', () => {
  it('lists the values the report rejects', async () => {
    const calls =
      'call_id,agent,direction,started_at,talk_seconds,outcome\n' +
      'C1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n' +
      'C2,ana,inbound,2026-11-02T10:00:00Z,60,\n' +
      'C3,ana,inbound,2026-11-02T11:00:00Z,60,Not Resolved\n' +
      'C4,ana,inbound,2026-11-02T12:00:00Z,60,dropped\n';
    const dir = exportsFolder({ 'calls.csv': calls });
    const result = await runIn(['init', dir], dir);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('calls.csv (canonical calls):\n    outcome values in "outcome" that the report rejects:\n');
    expect(result.stdout).toContain('"Not Resolved" x1 -> REJECTED: not a valid outcome (it reads as unresolved); fix the export');
    expect(result.stdout).toContain('"dropped" x1 -> REJECTED: not a valid outcome; fix the export');
    expect(result.stdout).toContain('(empty) x1 -> REJECTED: outcome is required; fix the export');
    expect(result.stdout).not.toContain('"resolved" x1');
  });
});

describe('init on empty required cells', () => {
  it('lists them as rejected', async () => {
    const status =
      'user_id,user_name,user_email,status_label,status_start_at,status_end_at,status_time,is_user_active,team_id,team_name\n' +
      'u-07,VA Seven,va07@example.com,Available,2026-11-10 08:58:40,2026-11-10 09:15:02,982,true,t-1,Inbound VAs\n' +
      'u-07,VA Seven,va07@example.com,,2026-11-10 09:15:02,2026-11-10 09:19:41,279,true,t-1,Inbound VAs\n';
    const dir = exportsFolder({ 'status.csv': status });
    const result = await runIn(['init', dir], dir);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"Available" x1 -> available');
    expect(result.stdout).toContain('(empty) x1 -> REJECTED: status is required; fill it in the export, or give it a value in sources.talkdesk-user-status.columns.status');
  });
});

describe('init on dates that fit both orders', () => {
  const SALESFORCE =
    'Opportunity Owner,Account Name,Opportunity Name,Stage,Fiscal Period,Amount,Close Date,Type\n' +
    'VA Seven,Acme,Acme renewal,Closed Won,Q1-2024,$100,3/5/2024,New Business\n';
  const CALLS = 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,11/02/2026 09:00,60,resolved\nC2,ana,inbound,11/03/2026 09:00,60,resolved\n';

  it('writes a preset entry with dateOrder to choose', async () => {
    const dir = exportsFolder({ 'salesforce.csv': SALESFORCE });
    const result = await runIn(['init', dir], dir);
    const written = writtenConfig(dir);

    expect(result.code).toBe(0);
    expect(written.sources['salesforce-opportunities'].dateOrder).toBe('choose DMY or MDY');
    expect(result.stdout).toContain('salesforce.csv column "Close Date": every date fits both day-first and month-first (for example "3/5/2024")');
    expect(result.stdout).toContain('Set each "dateOrder" written as "choose DMY or MDY" to "DMY" (day first) or "MDY" (month first)');
  });

  it('leaves the report stopped on that key', async () => {
    const dir = exportsFolder({ 'salesforce.csv': SALESFORCE });
    await runIn(['init', dir], dir);
    const report = await runIn(['report', '--week', '2024-W10'], dir);

    expect(report.code).toBe(2);
    expect(report.stderr).toContain('sources.salesforce-opportunities.dateOrder: expected "DMY"');
  });

  it('writes an entry for a canonical file', async () => {
    const dir = exportsFolder({ 'calls.csv': CALLS });
    const result = await runIn(['init', dir], dir);
    const written = writtenConfig(dir);

    expect(result.code).toBe(0);
    expect(written.sources).toEqual({ calls: { kind: 'calls', files: 'calls.csv', dateOrder: 'choose DMY or MDY' } });
    expect(result.stdout).toContain('calls.csv column "started_at": every date fits both day-first and month-first');
  });

  it('writes skipRows for a header below title lines', async () => {
    const dir = exportsFolder({
      'calls.csv': 'Calls report\nNovember 2026\ncall_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00,60,resolved\n',
    });
    const result = await runIn(['init', dir], dir);
    const report = await runIn(['report', '--week', '2026-W45', '--json'], dir);

    expect(result.code).toBe(0);
    expect(writtenConfig(dir).sources).toEqual({ calls: { kind: 'calls', files: 'calls.csv', skipRows: 2 } });
    expect(result.stdout).toContain('calls.csv: its line 3 is a canonical calls header after 2 title line(s), read with "skipRows": 2');
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).team.calls.handled).toBe(1);
  });

  it('mentions no guessed maps when there are none', async () => {
    const dir = exportsFolder({ 'calls.csv': 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00,60,resolved\n' });
    const result = await runIn(['init', dir], dir);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Check the time zone, then run: kpi report --week');
    expect(result.stdout).not.toContain('marked (guessed)');
  });

  it('lists stray dates without an entry', async () => {
    const rows = ['2026-11-02T09:00:00', '2026-11-03T09:00:00', '6-03-03T17:07:32'].map((at, i) => `C${i},ana,inbound,${at},60,resolved`);
    const dir = exportsFolder({ 'calls.csv': `call_id,agent,direction,started_at,talk_seconds,outcome\n${rows.join('\n')}\n` });
    const result = await runIn(['init', dir, '--print'], dir);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).sources).toBeUndefined();
    expect(result.stderr).toContain(
      'calls.csv column "started_at": 1 date with the year last, such as "6-03-03T17:07:32", among 2 values of other forms decides no date order; kpi report rejects their rows',
    );
  });

  it('shows mixed-encoding warnings', async () => {
    const header = 'call_id,agent,direction,started_at,talk_seconds,outcome\n';
    const row = (id: string) => `${id},José,inbound,2026-11-02T09:00:00Z,60,resolved\n`;
    const dir = exportsFolder({ 'calls.csv': Buffer.concat([Buffer.from(header + row('C1'), 'utf8'), Buffer.from(row('C2'), 'latin1')]) });
    const result = await runIn(['init', dir, '--print'], dir);

    expect(result.stderr).toContain('  warning: calls.csv:3: byte 0xE9 at offset');
    expect(result.stderr).toContain('line 2 has the UTF-8 text "José"');
  });

  it('names a broken preset file by name', async () => {
    // Reading the status values for a map reaches the unclosed quote on the last line.
    const header = 'user_id,user_name,user_email,status_label,status_start_at,status_end_at,status_time\n';
    const row = 'u-07,VA Seven,va07@example.com,Available,2026-11-10 08:58:40,2026-11-10 09:15:02,982\n';
    const dir = exportsFolder({ 'status.csv': `${header}${row}"unclosed\n` });
    const result = await runIn(['init', dir, '--print'], dir);

    expect(result.code).toBe(3);
    expect(result.stderr).toContain('kpi: status.csv:3: a quoted field opened on this line is never closed');
  });

  it('says when an entry cannot read its file', async () => {
    // A Talkdesk calls export without disposition_code, which the preset's outcome falls back to.
    const dir = exportsFolder({
      'calls.csv':
        'call_id,type,start_at,end_at,user_email,talk_time,hold_time\nc1,inbound,2026-11-02T09:00:00Z,2026-11-02T09:05:00Z,a@x.com,200,10\n',
    });
    const result = await runIn(['init', dir], dir);

    expect(result.stdout).toContain('    cannot be read as written: calls.csv: column "disposition_code" is not in the header');
    expect(result.stdout).toContain('Fix each entry marked "cannot be read as written" above');
  });

  it('writes dateOrder for mixed orders', async () => {
    const dir = exportsFolder({ 'leads.csv': 'lead_id,agent,stage,won_at\nL1,a@x.com,Won,25/03/2026 10:00\nL2,a@x.com,Won,03/26/2026 10:00\n' });
    const result = await runIn(['init', dir], dir);
    const written = writtenConfig(dir);

    expect(result.code).toBe(0);
    expect(written.sources).toEqual({ leads: { kind: 'leads', files: 'leads.csv', dateOrder: 'choose DMY or MDY' } });
    expect(result.stdout).toContain('so sources.leads.dateOrder is written as "choose DMY or MDY"; fix the export, or set it to the order most rows use');
  });

  it('reports a first list as one field', async () => {
    // Freshdesk reads resolved_at from "Resolved time", else "Closed time": the two columns share one order.
    const dir = exportsFolder({
      'tickets.csv':
        'Ticket ID,Subject,Status,Agent,Created time,Resolved time,Closed time\n' +
        '8812,A,Resolved,VA Seven,2026-03-25 09:16,01/04/2026 10:05,\n' +
        '8814,C,Closed,VA Seven,2026-03-27 09:16,,03/04/2026 10:06\n',
    });
    const result = await runIn(['init', dir], dir);
    const written = writtenConfig(dir);

    expect(result.code).toBe(0);
    expect(written.sources['freshdesk-tickets'].dateOrder).toBe('choose DMY or MDY');
    expect(result.stdout).toContain(
      'tickets.csv columns "Resolved time" and "Closed time": every date fits both day-first and month-first (for example "01/04/2026 10:05")',
    );
  });

  it('gives a config that reads once chosen', async () => {
    const dir = exportsFolder({ 'calls.csv': CALLS });
    await runIn(['init', dir], dir);
    const path = join(dir, 'kpi.config.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('choose DMY or MDY', 'MDY'));
    const report = await runIn(['report', '--week', '2026-W45', '--as-of', '2026-11-20T08:00', '--json'], dir);

    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).dataQuality.sources[0].rowsUsed).toBe(2);
  });

  it('writes no entry for an unambiguous canonical file', async () => {
    const dir = exportsFolder({ 'calls.csv': CALLS.replace('11/03/2026', '11/13/2026') });
    await runIn(['init', dir], dir);

    expect(writtenConfig(dir).sources).toBeUndefined();
  });
});

describe('report on a preset file without an entry', () => {
  it('names the entry to add for dateOrder', async () => {
    const dir = exportsFolder({
      'salesforce.csv':
        'Opportunity Owner,Account Name,Opportunity Name,Stage,Close Date\nVA Seven,Acme,Acme renewal,Closed Won,3/5/2024\n',
    });
    writeFileSync(join(dir, 'kpi.config.json'), '{"timezone":"America/New_York"}\n');
    const report = await runIn(['report', '--week', '2024-W10'], dir);

    expect(report.code).toBe(3);
    expect(report.stderr).toContain('the file is read by preset salesforce-opportunities, which has no entry in the config, so add one');
    expect(report.stderr).toContain(`"kpi init ${dir} --print" prints the entries`);
    expect(report.stderr).toContain('then set sources.salesforce-opportunities.dateOrder to "DMY" or "MDY".');
  });
});

describe('init --preset', () => {
  it('prints the preset as config entries', async () => {
    const result = await runIn(['init', '--preset', 'pipedrive-deals'], tmpdir());
    expect(JSON.parse(result.stdout).sources['pipedrive-deals']).toEqual({
      kind: 'leads',
      files: 'EXPORT-FILE.csv',
      columns: { lead_id: 'Deal - ID', agent: 'Deal - Owner', stage: 'Deal - Status', won_at: { first: ['Deal - Won time', 'Deal - Deal closed on'] } },
    });
  });

  it('rejects an unknown id', async () => {
    const result = await runIn(['init', '--preset', 'acme'], tmpdir());
    expect([result.code, result.stderr.startsWith('kpi: no preset "acme"; use one of talkdesk-calls, ')]).toEqual([2, true]);
  });
});

describe('guessValue', () => {
  it.each([
    ['outcome', 'Callback Scheduled', 'callback'],
    ['outcome', 'Not Resolved', 'unresolved'],
    ['outcome', 'No Answer', 'missed'],
    ['outcome', 'Booking completed', 'resolved'],
    ['outcome', 'Left Voicemail', 'voicemail'],
    ['outcome', 'Transferred to billing', 'escalated'],
    ['outcome', 'No availability', null],
    ['status', 'On a Call', 'on_call'],
    ['status', 'Not Ready', 'away'],
    ['status', 'Ready', 'available'],
    ['status', 'Lunch', 'break'],
    ['status', 'Signed Out', 'offline'],
    ['stage', 'Closed Won', 'won'],
    ['stage', 'Closed Lost', null],
    ['direction', 'Incoming', 'inbound'],
    ['outcome', 'No Callback Needed', null],
    ['outcome', 'Callback Not Required', null],
    ['outcome', 'Follow-up not needed', null],
    ['outcome', 'Not Escalated', null],
    ['outcome', 'Issue not resolved', 'unresolved'],
    ['status', 'Not on a call', null],
  ] as const)('%s "%s" is %s', (field, text, expected) => {
    expect(guessValue(field, text)).toBe(expected);
  });
});

describe('init on two layouts of one system', () => {
  it('names their entries apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-init-'));
    cpSync(new URL('../../fixtures/presets/asterisk-master-16.csv', import.meta.url).pathname, join(dir, 'Master-old.csv'));
    cpSync(new URL('../../fixtures/presets/asterisk-master-18.csv', import.meta.url).pathname, join(dir, 'Master.csv'));
    const result = await runIn(['init', dir, '--print'], dir);
    const sources = JSON.parse(result.stdout).sources as Record<string, { files: string }>;
    expect(Object.entries(sources).map(([name, entry]) => [name, entry.files])).toEqual([
      ['asterisk-calls', 'Master-old.csv'],
      ['asterisk-calls-2', 'Master.csv'],
    ]);
  });
});
