/**
 * MeshProxyPatch semantic rules (Kuma 2.14.3, pkg/plugins/policies/meshproxypatch/api/v1alpha1/validator.go):
 * top-level targetRef by policy role, then each `default.appendModifications` entry: exactly one modification, its
 * operation, match, value and JSON patches.
 *
 * Native Envoy values are checked by envoy-resource.ts (decoding, and for Add operations the message's own checks
 * that we emulate).
 */
import type { Violation } from '../types.js';
import { envoyResourceProblem, type EnvoyMessage } from '../envoy-resource.js';
import { asArray, asRecord, isSet, K, Loc, specOf, topLevelKindDeprecationWarnings, type Obj } from './policy-common.js';
import { validateTopLevelTargetRef } from './targetref.js';
import { validateJsonPatchBlock } from './jsonpatch.js';

const TOP_KINDS_SYSTEM = [K.Mesh, K.MeshSubset, K.MeshService, K.MeshServiceSubset, K.MeshGateway, K.Dataplane];
const TOP_KINDS_OTHER = [K.Mesh, K.MeshSubset, K.Dataplane, K.MeshService, K.MeshServiceSubset];
const MODS = ['cluster', 'listener', 'virtualHost', 'networkFilter', 'httpFilter'] as const;
type Mod = (typeof MODS)[number];
const MESSAGE: Record<Mod, EnvoyMessage> = { cluster: 'Cluster', listener: 'Listener', virtualHost: 'VirtualHost', networkFilter: 'Filter', httpFilter: 'HttpFilter' };

const BEFORE_ERR = 'must be defined. You need to pick a filter before which this one will be added';
const AFTER_ERR = 'must be defined. You need to pick a filter after which this one will be added';
const RESOURCE_OPS = ['Add', 'Patch', 'Remove'];
const FILTER_OPS = ['AddFirst', 'AddLast', 'AddBefore', 'AddAfter', 'Patch', 'Remove'];

export function validateMeshProxyPatch(doc: Record<string, unknown>): Violation[] {
  const spec = specOf(doc);
  const root = Loc.of('spec');
  const out: Violation[] = [];
  out.push(...validateTopLevelTargetRef(doc, spec, { kinds: { system: TOP_KINDS_SYSTEM, other: TOP_KINDS_OTHER }, listenerTags: false }));
  const ml = root.f('default').f('appendModifications');
  const mods = asArray(asRecord(spec.default)?.appendModifications);
  if (mods.length === 0) out.push(ml.err('must not be empty'));
  mods.forEach((m, i) => {
    const mod = asRecord(m) ?? {};
    const l = ml.i(i);
    const present = MODS.filter((k) => isSet(mod, k));
    if (present.length !== 1) {
      out.push(l.err(`exactly one modification can be defined at a time. Currently, ${present.length} modifications are defined`));
      return;
    }
    const kind = present[0]!;
    out.push(...validateMod(kind, asRecord(mod[kind]) ?? {}, l.f(kind)));
  });
  return [...out, ...topLevelKindDeprecationWarnings(spec)];
}

function validateMod(kind: Mod, mod: Obj, loc: Loc): Violation[] {
  const out: Violation[] = [];
  const op = typeof mod.operation === 'string' ? mod.operation : '';
  const hasValue = typeof mod.value === 'string';
  const matchName = isSet(asRecord(mod.match), 'name');
  const filter = kind === 'networkFilter' || kind === 'httpFilter';
  const ops = filter ? FILTER_OPS : RESOURCE_OPS;
  if (!ops.includes(op)) {
    return [loc.f('operation').err(`invalid operation. Available operations: ${ops.map((o) => JSON.stringify(o)).join(', ')}`)];
  }
  switch (op) {
    case 'Add':
      if (kind === 'virtualHost') {
        if (matchName) out.push(loc.f('match').f('name').err('must not be defined'));
      } else if (isSet(mod, 'match')) out.push(loc.f('match').err('must not be defined'));
      out.push(...resourceValue(kind, mod, loc.f('value')));
      break;
    case 'AddFirst':
    case 'AddLast':
      out.push(...resourceValue(kind, mod, loc.f('value')));
      break;
    case 'AddBefore':
    case 'AddAfter':
      if (!matchName) out.push(loc.f('match').f('name').err(op === 'AddBefore' ? BEFORE_ERR : AFTER_ERR));
      out.push(...resourceValue(kind, mod, loc.f('value')));
      break;
    case 'Patch':
      if (filter && !matchName) out.push(loc.f('match').f('name').err('must be defined'));
      out.push(...patch(kind, mod, loc));
      break;
    case 'Remove':
      if (hasValue) out.push(loc.f('value').err('must not be defined'));
  }
  return out;
}

function resourceValue(kind: Mod, mod: Obj, loc: Loc): Violation[] {
  if (typeof mod.value !== 'string') return [loc.err('must be defined')];
  const problem = envoyResourceProblem(MESSAGE[kind], mod.value, true);
  return problem === null ? [] : [loc.err(`native Envoy resource is not valid: ${problem}`)];
}

function patch(kind: Mod, mod: Obj, loc: Loc): Violation[] {
  const patches = asArray(mod.jsonPatches);
  if (typeof mod.value === 'string') {
    if (patches.length > 0) return [loc.err(`${kind} must have only one type defined: value, jsonPatches`)];
    const problem = envoyResourceProblem(MESSAGE[kind], mod.value, false);
    return problem === null ? [] : [loc.f('value').err(`native Envoy resource is not valid: ${problem}`)];
  }
  if (patches.length > 0) return validateJsonPatchBlock(patches, loc.f('jsonPatches'));
  return [loc.err(`${kind} must have exactly one defined: value, jsonPatches`)];
}
