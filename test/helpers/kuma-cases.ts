/**
 * Kuma's own validator unit tests, turned into our fixtures by scripts/kuma-cases/extract.mjs
 * (test/fixtures/kuma-cases/<Type>.json), and the comparison of our verdicts, field paths and
 * messages with Kuma's. Used by test/validation/kuma-cases.test.ts and by scripts/kuma-cases/report.mjs.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { typeByName } from '../../src/lib/resources/registry.js';
import { validateResource, type Strictness, type Violation } from '../../src/lib/validation/index.js';

/** The fixtures; scripts/kuma-cases/report.mjs (which bundles this file elsewhere) names the folder with KUMA_CASES_DIR. */
export const CASES_DIR = process.env.KUMA_CASES_DIR ?? fileURLToPath(new URL('../fixtures/kuma-cases/', import.meta.url));

export interface Expected {
  field: string;
  message: string;
}

export interface KumaCase {
  name: string;
  line: number;
  document: Record<string, unknown>;
  valid: boolean;
  violations: Expected[];
  /** The Go test sets this resource name (the case is about it): keep it when sending the document. */
  nameFromTest?: boolean;
}

export interface CaseFile {
  type: string;
  source: string | string[];
  cases: KumaCase[];
  skipped: { name: string; line: number; reason: string }[];
}

/** A place where a real kuma-cp differs from its unit test; `valid`/`violations` say what kuma-cp does. */
export interface CaseException {
  type: string;
  case: string;
  reason: string;
  valid?: boolean;
  violations?: Expected[];
}

/** What disagrees in one case (nothing: it agrees). */
export interface CaseGaps {
  verdict?: true;
  /** Expected field paths we do not report. */
  fields?: string[];
  /** Expected `field: message` pairs whose field we report with another text (or not at all). */
  messages?: string[];
}

export interface KnownGaps {
  note: string;
  /** validateResource (warn and ignore modes) against Kuma. */
  gaps: Record<string, Record<string, CaseGaps>>;
  /** The local control plane's PUT against Kuma (written by the suite with KUMA_CASES_WRITE_GAPS=1). */
  controlPlane?: Record<string, Record<string, CaseGaps>>;
}

export const KNOWN_GAPS_NOTE =
  "KNOWN GAPS, NOT ACCEPTED DIFFERENCES: where our validation (`gaps`) and the local control plane's PUT (`controlPlane`) still disagree with Kuma 2.14.3's validator tests, so that test/validation/kuma-cases.test.ts fails only for a new disagreement while the missing rules are written. Every entry is a bug to fix; remove it when fixed. Regenerate `gaps` with `node scripts/kuma-cases/report.mjs --write-gaps` and `controlPlane` with `KUMA_CASES_WRITE_GAPS=1 npx vitest run test/validation/kuma-cases.test.ts`. Accepted differences (a real kuma-cp differs from its unit test) belong in exceptions.json instead.";

/** Rewrite one section of known-gaps.json, keeping the other. */
export function writeKnownGaps(section: 'gaps' | 'controlPlane', value: Record<string, Record<string, CaseGaps>>): void {
  const cur = loadKnownGaps();
  const body: KnownGaps = { note: KNOWN_GAPS_NOTE, gaps: section === 'gaps' ? value : cur.gaps, controlPlane: section === 'controlPlane' ? value : (cur.controlPlane ?? {}) };
  writeFileSync(join(CASES_DIR, 'known-gaps.json'), `${JSON.stringify(body, null, 2)}\n`);
}

export function loadCaseFiles(only?: string): CaseFile[] {
  return readdirSync(CASES_DIR)
    .filter((n) => n.endsWith('.json') && !['exceptions.json', 'known-gaps.json', 'not-resources.json'].includes(n))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(CASES_DIR, n), 'utf8')) as CaseFile)
    .filter((f) => !only || f.type.toLowerCase() === only.toLowerCase());
}

export function loadExceptions(): CaseException[] {
  return (JSON.parse(readFileSync(join(CASES_DIR, 'exceptions.json'), 'utf8')) as { exceptions: CaseException[] }).exceptions;
}

export function loadKnownGaps(): KnownGaps {
  try {
    return JSON.parse(readFileSync(join(CASES_DIR, 'known-gaps.json'), 'utf8')) as KnownGaps;
  } catch {
    return { note: '', gaps: {} };
  }
}

/** What Kuma (a real kuma-cp, where an exception says so) expects of a case. */
export function expectationOf(file: CaseFile, c: KumaCase, exceptions: CaseException[]): { valid: boolean; violations: Expected[]; exception?: CaseException } {
  const ex = exceptions.find((e) => e.type === file.type && e.case === c.name);
  if (!ex) return { valid: c.valid, violations: c.violations };
  return { valid: ex.valid ?? c.valid, violations: ex.violations ?? c.violations, exception: ex };
}

export function typeOfDocument(doc: Record<string, unknown>) {
  const t = typeByName(String(doc.type));
  if (!t) throw new Error(`unknown type ${String(doc.type)}`);
  return t;
}

