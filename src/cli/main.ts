/**
 * The command line: parses flags, wires config, sources, engine and
 * renderers, and turns the outcome into an exit code. Nothing else in `src/`
 * touches stdout, stderr, the clock or the environment.
 */
import { Command, CommanderError, Option } from 'commander';
import { KpiError, UsageError } from '../errors.js';
import { escapeControl } from '../render/format.js';
import { SOURCE_FLAGS } from '../sources/kinds.js';
import { runReport, type ReportFlags } from './report-command.js';
import { runValidate, type ValidateFlags } from './validate-command.js';
import { runInit, type InitFlags } from './init-command.js';
import type { Io } from './io.js';
import { processIo } from './io.js';
import { enableProcessClock } from '../time/process-clock.js';

export { processIo } from './io.js';
export { isReadWorker, runReadWorker } from '../pipeline/read-worker.js';

const VERSION = '0.1.0';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Collects --agent keys. Commander takes the next argument as the value even
 * when it is another flag, so `--agent --json` would ask for an agent named
 * "--json". No agent key starts with two dashes, so such a value is a usage
 * error.
 */
function collectAgent(value: string, previous: string[]): string[] {
  if (value.startsWith('--')) {
    throw new UsageError(`--agent needs an agent key, but is followed by the flag ${value}; write --agent KEY (an email, roster key or alias).`);
  }
  return collect(value, previous);
}

/** Adds the options of every command that reads sources: the folder, the config, single files and rejects. */
function addSourceOptions(command: Command): void {
  command
    .option('--data <dir>', 'folder of exports (default: the config\'s "data" key, else the current folder)')
    .option('--config <file>', 'config file (default: kpi.config.json in this folder or a parent, else in the --data folder)')
    .option('--rejects <file>', 'write every rejected row, with file, line, column and reason, to this CSV file')
    .option('--debug', 'show stack traces of unexpected errors');
  for (const [flag, kind] of SOURCE_FLAGS) {
    command.option(`--${flag} <file>`, `read ${kind} from this file instead of the data folder ("-" for stdin)`);
  }
}

/** Builds the commander program; actions store their exit code through `setCode`. */
function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('kpi')
    .description('Turn phone-system, CRM and ticket exports into the team KPI report.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
    });

  const report = program
    .command('report')
    .description('Compute the thirteen playbook KPIs per agent and for the team over one period.')
    .addOption(new Option('--week [week]', 'the last complete week, "this" for the week so far, or an ISO week such as 2026-W44'))
    .addOption(new Option('--month [month]', 'the last complete month, or a month such as 2026-11'))
    .addOption(new Option('--quarter [quarter]', 'the last complete quarter, or a quarter such as 2026-Q4'))
    .addOption(new Option('--day [date]', 'yesterday, or a day such as 2026-11-02'))
    .option('--from <date>', 'first day of a custom period (with --to), e.g. 2026-11-02')
    .option('--to <date>', 'last day of a custom period, included')
    .option('--as-of <datetime>', 'the instant treated as now, e.g. 2026-11-30T08:00 (default: the current time)')
    .option('--agent <key>', 'report only this agent (email, roster key or alias); repeat for several', collectAgent, [])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown']).default('table'))
    .option('--json', 'same as --format json')
    .option('--fail-on-miss', 'exit 1 when any KPI shown misses its target')
    .option('--strict', 'exit 3 without a report when any row is rejected')
    .option('--no-color', 'never colour the table (NO_COLOR does the same)');
  addSourceOptions(report);

  report.action(async (options: ReportFlags) => {
    // --json means --format json, so a --format naming another format contradicts it.
    if (options.json === true && report.getOptionValueSource('format') === 'cli' && options.format !== 'json') {
      throw new UsageError(`--json asks for JSON but --format asks for ${options.format}; keep one of them.`);
    }
    setCode(await runReport(options, io));
  });

  const validate = program
    .command('validate')
    .description('Read every source without computing KPIs and report rows used, duplicate and rejected, with reasons.')
    .option('--json', 'print the findings as JSON')
    .option('--no-color', 'accepted as in report; validate never colours its output');
  addSourceOptions(validate);
  validate.action((options: ValidateFlags) => {
    setCode(runValidate(options, io));
  });

  program
    .command('init')
    .description('Recognize the exports in a folder and write a starter kpi.config.json with guessed value maps.')
    .argument('[dir]', 'folder of exports (default: the current folder)')
    .option('--force', 'replace an existing config')
    .option('--print', 'print the config on stdout instead of writing it (findings go to stderr)')
    .option('--output <file>', 'write the config here (default: kpi.config.json in the folder of exports)')
    .option('--preset <id>', 'print one preset as config "sources" entries, to copy and adjust')
    .option('--no-color', 'accepted as in report; init never colours its output')
    .option('--debug', 'show stack traces of unexpected errors')
    .action((dir: string | undefined, options: InitFlags) => {
      setCode(runInit(dir, options, io));
    });

  return program;
}

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  if (io.processClock === true) enableProcessClock();

  let code = 0;
  const program = buildProgram(io, (value) => {
    code = value;
  });
  const debug = argv.includes('--debug');

  try {
    rejectRepeatedPeriodFlags(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof KpiError) {
      // Messages quote file names and cells from exports, so control characters,
      // a line end in a file name among them, are shown escaped.
      const lines = [error.summary, ...error.details].map(escapeControl);
      io.stderr(`kpi: ${lines.join('\n')}\n`);
      return error.exitCode;
    }
    if (isBrokenPipe(error)) return 0;
    if (debug) throw error;
    io.stderr(`kpi: unexpected error: ${(error as Error).message ?? String(error)}\nRun again with --debug for the stack trace, and report it with the command line.\n`);
    return 70;
  }
}

/** Period flags that take at most one occurrence; commander alone would keep the last one silently. */
const PERIOD_FLAGS = ['--week', '--month', '--quarter', '--day', '--from', '--to'];

function rejectRepeatedPeriodFlags(argv: readonly string[]): void {
  for (const flag of PERIOD_FLAGS) {
    const count = argv.filter((arg) => arg === flag || arg.startsWith(`${flag}=`)).length;
    if (count > 1) throw new UsageError(`${flag} is given ${count} times; only one period may be given, so keep one.`);
  }
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'EPIPE';
}
