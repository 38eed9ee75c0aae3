/**
 * Presets: built-in source mappings for known vendor exports, written in the
 * same terms as a `sources` entry of the config so `kpi init` can copy one
 * for a user to adjust.
 */
import type { SourceSpec } from '../../config/schema.js';

/**
 * One part of a preset: a `sources` entry without `files`. A part listing
 * `onlyWithColumns` is used only when the header has all of those columns
 * (a calls report feeds surveys only when it has the rating column).
 */
export type PresetSource = Omit<SourceSpec, 'files'> & { onlyWithColumns?: string[] };

/** Recognition from the header row. */
export interface HeaderSignature {
  /** Columns every export of this kind has; all must be present. */
  required: string[];
  /** The full header the export is known to write; the share present sets the confidence. */
  known: string[];
}

/** Recognition of a header-less file from its first rows. */
export interface ShapeSignature {
  /** The number of fields every row has. */
  fieldCount: number;
  /** Returns the share (0 to 1) of the sampled rows whose values look like this export's. */
  score(rows: readonly (readonly string[])[]): number;
}

export interface Preset {
  /** Stable id, used by `kpi init --preset` and in messages. */
  id: string;
  /** The vendor, e.g. "Talkdesk". */
  system: string;
  /** The export, e.g. "calls report (API field names)". */
  title: string;
  signature: { header: HeaderSignature } | { shape: ShapeSignature };
  /** `sources` entries by the name `kpi init` gives them. */
  sources: Record<string, PresetSource>;
  /** Conventions the preset had to guess, shown by `kpi init` and in docs/presets.md. */
  notes: string[];
}
