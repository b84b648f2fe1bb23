/* Go's os errors (*PathError) in Go's words, for Node's file errors: `open /x: permission denied`. */

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
};

/** Go's text for the error's errno (syscall.Errno.Error()), or undefined when it is not one of these. */
export function goErrnoText(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code !== undefined && Object.hasOwn(ERRNO_TEXT, code) ? ERRNO_TEXT[code] : undefined;
}

/** `<op> <path>: <errno text>` as Go's *PathError prints; Node's own message for other errors. */
export function goPathError(err: unknown, op: string, path: string): string {
  const why = goErrnoText(err);
  return why !== undefined ? `${op} ${path}: ${why}` : ((err as Error)?.message ?? String(err));
}

/** os.ReadFile's error: `open <path>: ...`, or `read <path>: is a directory`. */
export function goReadFileError(path: string, err: unknown): string {
  const why = goErrnoText(err) ?? (err as Error)?.message ?? String(err);
  return (err as NodeJS.ErrnoException)?.code === 'EISDIR' ? `read ${path}: ${why}` : `open ${path}: ${why}`;
}
