import { parse } from 'yaml';
import { rulesFor } from '../../src/lib/validation/rules/index.js';
import type { Violation } from '../../src/lib/validation/types.js';

/** An error as a rule reports it; `path` only where Kuma's field string is not the document location. */
export const E = (field: string, message: string, path?: Array<string | number>): Violation =>
  path ? { severity: 'error', field, message, path } : { severity: 'error', field, message };

export const W = (field: string, message: string, path?: Array<string | number>): Violation =>
  path ? { severity: 'warning', field, message, path } : { severity: 'warning', field, message };

/** The rules of `type` (as validate/apply and the local control plane run them) on a Universal document with this spec. */
export function runRules(type: string, specYaml: string, labels?: Record<string, string>): Violation[] {
  const rule = rulesFor(type);
  if (!rule) throw new Error(`no rules for ${type}`);
  return rule({ type, name: 'p', mesh: 'default', ...(labels ? { labels } : {}), spec: parse(specYaml) as unknown });
}

export const CONSUMER = { 'kuma.io/policy-role': 'consumer' };
