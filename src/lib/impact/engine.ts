import type { StoredResource } from '../control-plane/store/types.js';
import type { SeedResource } from '../control-plane/seed.js';
import { Snapshot, inbounds, matchType, selectedDataplanes } from '../control-plane/matching/index.js';
import { dataplaneRules, rulesDocument, RULES_PLUGIN_ORDER } from '../control-plane/matching/rules/index.js';
import { rec, str } from '../control-plane/matching/snapshot.js';
import type { ImpactEngine } from './impact.js';

/*
 * The local control plane's policy matching (src/lib/control-plane/matching), run in-process for
 * `diff --impact`: the same code that answers `GET .../_rules` and `.../_resources/dataplanes`.
 */

interface Resources {
  all: StoredResource[];
  /** One matching snapshot per mesh, built on first use. */
  byMesh: Map<string, Snapshot>;
}

function meshSnapshot(s: Resources, mesh: string): Snapshot {
  let snap = s.byMesh.get(mesh);
  if (!snap) s.byMesh.set(mesh, (snap = new Snapshot(mesh, s.all)));
  return snap;
}

/** The routes stay in every partial document: policies on routes read them. */
const ROUTES = ['MeshHTTPRoute', 'MeshTCPRoute'];

/**
 * The `_rules` document of a proxy restricted to some policy types (what `dataplaneRules` answers,
 * with the other types left out): the types a change cannot touch need not be computed.
 */
function partialRules(snapshot: Snapshot, name: string, types: readonly string[]): Record<string, unknown> | undefined {
  const dp = snapshot.get('Dataplane', name);
  if (!dp) return undefined;
  const list = inbounds(dp);
  const wanted = new Set([...types, ...ROUTES]);
  const inbound = (port: number) => {
    const i = list.find((x) => x.port === port);
    const inboundName = i ? str(i.raw['name']) : '';
    return { ...(inboundName !== '' ? { name: inboundName } : {}), port, tags: i ? i.tags : null };
  };
  const exclusive = str(rec(snapshot.meshResource?.spec['meshServices'])['mode']) === 'Exclusive';
  const matches = RULES_PLUGIN_ORDER.filter((t) => wanted.has(t)).map((t) => matchType(snapshot, t, dp));
  return rulesDocument({ resource: dp, inbound, meshServicesExclusive: exclusive }, matches, { list: (type) => [...snapshot.of(type)] });
}

export const kumaEngine: ImpactEngine<Resources> = {
  snapshot: (resources: readonly SeedResource[]) => ({ all: resources.map((r) => ({ ...r, version: 1 })), byMesh: new Map() }),
  rules: (s, mesh, name, types) => (types === undefined ? dataplaneRules(meshSnapshot(s, mesh), mesh, name) : partialRules(meshSnapshot(s, mesh), name, types)),
  reach: (s, policy) => selectedDataplanes(meshSnapshot(s, policy.mesh), policy.mesh, policy.type, policy.name)?.map((dp) => dp.name),
};
