// Bench rows of policy matching (issue 18): the rules of one proxy in a mesh with 1,000 proxies and
// 500 policies against a plain GET of that proxy on the same control plane; `kumactl diff --impact`
// of one mesh-wide policy over those 1,000 proxies against the plain `kumactl diff` of the same file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRates, load } from './cp-load.mjs';

const MESH = 'impact-bench';
const SERVICES = 50;

/** The seed: a Mesh, 1,000 proxies over 50 services, 500 policies of four types and three selections. */
export function impactSeed(proxies = 1000, policies = 500) {
  const docs = [`type: Mesh\nname: ${MESH}\n`];
  for (let i = 0; i < proxies; i++) {
    const svc = `svc-${i % SERVICES}`;
    docs.push(
      `type: Dataplane\nmesh: ${MESH}\nname: dp-${String(i).padStart(4, '0')}\nlabels:\n  app: ${svc}\n  tier: t${i % 5}\nnetworking:\n  address: 10.${(i >> 8) & 255}.${i & 255}.1\n  inbound:\n    - port: 8080\n      tags:\n        kuma.io/service: ${svc}\n        kuma.io/protocol: http\n`,
    );
  }
  const types = ['MeshTimeout', 'MeshRetry', 'MeshCircuitBreaker', 'MeshHealthCheck'];
  const confs = {
    MeshTimeout: (i) => `http:\n          requestTimeout: ${1 + (i % 60)}s`,
    MeshRetry: (i) => `http:\n          numRetries: ${1 + (i % 5)}`,
    MeshCircuitBreaker: (i) => `connectionLimits:\n          maxConnections: ${100 + i}`,
    MeshHealthCheck: (i) => `interval: ${5 + (i % 10)}s\n        timeout: 2s\n        unhealthyThreshold: 3\n        healthyThreshold: 1`,
  };
  for (let i = 0; i < policies; i++) {
    const type = types[i % types.length];
    const sel = i % 3;
    const top = sel === 0 ? 'kind: Mesh' : sel === 1 ? `kind: Dataplane\n    labels:\n      app: svc-${i % SERVICES}` : `kind: Dataplane\n    labels:\n      tier: t${i % 5}`;
    docs.push(
      `type: ${type}\nmesh: ${MESH}\nname: p-${String(i).padStart(3, '0')}\nspec:\n  targetRef:\n    ${top}\n  to:\n    - targetRef:\n        kind: MeshService\n        name: svc-${(i * 7) % SERVICES}\n      default:\n        ${confs[type](i)}\n`,
    );
  }
  return docs.join('---\n');
}

/** The change `diff --impact` reviews: a new mesh-wide MeshTimeout, which reaches every proxy. */
export function impactChange() {
  return `type: MeshTimeout\nmesh: ${MESH}\nname: everyone-slower\nspec:\n  targetRef:\n    kind: Mesh\n  to:\n    - targetRef:\n        kind: Mesh\n      default:\n        http:\n          requestTimeout: 90s\n`;
}

/**
 * Adds the rows to the bench's table. `h`: run.mjs's helpers (NODE, BIN, work, startServer, stop, median,
 * compare, record).
 */
export async function impactRows(h) {
  const seedFile = join(h.work, 'impact-seed.yaml');
  const changeFile = join(h.work, 'impact-change.yaml');
  writeFileSync(seedFile, impactSeed());
  writeFileSync(changeFile, impactChange());
  const cp = await h.startServer([h.NODE, h.BIN, 'control-plane', 'run', '--port', '0', '--seed', seedFile]);
  try {
    const proxy = `${cp.url}/meshes/${MESH}/dataplanes/dp-0500`;
    // one request at a time: the time of one answer (ms per request = 1000 / rate)
    const rate = (u) => () => load({ url: u, method: 'GET', connections: 1 });
    const r = await compareRates(rate(`${proxy}/_rules`), rate(proxy), 3, h.median);
    h.record('rules of one proxy (1,000 proxies, 500 policies)', 'GET of the proxy:', { a: 1000 / r.a, b: 1000 / r.b, ratio: r.b / r.a });
    const impact = { argv: [h.NODE, h.BIN, 'diff', '--impact', '-f', changeFile, '--no-config', '--cp-address', cp.url], opts: { allowFail: true } };
    const plain = { argv: [h.NODE, h.BIN, 'diff', '-f', changeFile, '--no-config', '--cp-address', cp.url], opts: { allowFail: true } };
    h.record('diff --impact, one mesh-wide policy over 1,000 proxies', 'plain diff:', h.compare(impact, plain, 3));
  } finally {
    await h.stop(cp.child);
  }
}
