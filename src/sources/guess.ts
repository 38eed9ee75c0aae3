/**
 * Best guesses of canonical values from the words an export uses, for the
 * value maps `kpi init` writes. A guess is only a starting point: init marks
 * every guessed entry for the user to check.
 */
import type { FieldType } from './kinds.js';

/** Fields whose values come from a fixed list, and so may need a value map. */
export type EnumeratedField = 'outcome' | 'status' | 'direction' | 'activity' | 'stage';

/** Ordered rules: the first rule with a word found in the value wins, so negations come first. */
type Rule = [words: string[], value: string];

const OUTCOME_RULES: Rule[] = [
  [['not resolved', 'unresolved', 'not solved', 'unsolved', 'not fixed', 'no resolution'], 'unresolved'],
  [['voicemail', 'voice mail', 'answering machine', 'left message'], 'voicemail'],
  [['abandon', 'hung up in queue', 'caller hung up'], 'abandoned'],
  [['callback', 'call back', 'follow up', 'follow-up', 'followup', 'call again'], 'callback'],
  [['escalat', 'transfer', 'supervisor'], 'escalated'],
  [['no answer', 'not answered', 'unanswered', 'missed', 'busy', 'failed'], 'missed'],
  [['resolved', 'solved', 'fixed', 'complete', 'booked', 'booking', 'sale', 'sold', 'done'], 'resolved'],
];

const STATUS_RULES: Rule[] = [
  [['not ready', 'unavailable', 'not available'], 'away'],
  [['on a call', 'on call', 'in call', 'in a call', 'talking', 'talk', 'busy', 'conversation'], 'on_call'],
  [['after call', 'after-call', 'wrap', 'acw', 'dispo'], 'after_call_work'],
  [['lunch', 'break', 'pause'], 'break'],
  [['offline', 'logged out', 'log out', 'logout', 'logged off', 'signed out'], 'offline'],
  [['available', 'ready', 'idle', 'waiting', 'online'], 'available'],
  [['away', 'meeting', 'training', 'coaching', 'admin'], 'away'],
];

const DIRECTION_RULES: Rule[] = [
  [['inbound', 'incoming'], 'inbound'],
  [['outbound', 'outgoing', 'autodial', 'dialer', 'manual', 'preview'], 'outbound'],
];

const ACTIVITY_RULES: Rule[] = [
  [['break', 'lunch', 'pause'], 'break'],
  [['shift', 'work', 'phone', 'scheduled'], 'shift'],
];

const STAGE_RULES: Rule[] = [
  [['lost', 'not won'], ''],
  [['won', 'closedwon', 'closed won'], 'won'],
];

const RULES: Record<EnumeratedField, Rule[]> = {
  outcome: OUTCOME_RULES,
  status: STATUS_RULES,
  direction: DIRECTION_RULES,
  activity: ACTIVITY_RULES,
  stage: STAGE_RULES,
};

/** Returns the enumerated field a column definition is, or null for any other field. */
export function enumeratedField(name: string, type: FieldType): EnumeratedField | null {
  if (type === 'outcome' || type === 'status' || type === 'direction' || type === 'activity') return type;
  return name === 'stage' ? 'stage' : null;
}

/**
 * Returns the canonical value the words of `text` suggest for a field, or
 * null when none does. Words match whole words or word starts ("escalat"
 * matches "Escalated"), case-insensitively.
 */
export function guessValue(field: EnumeratedField, text: string): string | null {
  const words = ` ${text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
  for (const [cues, value] of RULES[field]) {
    for (const cue of cues) {
      const spaced = cue.replace(/[^a-z0-9]+/g, ' ');
      const at = words.indexOf(` ${spaced}`);
      if (at < 0) continue;

      // "No Callback Needed", "Not Escalated", "Callback not required": a negated
      // cue means the opposite, and no rule tells which value that is.
      if (isNegated(words.slice(0, at), words.slice(at + spaced.length + 1))) return null;
      return value === '' ? null : value;
    }
  }
  return null;
}

const NEGATIONS = new Set(['no', 'not', 'non', 'never', 'without']);

/** Tells whether the words around a matched cue negate it: a negation just before it, or "not needed" after it. */
function isNegated(before: string, after: string): boolean {
  const previous = before.trim().split(' ').slice(-2);
  if (previous.some((word) => NEGATIONS.has(word))) return true;
  return /^\s*(is |was )?(not|no longer) (needed|required|necessary)\b/.test(after);
}
