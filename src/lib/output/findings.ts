import type { Finding, LoadResult } from '../manifest/load.js';

/**
 * `FILE:LINE:COL: error|warning: FIELD: MESSAGE[; HINT] (Type "name" in mesh "m")`; under a line that
 * already names the resource (apply's failure line, for the control plane's invalid_parameters),
 * indented and without severity or resource: `  FILE:LINE:COL: FIELD: MESSAGE`.
 */
export function formatFinding(f: Finding): string {
  return printable(`${where(f)}: ${f.severity}: ${body(f)}${describeResource(f)}`);
}

export function formatFindingUnderResource(f: Finding): string {
  return `  ${printable(`${where(f)}: ${body(f)}`)}`;
}

function where(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}`;
}

function body(f: Finding): string {
  const field = f.field ? `${shorten(f.field, 200)}: ` : '';
  const hint = f.hint ? `; ${shorten(f.hint, 200)}` : '';
  return `${field}${shorten(f.message, 2000)}${hint}`;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * One finding, one line, and nothing the terminal would act on: control characters (escape sequences,
 * newlines) and bidirectional overrides from names, keys and values are shown escaped, as Go's %q does.
 */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return ESCAPES[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

function describeResource(f: Finding): string {
  if (f.type === undefined) return '';
  const mesh = f.mesh !== undefined && f.severity !== 'info' ? ` in mesh "${f.mesh}"` : '';
  return ` (${f.type} "${shorten(f.name ?? '')}"${mesh})`;
}

/** A name or message that would flood the terminal is cut, with its length said. */
function shorten(text: string, limit = 100): string {
  return text.length > limit ? `${text.slice(0, Math.min(limit, 200) - 40)}... (${text.length} characters)` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface Counts {
  errors: number;
  warnings: number;
}

export function countFindings(findings: readonly Finding[]): Counts {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

/** The closing line of `validate`: what was read and what was found. */
export function summaryLine(result: LoadResult): string {
  const { errors, warnings } = countFindings(result.findings);
  const meshes = new Set(result.resources.map((r) => r.mesh).filter((m): m is string => m !== undefined));
  for (const r of result.resources) if (r.type.name === 'Mesh' && r.name) meshes.add(r.name);
  const what = `${plural(result.resources.length, 'resource')} in ${plural(result.inputs, 'input')}${meshes.size > 0 ? ` (${plural(meshes.size, 'mesh')})`.replace('meshs', 'meshes') : ''}`;
  const verdict = errors > 0 ? 'invalid' : 'valid';
  return `${verdict}: ${what}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** The machine form of `validate`. */
export function validationJson(result: LoadResult): object {
  const { errors } = countFindings(result.findings);
  return {
    valid: errors === 0,
    resources: result.resources.map((r) => ({ file: r.file, line: r.line, type: r.type.name, name: r.name, mesh: r.mesh ?? null })),
    workloads: result.memberships.map((m) => ({ kind: m.workload.workloadKind, namespace: m.workload.namespace, name: m.workload.name, mesh: m.mesh })),
    kubernetesOnly: result.kubernetesOnly.map((k) => ({ file: k.file, line: k.line, kind: k.kind, namespace: k.namespace ?? null, name: k.name })),
    findings: result.findings.filter((f) => f.severity !== 'info').map(findingJson),
  };
}

/** One finding in the machine forms of `validate` and `apply`. */
export function findingJson(f: Finding): object {
  return { severity: f.severity, file: f.file, line: f.line, column: f.column, type: f.type ?? null, name: f.name ?? null, mesh: f.mesh ?? null, field: f.field, message: f.message, ...(f.hint ? { hint: f.hint } : {}) };
}

/** An error that stopped the reading before any finding (an input that cannot be read), as a finding. */
export function errorFindingJson(message: string): object {
  return { severity: 'error', file: null, line: null, column: null, type: null, name: null, mesh: null, field: '', message };
}
