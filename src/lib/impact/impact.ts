import { sameJson } from '../json.js';
import { formatYaml } from '../output/yaml.js';
import { unifiedDiff } from '../plan/diff.js';
import { typeByName } from '../resources/registry.js';
import type { SeedResource } from '../control-plane/seed.js';
import { placesOf, policyId, ruleCovering, warningsOf, type Place, type PlaceKind } from './places.js';

/*
 * `diff --impact`: the rules every proxy of the touched meshes gets before and after a change, compared
 * place by place (the whole proxy, each inbound, outbound and route), computed in-process from a
 * snapshot of the meshes: nothing is written anywhere. The matching itself is Kuma's (the local control
 * plane's engine), reached through `ImpactEngine`.
 */

/** What the impact needs from the policy-matching engine. */
export interface ImpactEngine<S = unknown> {
  /** An in-memory snapshot of resources the other two functions read. */
  snapshot(resources: readonly SeedResource[]): S;
  /**
   * kuma-cp's `_rules` document of one proxy; with `types`, only those policy types' entries (the
   * others could not change).
   */
  rules(snapshot: S, mesh: string, dataplane: string, types?: readonly string[]): unknown;
  /**
   * The names of the proxies a policy's top-level targetRef selects in the snapshot (only those can
   * get rules from it), or undefined when that cannot be told (then every proxy of the mesh is
   * recomputed).
   */
  reach?(snapshot: S, policy: SeedResource): readonly string[] | undefined;
}

export type ChangeAction = 'create' | 'update' | 'unchanged';

export interface ChangedResource {
  type: string;
  mesh: string | null;
  name: string;
  action: ChangeAction;
}

export interface RuleState {
  conf: unknown;
  origins: string[];
}

export interface PlaceChange {
  policyType: string;
  kind: PlaceKind;
  place: string;
  /**
   * When the place exists on one side only: the rule the same traffic is under on the other side
   * (`before`/`after` then hold that rule), e.g. the catch-all `outbound to everything`.
   */
  comparedWith?: string;
  /** Which side has the place itself: a rule that appears, goes, or is on both. */
  placeOn: 'both' | 'after' | 'before';
  /** The changed resources among the policies this place's conf comes from (before or after). */
  causes: string[];
  before: RuleState | null;
  after: RuleState | null;
  /** False when only the list of contributing policies changed (e.g. a policy that is overridden everywhere). */
  confChanged: boolean;
  /** Unified diff of the conf as YAML ('' when the conf is the same). */
  diff: string;
}

export interface ProxyImpact {
  mesh: string;
  name: string;
  /** `new` when the change creates the proxy itself. */
  status: 'changed' | 'new';
  changes: PlaceChange[];
}

export interface ImpactReport {
  resources: ChangedResource[];
  meshes: string[];
  proxies: ProxyImpact[];
  /** Proxies in the touched meshes, and how many of them had their rules computed. */
  proxiesInMeshes: number;
  proxiesExamined: number;
}

const ROUTE_TYPES = new Set(['MeshHTTPRoute', 'MeshTCPRoute', 'MeshGRPCRoute']);

const key = (r: { type: string; mesh: string; name: string }) => `${r.type}\u0000${r.mesh}\u0000${r.name}`;
const idOf = (r: { type: string; mesh: string; name: string }) => policyId(r.type, r.mesh, r.name);

/** `live` with `changes` written over it (same type, mesh and name: replaced), as applying would leave the store. */
export function overlay(live: readonly SeedResource[], changes: readonly SeedResource[]): SeedResource[] {
  const byKey = new Map(changes.map((c) => [key(c), c]));
  const out = live.map((r) => byKey.get(key(r)) ?? r);
  const known = new Set(live.map(key));
  for (const c of changes) if (!known.has(key(c))) out.push(c);
  return out;
}

function yamlOf(conf: unknown): string {
  return conf === undefined ? '' : formatYaml(conf);
}

/** Compare two proxies' places: what changed, and which of the changed resources caused it. */
export function comparePlaces(
  before: Place[],
  after: Place[],
  changedIds: ReadonlySet<string>,
  fallbackCauses: (policyType: string) => string[],
  diffs: Map<string, string> = new Map(),
): PlaceChange[] {
  const b = new Map(before.map((p) => [p.key, p]));
  const a = new Map(after.map((p) => [p.key, p]));
  const keys = [...after.map((p) => p.key), ...before.map((p) => p.key).filter((k) => !a.has(k))];
  const out: PlaceChange[] = [];
  for (const k of new Set(keys)) {
    // a rule that appears (or goes) on one side: compared with the rule that traffic is under on the other
    const pb = b.get(k) ?? ruleCovering(a.get(k)!, before);
    const pa = a.get(k) ?? ruleCovering(b.get(k)!, after);
    const confChanged = !sameJson(pb?.conf, pa?.conf) || (pb === undefined) !== (pa === undefined);
    const originsChanged = !sameJson(pb?.origins ?? [], pa?.origins ?? []);
    if (!confChanged && !originsChanged) continue;
    const p = (a.has(k) ? pa : pb)!;
    const involved = new Set([...(pb?.origins ?? []), ...(pa?.origins ?? [])]);
    let causes = [...involved].filter((id) => changedIds.has(id));
    if (causes.length === 0) causes = fallbackCauses(p.policyType);
    // many proxies get the same change: each pair of confs is printed and diffed once
    let diff = '';
    if (confChanged) {
      const id = `${JSON.stringify(pb?.conf) ?? ''}\u0000${JSON.stringify(pa?.conf) ?? ''}`;
      diff = diffs.get(id) ?? unifiedDiff(yamlOf(pb?.conf), yamlOf(pa?.conf), { from: 'before', to: 'after' });
      diffs.set(id, diff);
    }
    const other = a.has(k) ? pb : pa;
    out.push({
      policyType: p.policyType,
      kind: p.kind,
      place: p.label,
      ...(other && other.key !== k ? { comparedWith: other.label } : {}),
      placeOn: a.has(k) && b.has(k) ? 'both' : a.has(k) ? 'after' : 'before',
      causes,
      before: pb ? { conf: pb.conf, origins: pb.origins } : null,
      after: pa ? { conf: pa.conf, origins: pa.origins } : null,
      confChanged,
      diff,
    });
  }
  return out;
}

