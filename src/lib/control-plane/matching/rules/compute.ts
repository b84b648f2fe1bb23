/*
 * Reading resource rules the way kuma-cp's inspection endpoints and xDS generators do
 * (pkg/plugins/policies/core/rules/outbound: ResourceRules.Compute and ResourceContext): the rule of
 * an outbound, a route, or the mesh they fall back to.
 */
import { isRecord } from '../../../json.js';
import { kriString, noSection, type Kri } from '../kri.js';
import { hashMatches, type Origin, type ResourceRule } from './build.js';
import { identityOf } from './policy.js';

/** Resource rules by the KRI (with section) of the resource they are for, and the mesh's rule. */
export interface ResourceRuleIndex {
  byKri: ReadonlyMap<string, ResourceRule>;
  /** The rule of the proxy's mesh (`to` entries with `kind: Mesh`), if any. */
  mesh: ResourceRule | undefined;
}

export function indexResourceRules(rules: readonly ResourceRule[], mesh: string): ResourceRuleIndex {
  const byKri = new Map<string, ResourceRule>();
  let meshRule: ResourceRule | undefined;
  for (const r of rules) {
    byKri.set(identityOf(r.resourceType, r.resource, r.sectionName), r);
    if (r.resourceType === 'Mesh' && r.resource.name === mesh) meshRule = r;
  }
  return { byKri, mesh: meshRule };
}

const SECTIONED = new Set(['MeshService', 'MeshExternalService', 'MeshMultiZoneService', 'MeshHTTPRoute']);

/** Kuma's ResourceRules.Compute: the rule of the KRI, else of its resource without section, else of its mesh. */
export function computeResourceRule(index: ResourceRuleIndex, id: Kri): ResourceRule | undefined {
  const hit = index.byKri.get(kriString(id));
  if (hit) return hit;
  if (!SECTIONED.has(id.type)) return undefined;
  if (id.sectionName !== '') return computeResourceRule(index, noSection(id));
  return index.mesh;
}

/** Kuma's ResourceContext: the first identifier (most specific first) that has a rule, else the mesh's. */
export function contextResourceRule(index: ResourceRuleIndex, ids: readonly Kri[]): ResourceRule | undefined {
  for (const id of ids) {
    const hit = index.byKri.get(kriString(id));
    if (hit) return hit;
  }
  return index.mesh;
}

/**
 * For a MeshHTTPRoute resource rule: per rule `matches` (by hashMatches), the `to` entry it comes
 * from; when several entries have equal matches the most specific (the last origin) wins.
 */
export function routeRuleOrigins(rule: ResourceRule): Map<string, Origin> {
  const out = new Map<string, Origin>();
  for (const o of rule.origin) {
    const to = Array.isArray(o.policy.spec['to']) ? o.policy.spec['to'][o.ruleIndex] : undefined;
    const rules = isRecord(to) && Array.isArray(to['rules']) ? to['rules'] : [];
    for (const r of rules) out.set(matchesKey(isRecord(r) ? r['matches'] : undefined), o);
  }
  return out;
}

/** The key of a route rule's `matches` in routeRuleOrigins (absent matches are the empty list). */
export function matchesKey(matches: unknown): string {
  return hashMatches(Array.isArray(matches) ? matches : []);
}
