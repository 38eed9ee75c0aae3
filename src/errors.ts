/**
 * The error taxonomy behind the exit codes of the CLI contract. Anything else
 * that reaches the top is a bug and is re-thrown with its stack under --debug.
 */

/**
 * An error the user can fix; its message names the value and the fix.
 * `details` are lines listed under it, such as one per invalid config key.
 * The message ends with them too, one per line.
 */
export abstract class KpiError extends Error {
  abstract readonly exitCode: 2 | 3 | 74;
  /** The message without the detail lines. */
  readonly summary: string;
  readonly details: readonly string[];

  constructor(summary: string, details: readonly string[] = []) {
    super(details.length === 0 ? summary : `${summary}\n${details.join('\n')}`);
    this.summary = summary;
    this.details = details;
  }
}

/** A wrong flag or flag combination (exit 2). */
export class UsageError extends KpiError {
  readonly exitCode = 2;
}

/** An invalid config file or key (exit 2). */
export class ConfigError extends KpiError {
  readonly exitCode = 2;
}

/** Unreadable input: a missing file or column, an ambiguous date order, rejects under --strict (exit 3). */
export class InputError extends KpiError {
  readonly exitCode = 3;
}

/** A failed write of the report or the rejects file, such as a full disk (exit 74, EX_IOERR in sysexits.h). */
export class OutputError extends KpiError {
  readonly exitCode = 74;
}
