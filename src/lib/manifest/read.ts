import { readFile, readdir, stat } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { InputError } from '../errors.js';

/** One input text: a file, stdin or a URL, with the name findings will show. */
export interface Source {
  name: string;
  text: string;
  /** Set when the input could not be used as text (binary, too large); `text` is then empty. */
  problem?: string;
}

export interface ReadOptions {
  recursive?: boolean;
  /** Reads stdin; replaceable in tests. */
  stdin?: () => Promise<Buffer | null>;
  /** Timeout for http(s) inputs, in milliseconds (kumactl: 10 s). */
  urlTimeoutMs?: number;
  /** Told about each sub-directory left unread because `recursive` is off. */
  onSkippedDirectory?: (path: string) => void;
}

/** Inputs larger than this are refused before parsing (a clear error rather than a stalled pipeline). */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Read every `-f` argument: files, directories (optionally recursive), `-` for stdin, http(s) URLs. */
export async function readSources(paths: readonly string[], options: ReadOptions = {}): Promise<Source[]> {
  const out: Source[] = [];
  let stdinUsed = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinUsed) throw new InputError('"-" (stdin) can be given only once');
      stdinUsed = true;
      const buf = await (options.stdin ?? readStdin)();
      out.push(buf === null ? { name: '<stdin>', text: '', problem: tooLarge(MAX_INPUT_BYTES + 1) } : decode(buf, '<stdin>'));
    } else if (/^https?:\/\//i.test(p)) {
      out.push(await readUrl(p, options.urlTimeoutMs ?? 10_000));
    } else {
      out.push(...(await readPath(p, options)));
    }
  }
  return out;
}

async function readPath(path: string, options: ReadOptions): Promise<Source[]> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(`${path}: no such file or directory`, 'check the path given to -f');
    if (code === 'EACCES') throw new InputError(`${path}: permission denied`);
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
  if (info.isDirectory()) {
    const files = await listManifestFiles(path, options);
    const sources: Source[] = [];
    for (const f of files) sources.push(...(await readPath(f, options)));
    return sources;
  }
  if (!info.isFile()) throw new InputError(`${path}: not a regular file`);
  if (info.size > MAX_INPUT_BYTES) return [{ name: path, text: '', problem: tooLarge(info.size) }];
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
  return [decode(buf, path)];
}

/** Files ending .yaml/.yml/.json (any case), sorted by full path, as kumactl does; `-R` descends. */
async function listManifestFiles(dir: string, options: ReadOptions): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (options.recursive) await walk(full);
        else options.onSkippedDirectory?.(full);
      } else if (MANIFEST_EXTENSIONS.has(extname(e.name).toLowerCase())) {
        if (e.isFile()) found.push(full);
        else if (e.isSymbolicLink()) {
          const s = await stat(full).catch(() => undefined);
          if (s?.isFile()) found.push(full);
        }
      }
    }
  };
  await walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function readUrl(url: string, timeoutMs: number): Promise<Source> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000}s` : cause?.code ?? cause?.message ?? (err as Error).message;
    throw new InputError(`${url}: could not be read: ${why}`);
  }
  if (res.status !== 200) throw new InputError(`${url}: could not be read: HTTP ${res.status}`);
  const length = Number(res.headers.get('content-length') ?? '0');
  if (length > MAX_INPUT_BYTES) return { name: url, text: '', problem: tooLarge(length) };
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_INPUT_BYTES) return { name: url, text: '', problem: tooLarge(buf.length) };
  return decode(buf, url);
}

/** All of stdin, or null when it exceeds the input limit. */
async function readStdin(): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_INPUT_BYTES) return null;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function tooLarge(bytes: number): string {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  const size = bytes > MAX_INPUT_BYTES && bytes === MAX_INPUT_BYTES + 1 ? `over ${mib(MAX_INPUT_BYTES)}` : mib(bytes);
  return `input too large (${size}; the limit is ${mib(MAX_INPUT_BYTES)}): split it into several files`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text only: a NUL byte or invalid UTF-8 means binary data, reported as the source's problem. */
function decode(buf: Buffer, name: string): Source {
  const nul = buf.indexOf(0);
  if (nul !== -1) return { name, text: '', problem: `binary data (a NUL byte at offset ${nul}); manifests are YAML or JSON text` };
  try {
    const text = utf8.decode(buf);
    return { name, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { name, text: '', problem: 'not valid UTF-8 text; manifests are YAML or JSON text' };
  }
}
