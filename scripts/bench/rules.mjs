// `_rules` of a proxy against a plain GET of a proxy, on the same local control plane (built code,
// dist/): a mesh with 1,000 proxies, 50 MeshServices and 500 MeshTimeouts (Mesh, MeshSubset,
// MeshService and Dataplane targetRefs; `to` and `from` entries). Each round asks about another proxy
// (GET, then _rules). Prints the median of N of each, their ratio, and the in-process rule
// computation (dataplaneRules over the mesh snapshot) per proxy.
//
//   node scripts/bench/rules.mjs [N=40] [proxies=1000] [policies=500]
import { performance } from 'node:perf_hooks';
import { median } from './proc.mjs';
import { startControlPlane } from '../../dist/lib/control-plane/index.js';
import { seedResources } from '../../dist/lib/control-plane/seed.js';
import { meshSnapshot } from '../../dist/lib/control-plane/inspect-routes.js';
import { dataplaneRules } from '../../dist/lib/control-plane/matching/index.js';

const N = Number(process.argv[2] ?? 40);
const PROXIES = Number(process.argv[3] ?? 1000);
const POLICIES = Number(process.argv[4] ?? 500);
const MESH = 'bench-rules';
const SERVICES = 50;

const docs = [{ type: 'Mesh', name: MESH }];
for (let s = 0; s < SERVICES; s++) {
  docs.push({ type: 'MeshService', mesh: MESH, name: `svc-${s}`, labels: { 'kuma.io/display-name': `svc-${s}` }, spec: { selector: { dataplaneTags: { 'kuma.io/service': `svc-${s}` } }, ports: [{ name: 'http', port: 8080, appProtocol: 'http' }] } });
}
for (let i = 0; i < PROXIES; i++) {
  const svc = `svc-${i % SERVICES}`;
  docs.push({
    type: 'Dataplane',
    mesh: MESH,
    name: `dp-${String(i).padStart(4, '0')}`,
    labels: { app: svc, zone: `z${i % 3}` },
    networking: { address: `10.0.${Math.floor(i / 250)}.${i % 250}`, inbound: [{ port: 8080, name: 'http', tags: { 'kuma.io/service': svc, version: `v${i % 4}` } }] },
  });
}
const timeout = (k) => ({ idleTimeout: `${(k % 30) + 1}m`, http: { requestTimeout: `${(k % 10) + 1}s` } });
for (let k = 0; k < POLICIES; k++) {
  const svc = `svc-${k % SERVICES}`;
  const targetRef = [{ kind: 'Mesh' }, { kind: 'MeshSubset', tags: { version: `v${k % 4}` } }, { kind: 'Dataplane', labels: { app: svc } }, { kind: 'MeshService', name: svc }][k % 4];
  const to = k % 2 === 0 ? { kind: 'Mesh' } : { kind: 'MeshService', name: `svc-${(k * 7) % SERVICES}` };
  docs.push({
    type: 'MeshTimeout',
    mesh: MESH,
    name: `timeout-${String(k).padStart(4, '0')}`,
    spec: { targetRef, to: [{ targetRef: to, default: timeout(k) }], ...(k % 5 === 0 ? { from: [{ targetRef: { kind: 'Mesh' }, default: timeout(k + 1) }] } : {}) },
  });
}

const cp = await startControlPlane({ port: 0, seed: seedResources(docs), keyPoolSize: 0 });
// a different proxy each round, so that neither answer comes from a cache of that proxy's
const proxyAt = (i) => `dp-${String((Math.floor(PROXIES / 2) + i * 37) % PROXIES).padStart(4, '0')}`;
const rulesUrl = (i) => `${cp.url}/meshes/${MESH}/dataplanes/${proxyAt(i)}/_rules`;
const getUrl = (i) => `${cp.url}/meshes/${MESH}/dataplanes/${proxyAt(i)}`;

async function time(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
  return performance.now() - t0;
}

try {
  for (let i = 0; i < 3; i++) {
    await time(getUrl(-1 - i));
    await time(rulesUrl(-1 - i));
  }
  const gets = [];
  const rules = [];
  for (let i = 0; i < N; i++) {
    // alternate, so that noise from other processes falls on both
    gets.push(await time(getUrl(i)));
    rules.push(await time(rulesUrl(i)));
  }
  const inProcess = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    dataplaneRules(meshSnapshot(cp.engine, MESH), MESH, `dp-${String((i * 37) % PROXIES).padStart(4, '0')}`);
    inProcess.push(performance.now() - t0);
  }
  const g = median(gets);
  const r = median(rules);
  console.log(`mesh: ${PROXIES} proxies, ${SERVICES} MeshServices, ${POLICIES} MeshTimeouts; median of ${N}`);
  console.log(`GET  /meshes/${MESH}/dataplanes/{proxy}          ${g.toFixed(2)} ms`);
  console.log(`GET  /meshes/${MESH}/dataplanes/{proxy}/_rules   ${r.toFixed(2)} ms`);
  console.log(`ratio _rules / GET (medians)                     ${(r / g).toFixed(1)}x`);
  console.log(`ratio _rules / GET (median of pairs)             ${median(rules.map((x, i) => x / gets[i])).toFixed(1)}x`);
  console.log(`in-process dataplaneRules (snapshot + rules)     ${median(inProcess).toFixed(2)} ms per proxy`);
} finally {
  await cp.close();
}