/**
 * The impact of writing `changes` over `live` (the current resources of the meshes they touch). Only
 * the proxies whose rules can change are recomputed: when every changed resource of a mesh is a
 * targetRef policy, the proxies its old or new version selects; otherwise (a Dataplane, a Mesh, a
 * MeshService, ... changed) every proxy of the mesh.
 */
export function computeImpact<S>(engine: ImpactEngine<S>, live: readonly SeedResource[], input: ReadonlyArray<{ resource: SeedResource; action: ChangeAction }>): ImpactReport {
  const liveByKey = new Map(live.map((r) => [key(r), r]));
  const resources: ChangedResource[] = input.map(({ resource: c, action }) => ({ type: c.type, mesh: c.type === 'Mesh' || c.mesh === '' ? null : c.mesh, name: c.name, action }));
  const real = input.filter((c) => c.action !== 'unchanged').map((c) => c.resource);
  const meshes = [...new Set(input.map(({ resource: c }) => (c.type === 'Mesh' ? c.name : c.mesh)).filter((m) => m !== ''))].sort();
  const after = overlay(live, real);
  const before = live;
  const sBefore = engine.snapshot(before);
  const sAfter = engine.snapshot(after);
  const changedIds = new Set(real.map(idOf));

  const proxies: ProxyImpact[] = [];
  const diffs = new Map<string, string>();
  let inMeshes = 0;
  let examined = 0;
  for (const mesh of meshes) {
    const names = (rs: readonly SeedResource[]) => new Set(rs.filter((r) => r.type === 'Dataplane' && r.mesh === mesh).map((r) => r.name));
    const namesBefore = names(before);
    const namesAfter = names(after);
    const all = [...new Set([...namesAfter, ...namesBefore])].sort();
    inMeshes += all.length;
    const inMesh = real.filter((c) => (c.type === 'Mesh' ? c.name : c.mesh) === mesh);
    if (inMesh.length === 0) continue;
    // incremental: a policy reaches only the proxies its top-level targetRef selects (before or after)
    let candidates: string[] = all;
    if (engine.reach && inMesh.every((c) => typeByName(c.type)?.policy !== undefined)) {
      const reached = new Set<string>();
      let known = true;
      for (const c of inMesh) {
        const was = liveByKey.get(key(c));
        for (const [snap, version] of [[sBefore, was], [sAfter, c]] as const) {
          if (!version) continue;
          const r = engine.reach(snap, version);
          if (r === undefined) known = false;
          else for (const n of r) reached.add(n);
        }
      }
      if (known) candidates = all.filter((n) => reached.has(n));
    }
    const meshChanged = inMesh.map(idOf);
    // only the changed policy types' rules can change, unless a route changed (policies target routes)
    const policyTypes = [...new Set(inMesh.map((c) => c.type))];
    const onlyPolicies = inMesh.every((c) => typeByName(c.type)?.policy?.isTargetRef === true && !ROUTE_TYPES.has(c.type));
    const types = onlyPolicies ? policyTypes : undefined;
    for (const name of candidates) {
      examined++;
      const docBefore = namesBefore.has(name) ? engine.rules(sBefore, mesh, name, types) : undefined;
      const docAfter = namesAfter.has(name) ? engine.rules(sAfter, mesh, name, types) : undefined;
      const ownDataplane = policyId('Dataplane', mesh, name);
      const fallback = (policyType: string) => {
        if (changedIds.has(ownDataplane)) return [ownDataplane];
        const same = meshChanged.filter((id) => id.startsWith(`${policyType}/`));
        return same.length > 0 ? same : meshChanged;
      };
      const changes = comparePlaces(docBefore === undefined ? [] : placesOf(docBefore), docAfter === undefined ? [] : placesOf(docAfter), changedIds, fallback, diffs);
      if (changes.length === 0) continue;
      proxies.push({ mesh, name, status: docBefore === undefined ? 'new' : 'changed', changes });
    }
  }
  return { resources, meshes, proxies, proxiesInMeshes: inMeshes, proxiesExamined: examined };
}

export { warningsOf };