/** Our violations for a case's document (a fresh copy: validation may convert YAML 1.1 booleans in place). */
export function ourViolations(c: KumaCase, strictness: Strictness): Violation[] {
  const doc = structuredClone(c.document);
  return validateResource(typeOfDocument(doc), doc, { strictness });
}

export interface CaseResult {
  verdictAgrees: boolean;
  expectedFields: number;
  fieldsReported: number;
  messagesEqual: number;
  gaps: CaseGaps;
  /** Errors we report on fields Kuma does not name. */
  extra: Expected[];
  got: Expected[];
}

export function compareCase(expected: { valid: boolean; violations: Expected[] }, ours: Violation[]): CaseResult {
  const errors = ours.filter((v) => v.severity === 'error').map((v) => ({ field: v.field, message: v.message }));
  const weRefuse = errors.length > 0;
  const verdictAgrees = weRefuse === !expected.valid;
  let fieldsReported = 0;
  let messagesEqual = 0;
  const gaps: CaseGaps = {};
  for (const e of expected.violations) {
    const sameField = errors.filter((g) => g.field === e.field);
    if (sameField.length > 0) fieldsReported++;
    else (gaps.fields ??= []).push(e.field);
    if (sameField.some((g) => g.message === e.message)) messagesEqual++;
    else (gaps.messages ??= []).push(`${e.field}: ${e.message}`);
  }
  if (!verdictAgrees) gaps.verdict = true;
  const expectedFields = new Set(expected.violations.map((e) => e.field));
  const extra = errors.filter((g) => !expectedFields.has(g.field));
  return { verdictAgrees, expectedFields: expected.violations.length, fieldsReported, messagesEqual, gaps, extra, got: errors };
}

export function hasGaps(g: CaseGaps): boolean {
  return Boolean(g.verdict || g.fields?.length || g.messages?.length);
}

/** The parts of `now` that `known` does not list. */
export function newGaps(now: CaseGaps, known: CaseGaps | undefined): CaseGaps {
  const out: CaseGaps = {};
  if (now.verdict && !known?.verdict) out.verdict = true;
  const f = (now.fields ?? []).filter((x) => !known?.fields?.includes(x));
  if (f.length) out.fields = f;
  const m = (now.messages ?? []).filter((x) => !known?.messages?.includes(x));
  if (m.length) out.messages = m;
  return out;
}

export interface TypeRow {
  type: string;
  cases: number;
  verdict: number;
  expected: number;
  fields: number;
  messages: number;
  extra: number;
  exceptions: number;
  skipped: number;
}

export interface CaseReport {
  file: CaseFile;
  c: KumaCase;
  expected: { valid: boolean; violations: Expected[]; exception?: CaseException };
  result: CaseResult;
}

/** Every case of the given files through validateResource; one row per type plus the per-case results. */
export function runCases(files: CaseFile[], strictness: Strictness = 'warn'): { rows: TypeRow[]; cases: CaseReport[] } {
  const exceptions = loadExceptions();
  const rows: TypeRow[] = [];
  const cases: CaseReport[] = [];
  for (const file of files) {
    const row: TypeRow = { type: file.type, cases: 0, verdict: 0, expected: 0, fields: 0, messages: 0, extra: 0, exceptions: 0, skipped: file.skipped.length };
    for (const c of file.cases) {
      const expected = expectationOf(file, c, exceptions);
      const result = compareCase(expected, ourViolations(c, strictness));
      row.cases++;
      if (result.verdictAgrees) row.verdict++;
      row.expected += result.expectedFields;
      row.fields += result.fieldsReported;
      row.messages += result.messagesEqual;
      if (result.extra.length > 0 && !expected.valid) row.extra++;
      if (expected.exception) row.exceptions++;
      cases.push({ file, c, expected, result });
    }
    rows.push(row);
  }
  return { rows, cases };
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`;
}

/** The per-type table (markdown), with totals. */
export function formatTable(rows: TypeRow[]): string {
  const total: TypeRow = { type: 'TOTAL', cases: 0, verdict: 0, expected: 0, fields: 0, messages: 0, extra: 0, exceptions: 0, skipped: 0 };
  for (const r of rows) for (const k of ['cases', 'verdict', 'expected', 'fields', 'messages', 'extra', 'exceptions', 'skipped'] as const) total[k] += r[k];
  const head = '| type | cases | verdict | fields | messages | extra errors | exceptions | skipped |';
  const sep = '|---|---:|---:|---:|---:|---:|---:|---:|';
  const line = (r: TypeRow) =>
    `| ${r.type} | ${r.cases} | ${r.verdict}/${r.cases} (${pct(r.verdict, r.cases)}) | ${r.fields}/${r.expected} (${pct(r.fields, r.expected)}) | ${r.messages}/${r.expected} (${pct(r.messages, r.expected)}) | ${r.extra} | ${r.exceptions} | ${r.skipped} |`;
  return [head, sep, ...rows.map(line), line(total)].join('\n');
}
