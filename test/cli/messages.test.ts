import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

/**
 * One case per error message that other CLI tests do not reach: the command,
 * its exit code, and a fragment of the message that names the value and fix.
 */
const CALLS = 'call_id,agent,direction,started_at,talk_seconds,outcome\nC1,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n';
const PHONE = 'id,who,start,talk,result\nC1,ana,2026-11-02T09:00:00Z,60,resolved\n';
const WEEK = ['--week', '2026-W45', '--as-of', '2026-11-16'];

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-message-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A folder holding phone.csv and a config whose single source maps it with the given columns and options. */
function mapped(columns: Record<string, unknown>, options: Record<string, unknown> = {}): string {
  const base = { call_id: 'id', agent: 'who', direction: { value: 'inbound' }, started_at: 'start', talk_seconds: 'talk', outcome: 'result' };
  const config = { sources: { phone: { kind: 'calls', files: 'phone.csv', columns: { ...base, ...columns }, ...options } } };
  return folder({ 'phone.csv': PHONE, 'kpi.config.json': JSON.stringify(config) });
}

/** 1.1 MiB of ASCII with é in the first line and a lone 0xE9 byte near the end. */
function mixedEncoding(): Buffer {
  const head = Buffer.from(`${CALLS.trimEnd()}\nC2,José,inbound,2026-11-02T09:00:00Z,60,resolved\n`, 'utf8');
  const filler = Buffer.from('C3,ana,inbound,2026-11-02T09:00:00Z,60,resolved\n'.repeat(24_000), 'utf8');
  const tail = Buffer.concat([Buffer.from('C4,Ren', 'latin1'), Buffer.from([0xe9]), Buffer.from(',inbound,2026-11-02T09:00:00Z,60,resolved\n', 'latin1')]);
  return Buffer.concat([head, filler, tail]);
}

interface Case {
  name: string;
  args: () => string[];
  code: number;
  message: string;
}

const cases: Case[] = [
  {
    name: 'config file not found',
    args: () => ['report', '--config', join(folder({}), 'missing.json'), ...WEEK],
    code: 2,
    message: 'cannot read the config file',
  },
  {
    name: 'source zone unknown',
    args: () => ['report', '--data', folder({ 'calls.csv': CALLS, 'kpi.config.json': JSON.stringify({ sources: { phone: { kind: 'calls', files: 'calls.csv', timezone: 'Nowhere/Land' } } }) }), ...WEEK],
    code: 2,
    message: 'sources.phone.timezone: expected an IANA time zone name such as "America/New_York" (got "Nowhere/Land").',
  },
  {
    name: 'closing before opening',
    args: () => ['report', '--data', folder({ 'calls.csv': CALLS, 'kpi.config.json': JSON.stringify({ businessHours: { open: '17:00', close: '09:00' } }) }), ...WEEK],
    code: 2,
    message: 'businessHours.close: expected a time later than businessHours.open (17:00) (got "09:00").',
  },
  {
    name: 'explicit file not found',
    args: () => ['report', '--calls', join(folder({}), 'nope.csv'), ...WEEK],
    code: 3,
    message: 'nope.csv: cannot read the file',
  },
  {
    name: 'filter column not in header',
    args: () => ['report', '--data', mapped({}, { where: { Status: 'done' } }), ...WEEK],
    code: 3,
    message: 'column "Status" in sources.phone.where is not in the header',
  },
  {
    name: 'mapped column not in header',
    args: () => ['report', '--data', mapped({ talk_seconds: 'Talk Time' }), ...WEEK],
    code: 3,
    message: 'column "Talk Time" is not in the header',
  },
  {
    name: 'two sources on stdin',
    args: () => ['report', '--calls', '-', '--surveys', '-', ...WEEK],
    code: 2,
    message: 'only one source can read standard input',
  },
  {
    name: 'rejects file not writable',
    args: () => ['report', '--data', folder({ 'calls.csv': CALLS }), ...WEEK, '--rejects', join(folder({}), 'no-such-dir', 'rejects.csv')],
    code: 2,
    message: 'cannot write the file (ENOENT)',
  },
  {
    name: 'from and add on a duration',
    args: () => ['report', '--data', mapped({ talk_seconds: { from: 'start', add: 'talk' } }), ...WEEK],
    code: 2,
    message: 'sources.phone.columns.talk_seconds uses "from" and "add", which only a timestamp field can',
  },
  {
    name: 'next on a calls field',
    args: () => ['report', '--data', mapped({ ended_at: { next: 'started_at' } }), ...WEEK],
    code: 2,
    message: 'which only agent_status ended_at accepts',
  },
  {
    name: 'invalid pattern',
    args: () => ['report', '--data', mapped({ call_id: { column: 'id', pattern: '([' } }), ...WEEK],
    code: 2,
    message: 'sources.phone.columns.call_id.pattern is not a valid regular expression',
  },
  {
    name: 'no alternative column present',
    args: () => ['report', '--data', mapped({ call_id: { first: ['Call ID', 'Interaction ID'] } }), ...WEEK],
    code: 3,
    message: 'none of the columns in sources.phone.columns.call_id.first is in the header',
  },
  {
    name: 'quote never closed',
    args: () => ['report', '--data', folder({ 'calls.csv': `${CALLS}C2,"ana,inbound,2026-11-02T09:00:00Z,60,resolved\n` }), ...WEEK],
    code: 3,
    message: 'calls.csv:3: a quoted field opened on this line is never closed',
  },
  {
    name: 'encodings mixed',
    args: () => ['report', '--data', folder({ 'calls.csv': mixedEncoding() }), ...WEEK],
    code: 3,
    message: 'is not valid UTF-8, but line 3 has the UTF-8 text "José", so the file mixes encodings',
  },
  {
    name: 'unknown preset',
    args: () => ['init', '--preset', 'nope'],
    code: 2,
    message: 'no preset "nope"; use one of',
  },
];

describe('error messages', () => {
  it.each(cases)('$name', async ({ args, code, message }) => {
    const result = await runCli(args());

    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });
});
