import { RESOURCE_TYPES } from '../resources/registry.js';
import { defaultPolicies } from '../control-plane/defaults.js';
import { closest } from '../text.js';
import type { Strictness, Violation } from './types.js';

const POLICY_TYPES = RESOURCE_TYPES.filter((t) => t.category === 'policy' || t.category === 'legacy-policy').map((t) => t.name);
const DEFAULT_TYPES = new Set<string>(defaultPolicies('m').map((p) => p.type));

/**
 * A Mesh's `skipCreatingInitialPolicies` entries that kuma-cp would silently ignore: neither a policy
 * type (compared as written) nor "*". kuma-cp accepts them, so, like unknown fields, they are errors
 * only with --validate strict, warnings with warn, and nothing with ignore.
 */
export function checkInitialPolicies(value: Record<string, unknown>, strictness: Strictness): Violation[] {
  const skip = value.skipCreatingInitialPolicies;
  if (strictness === 'ignore' || !Array.isArray(skip)) return [];
  const out: Violation[] = [];
  skip.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry === '*' || POLICY_TYPES.includes(entry)) return;
    const meant = closest(entry, POLICY_TYPES);
    const message = meant
      ? `unknown policy type ${JSON.stringify(entry)}; Kuma ignores it${DEFAULT_TYPES.has(meant) ? ' and creates that default policy anyway' : ''}`
      : `unknown policy type ${JSON.stringify(entry)} (a policy type such as "MeshTimeout", or "*" for all of them); Kuma ignores it`;
    const severity = strictness === 'strict' ? 'error' : 'warning';
    out.push({ severity, field: `skipCreatingInitialPolicies[${i}]`, message, path: ['skipCreatingInitialPolicies', i], ...(meant ? { hint: `did you mean ${JSON.stringify(meant)}?` } : {}) });
  });
  return out;
}
