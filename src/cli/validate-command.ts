/**
 * `kpi validate`: read every source without computing metrics and describe
 * what was found, so an export or its mapping can be fixed.
 */
import { stdinOnce } from '../pipeline/read-source.js';
import { validateSources } from '../pipeline/validate.js';
import { renderValidationJson, renderValidationText } from '../render/validation.js';
import { zoneFor } from '../time/zone.js';
import { loadSources, RejectLog, warner, type SourceFlags } from './common.js';
import type { Io } from './io.js';

export interface ValidateFlags extends SourceFlags {
  json?: boolean;
}

/** Runs `kpi validate`; exits 1 when any row is rejected, 0 when every row is usable. */
export function runValidate(flags: ValidateFlags, io: Io): number {
  const warn = warner(io);
  const { config, plan, inputs } = loadSources(flags, io);

  const rejects = new RejectLog(flags.rejects, inputs);
  let validation;
  try {
    validation = validateSources({ config, plan, stdin: stdinOnce(), onReject: (row) => rejects.add(row), onWarning: warn });
  } catch (error) {
    rejects.discard();
    throw error;
  }
  rejects.close();

  // The text output lists the reasons itself; JSON readers still get the first rejects on stderr.
  if (flags.json === true) rejects.report(warn);
  const zone = zoneFor(config.timezone);
  io.stdout(flags.json === true ? renderValidationJson(validation, zone) : renderValidationText(validation, zone));
  return rejects.count > 0 ? 1 : 0;
}
