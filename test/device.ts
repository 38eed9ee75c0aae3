/**
 * Character devices made in a temporary folder, for tests of output that goes
 * to a device. A test that named /dev/null or /dev/full itself would, if kpi
 * regressed to renaming a finished file over its target, replace the
 * machine's own device, and CI runs as root, which may do that.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Linux's device numbers (major 1): /dev/null discards writes, /dev/full fails them with ENOSPC. */
const MINOR = { null: 3, full: 7 } as const;

/**
 * Returns the path of a new device that behaves as /dev/null or /dev/full,
 * or null where one cannot be made (no root, no mknod, or a folder mounted
 * without devices).
 */
export function makeDevice(kind: keyof typeof MINOR): string | null {
  const path = join(mkdtempSync(join(tmpdir(), 'kpi-device-')), kind);
  const mknod = spawnSync('mknod', [path, 'c', '1', String(MINOR[kind])], { stdio: 'ignore' });
  if (mknod.status !== 0) return null;

  try {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, 'x');
      if (kind === 'full') return null;
    } catch (error) {
      if (kind !== 'full' || (error as NodeJS.ErrnoException).code !== 'ENOSPC') return null;
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  return path;
}
