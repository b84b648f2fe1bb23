/** Atomic file writing (the config file: readers never see half a file, a crash leaves the old one). */
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes `text` to `path` atomically: a temp file in the same directory (mode 0600, fsynced), then a
 * rename over the target; a symlinked path (dotfiles) is written through, not replaced by a regular file.
 */
export function writeFileAtomic(path: string, text: string): void {
  const target = followSymlinks(path);
  const dir = dirname(target);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.kumactl-config.tmp`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A symlinked config file (dotfiles) is written through, not replaced by a regular file. */
function followSymlinks(path: string): string {
  let p = resolvePath(path);
  for (let i = 0; i < 40; i++) {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = resolvePath(dirname(p), readlinkSync(p));
  }
  return p;
}
